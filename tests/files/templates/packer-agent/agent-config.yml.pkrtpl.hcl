version: 1.0
config:
- stage: boot
  tasks:
  - task: extendRootPartition
- stage: preReady
  tasks:
  - task: activateWindows
    inputs:
      activation:
        type: amazon
  - task: setAdminAccount
    inputs:
      name: ${admin_user}
      password:
        type: static
        data: ${admin_password}
%{ if hostname != "" ~}
  - task: setHostName
    inputs:
      hostName: ${hostname}
      reboot: true
%{ else ~}
  - task: setHostName
    inputs:
      hostName: ${prefix}-windows-webserver
      reboot: true
%{ endif ~}
- stage: postReady
  tasks:
  - task: startSsm
  - task: executeScript
    inputs:
    - frequency: always
      type: powershell
      runAs: localSystem
      content: |-
        Write-Host "${greeting}"
