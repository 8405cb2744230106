# switch values and agent-config.yml --set in a profile
wallpaper = C:\Images\w.jpg
dns-suffix = corp.example.com
set = agent-config.yml/preReady/setWallpaper/attributes=hostName
