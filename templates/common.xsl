<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- Shared by every template: reading parameters with a default, and writing
     strings as JSON and YAML. Parameters are data in the parameters document
     (templates/README.md); nothing here evaluates them. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- The value of the parameter element $name, else $default. -->
  <xsl:template name="param">
    <xsl:param name="name"/>
    <xsl:param name="default"/>
    <xsl:variable name="p" select="/params/*[local-name() = $name]"/>
    <xsl:choose>
      <xsl:when test="$p"><xsl:value-of select="$p[last()]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- $text with every $from replaced by $to. -->
  <xsl:template name="replace">
    <xsl:param name="text"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="$from != '' and contains($text, $from)">
        <xsl:value-of select="substring-before($text, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="substring-after($text, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A JSON string literal. Control characters are refused earlier, by unattend-gen. -->
  <xsl:template name="json-string">
    <xsl:param name="text"/>
    <xsl:variable name="bs">
      <xsl:call-template name="replace">
        <xsl:with-param name="text" select="$text"/>
        <xsl:with-param name="from" select="'\'"/>
        <xsl:with-param name="to" select="'\\'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="replace">
      <xsl:with-param name="text" select="$bs"/>
      <xsl:with-param name="from" select="'&quot;'"/>
      <xsl:with-param name="to" select="'\&quot;'"/>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <!-- A JSON value: true, false and integers as written, anything else a string. -->
  <xsl:template name="json-value">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="$text = 'true' or $text = 'false'"><xsl:value-of select="$text"/></xsl:when>
      <xsl:when test="$text != '' and translate($text, '0123456789', '') = ''"><xsl:value-of select="$text"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="json-string"><xsl:with-param name="text" select="$text"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A YAML scalar that is always a string: plain when that cannot be read as
       anything else, else single-quoted. -->
  <xsl:template name="yaml-string">
    <xsl:param name="text"/>
    <xsl:variable name="safe" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_\$'"/>
    <xsl:variable name="lower" select="translate($text, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
    <xsl:choose>
      <xsl:when test="$text != '' and translate($text, $safe, '') = ''
          and translate(substring($text, 1, 1), '0123456789.-', '') != ''
          and $lower != 'true' and $lower != 'false' and $lower != 'yes' and $lower != 'no'
          and $lower != 'on' and $lower != 'off' and $lower != 'null'">
        <xsl:value-of select="$text"/>
      </xsl:when>
      <xsl:when test="$text != '' and translate($text, concat($safe, ':'), '') = ''
          and contains('ABCDEFGHIJKLMNOPQRSTUVWXYZ', substring($text, 1, 1))
          and substring($text, 2, 2) = ':\'">
        <!-- a Windows path such as C:\ProgramData\x.jpg: ': ' never occurs in it -->
        <xsl:value-of select="$text"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>'</xsl:text>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="$text"/>
          <xsl:with-param name="from">'</xsl:with-param>
          <xsl:with-param name="to">''</xsl:with-param>
        </xsl:call-template>
        <xsl:text>'</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- true unless the switch $name is set to false. -->
  <xsl:template name="switch">
    <xsl:param name="name"/>
    <xsl:param name="default" select="'true'"/>
    <xsl:variable name="p" select="/params/switch[@name = $name]"/>
    <xsl:choose>
      <xsl:when test="$p"><xsl:value-of select="$p[last()]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
