<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- EC2Launch v1 (Windows Server 2016, 2019): Unattend.xml, the answer file in
     C:\ProgramData\Amazon\EC2-Windows\Launch\Sysprep (Creating_EBSbacked_WinAMI.md,
     "Sysprep with EC2Launch"). AWS does not list its settings; it follows EC2Launch
     v2's, and its specialize command runs the SysprepSpecialize.cmd that page
     documents beside it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="answer-file.xsl"/>

  <xsl:variable name="comment" select="'EC2Launch answer file (Unattend.xml)'"/>
  <xsl:variable name="default-registered-owner" select="'EC2'"/>
  <xsl:variable name="agent-commands-rtf">
    <command description="Enable the Administrator account">net user Administrator /ACTIVE:YES /LOGONPASSWORDCHG:NO /EXPIRES:NEVER /PASSWORDREQ:YES</command>
    <command description="Run the EC2Launch specialize batch file">cmd /c "C:\ProgramData\Amazon\EC2-Windows\Launch\Sysprep\SysprepSpecialize.cmd"</command>
  </xsl:variable>
</xsl:stylesheet>
