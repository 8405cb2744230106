<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- EC2Config (Windows Server 2008 R2, 2012, 2012 R2): sysprep2008.xml, the answer
     file C:\Program Files\Amazon\Ec2ConfigService\sysprep2008.xml, as AWS documents
     it (Creating_EBSbacked_WinAMI.md, "Sysprep with EC2Config"). A static
     administrator password is written here, obscured, because EC2Config has no
     place for one. With admin-password keep, ScramblePassword.exe is left out
     (Keep Existing, Creating_EBSbacked_WinAMI.md). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="answer-file.xsl"/>

  <xsl:variable name="comment" select="'EC2Config answer file (sysprep2008.xml)'"/>
  <xsl:variable name="default-registered-owner" select="'Amazon'"/>
  <xsl:variable name="network-location" select="'Other'"/>
  <xsl:variable name="password-in-answer-file" select="true()"/>
  <xsl:variable name="agent-commands-rtf">
    <command description="Enable the Administrator account">net user Administrator /ACTIVE:YES /LOGONPASSWORDCHG:NO /EXPIRES:NEVER /PASSWORDREQ:YES</command>
    <!-- keep (EC2Config's Keep Existing): the password does not change at Sysprep,
         so it is not scrambled (with Ec2SetPassword Disabled and
         SetPasswordAfterSysprep No, a scrambled password is one nobody knows) -->
    <xsl:if test="not(/params/admin-password[last()]/@mode = 'keep')">
      <command description="Scramble the Administrator password">"C:\Program Files\Amazon\Ec2ConfigService\ScramblePassword.exe" -u Administrator</command>
    </xsl:if>
    <command description="Re-enable Remote Desktop">cmd /c "C:\Program Files\Amazon\Ec2ConfigService\Scripts\SysprepSpecializePhase.cmd"</command>
  </xsl:variable>
</xsl:stylesheet>
