<?xml version="1.0" encoding="utf-8"?>
<!-- rendered by templatefile("unattend.xml.tpl", { ... }) in main.tf -->
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="${arch}" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <ComputerName>windows-webserver-${index}</ComputerName>
      <TimeZone>${time_zone}</TimeZone>
      <RegisteredOwner>${owner}</RegisteredOwner>
    </component>
    <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="${arch}" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <Identification>
%{ if domain != "" ~}
        <Credentials>
          <Domain>${domain}</Domain>
          <Username>${join_user}</Username>
          <Password>${join_password}</Password>
        </Credentials>
        <JoinDomain>${domain}</JoinDomain>
%{ else ~}
        <JoinWorkgroup>WORKGROUP</JoinWorkgroup>
%{ endif ~}
      </Identification>
    </component>
    <component name="Microsoft-Windows-TerminalServices-LocalSessionManager" processorArchitecture="${arch}" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <fDenyTSConnections>${deny_rdp ? "true" : "false"}</fDenyTSConnections>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="${arch}" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UserAccounts>
        <AdministratorPassword>
          <Value>${admin_password}</Value>
          <PlainText>true</PlainText>
        </AdministratorPassword>
        <LocalAccounts>
%{ for user in users ~}
          <LocalAccount wcm:action="add">
            <Name>${user.name}</Name>
            <Group>Administrators</Group>
            <Password>
              <Value>${user.password}</Value>
              <PlainText>true</PlainText>
            </Password>
          </LocalAccount>
%{ endfor ~}
          <LocalAccount wcm:action="add">
            <Name>ops</Name>
            <Group>Administrators</Group>
            <Password>
              <Value>Winter2024!</Value>
              <PlainText>true</PlainText>
            </Password>
          </LocalAccount>
        </LocalAccounts>
      </UserAccounts>
      <OOBE>
        <HideEULAPage>${hide_eula}</HideEULAPage>
        <ProtectYourPC>4</ProtectYourPC>
      </OOBE>
    </component>
  </settings>
</unattend>
