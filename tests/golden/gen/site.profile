# A site's image parameters, kept in the repository beside the Packer template.
agent = ec2launch
timezone = W. Europe Standard Time
locale = de-DE
registered-owner = Image Team
registered-organization = Example GmbH
copy-profile = false
specialize-command = cmd /c echo profile
set = LaunchConfig.json/setMonitorAlwaysOn=false
set = oobeSystem/Microsoft-Windows-Shell-Setup/OOBE/HideOnlineAccountScreens=true
wallpaper = off
