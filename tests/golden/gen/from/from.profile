# --from in a profile is relative to the profile
from = base.xml
timezone = W. Europe Standard Time
agent-version = 2.0.1643
