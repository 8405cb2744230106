<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- EC2Launch v1: LaunchConfig.json (C:\ProgramData\Amazon\EC2-Windows\Launch\Config),
     with the values AWS documents (ec2launch.md, "Configure initialization tasks").
     Switches set the booleans; set elements for LaunchConfig.json replace a member's
     value, or add a member (which validation then refuses if EC2Launch does not know it). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" exclude-result-prefixes="exsl">
  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="utf-8"/>

  <!-- global: inside for-each over a node-set of the stylesheet, / is that tree -->
  <xsl:variable name="switches" select="/params/switch"/>
  <xsl:variable name="password" select="/params/admin-password[last()]"/>
  <xsl:variable name="sets" select="/params/set[@target = 'LaunchConfig.json']"/>
  <xsl:variable name="members-rtf">
    <m key="setComputerName" switch="set-computer-name">false</m>
    <m key="setMonitorAlwaysOn" switch="monitor-always-on">true</m>
    <m key="setWallpaper" switch="wallpaper">true</m>
    <m key="addDnsSuffixList" switch="dns-suffix">true</m>
    <m key="extendBootVolumeSize" switch="extend-boot-volume">true</m>
    <m key="handleUserData" switch="handle-user-data">true</m>
    <m key="adminPasswordType">
      <xsl:choose>
        <xsl:when test="$password/@mode = 'static'">Specify</xsl:when>
        <xsl:when test="$password/@mode = 'keep'">DoNothing</xsl:when>
        <xsl:otherwise>Random</xsl:otherwise>
      </xsl:choose>
    </m>
    <xsl:if test="$password/@mode = 'static'">
      <m key="adminPassword" string="yes"><xsl:value-of select="$password/clear"/></m>
    </xsl:if>
  </xsl:variable>
  <xsl:variable name="members" select="exsl:node-set($members-rtf)/m"/>

  <xsl:template match="/">
    <xsl:text>{</xsl:text>
    <xsl:for-each select="$members">
      <xsl:variable name="key" select="@key"/>
      <xsl:variable name="sw" select="$switches[@name = current()/@switch]"/>
      <xsl:if test="position() > 1">,</xsl:if>
      <xsl:text>&#10;  </xsl:text>
      <xsl:call-template name="json-string"><xsl:with-param name="text" select="$key"/></xsl:call-template>
      <xsl:text>: </xsl:text>
      <xsl:choose>
        <xsl:when test="$sets[@path = $key]">
          <xsl:call-template name="json-value"><xsl:with-param name="text" select="$sets[@path = $key][last()]"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="@string">
          <xsl:call-template name="json-string"><xsl:with-param name="text" select="."/></xsl:call-template>
        </xsl:when>
        <xsl:when test="@switch and $sw">
          <xsl:call-template name="json-value"><xsl:with-param name="text" select="$sw[last()]"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="json-value"><xsl:with-param name="text" select="."/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:for-each select="$sets[not(@path = $members/@key)]">
      <xsl:text>,&#10;  </xsl:text>
      <xsl:call-template name="json-string"><xsl:with-param name="text" select="@path"/></xsl:call-template>
      <xsl:text>: </xsl:text>
      <xsl:call-template name="json-value"><xsl:with-param name="text" select="."/></xsl:call-template>
    </xsl:for-each>
    <xsl:text>&#10;}&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
