<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- EC2Launch v2: agent-config.yml (C:\ProgramData\Amazon\EC2Launch\config), the
     default task list AWS documents (ec2launch-v2-settings.md, "Example:
     agent-config.yml"), each task switched by a parameter. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="utf-8"/>

  <xsl:variable name="extend"><xsl:call-template name="switch"><xsl:with-param name="name" select="'extend-boot-volume'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="activate"><xsl:call-template name="switch"><xsl:with-param name="name" select="'activate-windows'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="dns"><xsl:call-template name="switch"><xsl:with-param name="name" select="'dns-suffix'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="wallpaper"><xsl:call-template name="switch"><xsl:with-param name="name" select="'wallpaper'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="ssm"><xsl:call-template name="switch"><xsl:with-param name="name" select="'ssm'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="password" select="/params/admin-password[last()]"/>

  <xsl:template match="/">
    <xsl:text>version: 1.0&#10;config:&#10;</xsl:text>
    <xsl:if test="$extend = 'true'">
      <xsl:text>- stage: boot&#10;  tasks:&#10;  - task: extendRootPartition&#10;</xsl:text>
    </xsl:if>
    <xsl:text>- stage: preReady&#10;  tasks:&#10;</xsl:text>
    <xsl:if test="$activate = 'true'">
      <xsl:text>  - task: activateWindows&#10;    inputs:&#10;      activation:&#10;        type: amazon&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="$dns = 'true'">
      <xsl:text>  - task: setDnsSuffix&#10;    inputs:&#10;      suffixes:&#10;      - $REGION.ec2-utilities.amazonaws.com&#10;</xsl:text>
    </xsl:if>
    <xsl:text>  - task: setAdminAccount&#10;    inputs:&#10;      password:&#10;</xsl:text>
    <xsl:choose>
      <xsl:when test="$password/@mode = 'static'">
        <xsl:text>        type: static&#10;        data: </xsl:text>
        <xsl:call-template name="yaml-string">
          <xsl:with-param name="text" select="$password/clear"/>
        </xsl:call-template>
        <xsl:text>&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="$password/@mode = 'keep'">
        <xsl:text>        type: doNothing&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>        type: random&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$wallpaper = 'true'">
      <xsl:text>  - task: setWallpaper&#10;    inputs:&#10;      path: C:\ProgramData\Amazon\EC2Launch\wallpaper\Ec2Wallpaper.jpg&#10;</xsl:text>
      <xsl:text>      attributes:&#10;      - hostName&#10;      - instanceId&#10;      - privateIpAddress&#10;</xsl:text>
      <xsl:text>      - publicIpAddress&#10;      - instanceSize&#10;      - availabilityZone&#10;</xsl:text>
      <xsl:text>      - architecture&#10;      - memory&#10;      - network&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="$ssm = 'true'">
      <xsl:text>- stage: postReady&#10;  tasks:&#10;  - task: startSsm&#10;</xsl:text>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
