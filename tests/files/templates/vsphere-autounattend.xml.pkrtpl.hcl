<?xml version="1.0" encoding="UTF-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
   <settings pass="windowsPE">
      <component xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" name="Microsoft-Windows-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
         <UserData>
            <AcceptEula>true</AcceptEula>
            <FullName>${build_username}</FullName>
            <Organization>${build_username}</Organization>
            %{if vm_inst_os_eval != true ~}
            <ProductKey>
               <Key>${vm_inst_os_key}</Key>
               <WillShowUI>OnError</WillShowUI>
            </ProductKey>
            %{ endif ~}
         </UserData>
         <EnableFirewall>${enable_firewall}</EnableFirewall>
      </component>
   </settings>
   <settings pass="specialize">
      <component xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
         <TimeZone>${vm_guest_os_timezone}</TimeZone>
         <ComputerName>${vm_name}-${build_number}</ComputerName>
         <RegisteredOwner />
      </component>
      <component xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" name="Microsoft-Windows-Security-SPP-UX" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
         <SkipAutoActivation>yes</SkipAutoActivation>
      </component>
   </settings>
   <settings pass="oobeSystem">
      <component xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
         <AutoLogon>
            <Password>
               <Value>${build_password}</Value>
               <PlainText>true</PlainText>
            </Password>
            <Enabled>true</Enabled>
            <Username>${build_username}</Username>
         </AutoLogon>
         <OOBE>
            <HideEULAPage>true</HideEULAPage>
            <HideLocalAccountScreen>true</HideLocalAccountScreen>
            <NetworkLocation>Work</NetworkLocation>
         </OOBE>
         <FirstLogonCommands>
            <SynchronousCommand wcm:action="add">
               <CommandLine>powershell -File ${scripts_dir}\windows-init.ps1</CommandLine>
               <Order>1</Order>
            </SynchronousCommand>
            <SynchronousCommand wcm:action="add">
               <CommandLine>powershell -File ${scripts_dir}\enable-winrm.ps1</CommandLine>
               <Order>1</Order>
            </SynchronousCommand>
         </FirstLogonCommands>
      </component>
   </settings>
</unattend>
