<powershell>
  & "$env:ProgramFiles\Amazon\EC2Launch\ec2launch.exe" sysprep --shutdown
</powershell>
<detach>true</detach>
