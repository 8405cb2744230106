<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- EC2 user data (the user-data option of unattend-gen): the script of /params/user-data-script
     as the agent reads it. user-data-form xml: the <powershell> tag every agent runs
     (ec2launch-v2-settings.md "User data"; ec2launch-config.md); yaml: EC2Launch v2's
     task document, version 1.1 with one executeScript task, as the settings page's
     user-data example (frequency once, runAs localSystem). The script is written as a
     block scalar with an explicit indentation indicator, so its own leading spaces,
     quotes and colons stay text. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:variable name="script" select="/params/user-data-script"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="/params/user-data-form = 'yaml'">
        <xsl:text>version: 1.1&#10;tasks:&#10;- task: executeScript&#10;  inputs:&#10;</xsl:text>
        <xsl:text>  - frequency: once&#10;    type: powershell&#10;    runAs: localSystem&#10;</xsl:text>
        <xsl:text>    content: |2-&#10;</xsl:text>
        <xsl:call-template name="indent">
          <xsl:with-param name="text" select="$script"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>&lt;powershell&gt;&#10;</xsl:text>
        <xsl:value-of select="$script"/>
        <xsl:text>&#10;&lt;/powershell&gt;&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Each line of text, six spaces in (the block scalar's content), one per line. -->
  <xsl:template name="indent">
    <xsl:param name="text"/>
    <xsl:variable name="line">
      <xsl:choose>
        <xsl:when test="contains($text, '&#10;')"><xsl:value-of select="substring-before($text, '&#10;')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$line != ''"><xsl:text>      </xsl:text></xsl:if>
    <xsl:value-of select="$line"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="contains($text, '&#10;')">
      <xsl:call-template name="indent">
        <xsl:with-param name="text" select="substring-after($text, '&#10;')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
