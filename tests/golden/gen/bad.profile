# an option that describes how to run, not what to write
timezone = UTC
output = /tmp
