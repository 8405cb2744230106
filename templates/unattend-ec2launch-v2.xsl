<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- EC2Launch v2 (Windows Server 2022, 2025): unattend.xml, the answer file
     C:\ProgramData\Amazon\EC2Launch\sysprep\unattend.xml, as AWS documents it
     (Creating_EBSbacked_WinAMI.md, "Sysprep with EC2Launch v2"). That page also
     lists EC2Config's ScramblePassword.exe and SysprepSpecializePhase.cmd as
     commands 2 and 3; they are EC2Config paths that do not exist on an EC2Launch v2
     image, so only command 1 is kept (as in examples/ec2launch-v2/unattend.xml). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="answer-file.xsl"/>

  <xsl:variable name="comment" select="'EC2Launch v2 answer file (unattend.xml)'"/>
  <xsl:variable name="default-registered-owner" select="'EC2'"/>
  <xsl:variable name="agent-commands-rtf">
    <command description="Enable the Administrator account">net user Administrator /ACTIVE:YES /LOGONPASSWORDCHG:NO /EXPIRES:NEVER /PASSWORDREQ:YES</command>
  </xsl:variable>
</xsl:stylesheet>
