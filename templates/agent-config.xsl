<?xml version="1.0" encoding="utf-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- EC2Launch v2: agent-config.yml (C:\ProgramData\Amazon\EC2Launch\config), the
     default task list AWS documents (current ec2launch-v2-settings.md, "Example:
     agent-config.yml": version 1.1, the seven wallpaper attributes every release
     takes; memory and network left the documentation in 2.3.108, ipv6Address
     needs 2.3.108), each task switched by a parameter. The defaults are a
     model (stage, task, s: scalar, list of i, map) written out as YAML; set
     elements for agent-config.yml, path STAGE/TASK/INPUT[/KEY...], replace or add
     an input, and add the task (and stage) when it is not there. Validation then
     refuses stages, tasks and inputs EC2Launch v2 does not know. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" exclude-result-prefixes="exsl">
  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="utf-8"/>

  <xsl:variable name="extend"><xsl:call-template name="switch"><xsl:with-param name="name" select="'extend-boot-volume'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="activate"><xsl:call-template name="switch"><xsl:with-param name="name" select="'activate-windows'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="dns"><xsl:call-template name="switch"><xsl:with-param name="name" select="'dns-suffix'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="wallpaper"><xsl:call-template name="switch"><xsl:with-param name="name" select="'wallpaper'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="ssm"><xsl:call-template name="switch"><xsl:with-param name="name" select="'ssm'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="password" select="/params/admin-password[last()]"/>
  <!-- global: inside for-each over a node-set of the stylesheet, / is that tree -->
  <xsl:variable name="sets" select="/params/set[@target = 'agent-config.yml']"/>

  <!-- The stages in the order EC2Launch v2 runs them, with the default tasks. -->
  <xsl:variable name="model-rtf">
    <stage name="boot">
      <xsl:if test="$extend = 'true'"><task name="extendRootPartition"/></xsl:if>
    </stage>
    <stage name="network"/>
    <stage name="preReady">
      <xsl:if test="$activate = 'true'">
        <task name="activateWindows"><map k="activation"><s k="type">amazon</s></map></task>
      </xsl:if>
      <xsl:if test="$dns = 'true'">
        <task name="setDnsSuffix"><list k="suffixes"><i>$REGION.ec2-utilities.amazonaws.com</i></list></task>
      </xsl:if>
      <task name="setAdminAccount">
        <map k="password">
          <xsl:choose>
            <xsl:when test="$password/@mode = 'static'">
              <s k="type">static</s><s k="data"><xsl:value-of select="$password/clear"/></s>
            </xsl:when>
            <xsl:when test="$password/@mode = 'keep'"><s k="type">doNothing</s></xsl:when>
            <xsl:otherwise><s k="type">random</s></xsl:otherwise>
          </xsl:choose>
        </map>
      </task>
      <xsl:if test="$wallpaper = 'true'">
        <task name="setWallpaper">
          <s k="path">C:\ProgramData\Amazon\EC2Launch\wallpaper\Ec2Wallpaper.jpg</s>
          <list k="attributes">
            <i>hostName</i><i>instanceId</i><i>privateIpAddress</i><i>publicIpAddress</i>
            <i>instanceSize</i><i>availabilityZone</i><i>architecture</i>
          </list>
        </task>
      </xsl:if>
    </stage>
    <stage name="postReady">
      <xsl:if test="$ssm = 'true'"><task name="startSsm"/></xsl:if>
    </stage>
  </xsl:variable>
  <xsl:variable name="model" select="exsl:node-set($model-rtf)/stage"/>

  <!-- Inputs that are lists (TASK/INPUT): a set value is split at commas, unless
       it is the scalar the input also accepts. -->
  <xsl:variable name="lists-rtf">
    <l path="setDnsSuffix/suffixes"/>
    <l path="setWallpaper/attributes"/>
    <l path="setWallpaper/instanceTags" scalar="AllTags"/>
    <!-- a list of mappings: each comma-separated item is its keys' values separated by |
         (unattend-migrate's answers to drive-letter questions: DEVICE|LETTER|LABEL) -->
    <l path="initializeVolume/devices" keys="device letter name"/>
  </xsl:variable>
  <xsl:variable name="lists" select="exsl:node-set($lists-rtf)/l"/>

  <xsl:template match="/">
    <xsl:text>version: 1.1&#10;config:&#10;</xsl:text>
    <xsl:for-each select="$model">
      <xsl:call-template name="stage">
        <xsl:with-param name="name" select="@name"/>
        <xsl:with-param name="tasks" select="task"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$sets[not(substring-before(@path, '/') = $model/@name)]">
      <xsl:variable name="stage" select="substring-before(@path, '/')"/>
      <xsl:if test="not(preceding-sibling::set[@target = 'agent-config.yml'][substring-before(@path, '/') = $stage])">
        <xsl:call-template name="stage">
          <xsl:with-param name="name" select="$stage"/>
          <xsl:with-param name="tasks" select="/.."/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- A stage: its default tasks, then the tasks only set elements name. -->
  <xsl:template name="stage">
    <xsl:param name="name"/>
    <xsl:param name="tasks"/>
    <xsl:variable name="here" select="$sets[substring-before(@path, '/') = $name]"/>
    <xsl:if test="$tasks or $here">
      <xsl:text>- stage: </xsl:text>
      <xsl:value-of select="$name"/>
      <xsl:text>&#10;  tasks:&#10;</xsl:text>
      <xsl:for-each select="$tasks">
        <xsl:call-template name="task">
          <xsl:with-param name="prefix" select="concat($name, '/', @name, '/')"/>
          <xsl:with-param name="name" select="@name"/>
          <xsl:with-param name="inputs" select="*"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$here">
        <xsl:variable name="task" select="substring-before(substring-after(@path, '/'), '/')"/>
        <xsl:if test="not($task = $tasks/@name) and not(preceding-sibling::set[@target = 'agent-config.yml']
            [substring-before(@path, '/') = $name and substring-before(substring-after(@path, '/'), '/') = $task])">
          <xsl:call-template name="task">
            <xsl:with-param name="prefix" select="concat($name, '/', $task, '/')"/>
            <xsl:with-param name="name" select="$task"/>
            <xsl:with-param name="inputs" select="/.."/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <xsl:template name="task">
    <xsl:param name="prefix"/>
    <xsl:param name="name"/>
    <xsl:param name="inputs"/>
    <xsl:text>  - task: </xsl:text>
    <xsl:value-of select="$name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="$inputs or $sets[starts-with(@path, $prefix)]">
      <xsl:text>    inputs:&#10;</xsl:text>
      <xsl:call-template name="map">
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="entries" select="$inputs"/>
        <xsl:with-param name="indent" select="'      '"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The entries of a map: the model's, each replaced by a set element for its
       path, then the keys only set elements name. $prefix: the map's path + '/'. -->
  <xsl:template name="map">
    <xsl:param name="prefix"/>
    <xsl:param name="entries"/>
    <xsl:param name="indent"/>
    <xsl:for-each select="$entries">
      <xsl:variable name="path" select="concat($prefix, @k)"/>
      <xsl:choose>
        <xsl:when test="$sets[@path = $path]">
          <xsl:call-template name="leaf">
            <xsl:with-param name="path" select="$path"/>
            <xsl:with-param name="key" select="@k"/>
            <xsl:with-param name="indent" select="$indent"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="self::map">
          <xsl:value-of select="concat($indent, @k, ':&#10;')"/>
          <xsl:call-template name="map">
            <xsl:with-param name="prefix" select="concat($path, '/')"/>
            <xsl:with-param name="entries" select="*"/>
            <xsl:with-param name="indent" select="concat($indent, '  ')"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="self::list">
          <xsl:value-of select="concat($indent, @k, ':&#10;')"/>
          <xsl:for-each select="i">
            <xsl:value-of select="concat($indent, '- ')"/>
            <xsl:call-template name="yaml-string"><xsl:with-param name="text" select="."/></xsl:call-template>
            <xsl:text>&#10;</xsl:text>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="concat($indent, @k, ': ')"/>
          <xsl:call-template name="yaml-string"><xsl:with-param name="text" select="."/></xsl:call-template>
          <xsl:text>&#10;</xsl:text>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:for-each select="$sets[starts-with(@path, $prefix)]">
      <xsl:variable name="rest" select="substring-after(@path, $prefix)"/>
      <xsl:variable name="key" select="substring-before(concat($rest, '/'), '/')"/>
      <xsl:if test="not($key = $entries/@k) and not(preceding-sibling::set[@target = 'agent-config.yml']
          [starts-with(@path, $prefix) and substring-before(concat(substring-after(@path, $prefix), '/'), '/') = $key])">
        <xsl:choose>
          <xsl:when test="$rest = $key">
            <xsl:call-template name="leaf">
              <xsl:with-param name="path" select="@path"/>
              <xsl:with-param name="key" select="$key"/>
              <xsl:with-param name="indent" select="$indent"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat($indent, $key, ':&#10;')"/>
            <xsl:call-template name="map">
              <xsl:with-param name="prefix" select="concat($prefix, $key, '/')"/>
              <xsl:with-param name="entries" select="/.."/>
              <xsl:with-param name="indent" select="concat($indent, '  ')"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- The last set value for $path: a list for the inputs in $lists, true and
       false as booleans, anything else a string. -->
  <xsl:template name="leaf">
    <xsl:param name="path"/>
    <xsl:param name="key"/>
    <xsl:param name="indent"/>
    <xsl:variable name="value" select="string($sets[@path = $path][last()])"/>
    <xsl:variable name="list" select="$lists[@path = substring-after($path, '/')]"/>
    <xsl:choose>
      <xsl:when test="$list and not($list/@scalar = $value)">
        <xsl:value-of select="concat($indent, $key, ':&#10;')"/>
        <xsl:call-template name="items">
          <xsl:with-param name="text" select="$value"/>
          <xsl:with-param name="indent" select="$indent"/>
          <xsl:with-param name="keys" select="string($list/@keys)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$value = 'true' or $value = 'false'">
        <xsl:value-of select="concat($indent, $key, ': ', $value, '&#10;')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat($indent, $key, ': ')"/>
        <xsl:call-template name="yaml-string"><xsl:with-param name="text" select="$value"/></xsl:call-template>
        <xsl:text>&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "a, b,c": one list item per comma-separated word, spaces around it dropped. -->
  <xsl:template name="items">
    <xsl:param name="text"/>
    <xsl:param name="indent"/>
    <xsl:param name="keys" select="''"/>
    <xsl:variable name="first" select="normalize-space(substring-before(concat($text, ','), ','))"/>
    <xsl:if test="$first != '' and $keys != ''">
      <xsl:call-template name="fields">
        <xsl:with-param name="text" select="$first"/>
        <xsl:with-param name="keys" select="$keys"/>
        <xsl:with-param name="lead" select="concat($indent, '- ')"/>
        <xsl:with-param name="indent" select="concat($indent, '  ')"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$first != '' and $keys = ''">
      <xsl:value-of select="concat($indent, '- ')"/>
      <xsl:call-template name="yaml-string"><xsl:with-param name="text" select="$first"/></xsl:call-template>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="contains($text, ',')">
      <xsl:call-template name="items">
        <xsl:with-param name="text" select="substring-after($text, ',')"/>
        <xsl:with-param name="indent" select="$indent"/>
        <xsl:with-param name="keys" select="$keys"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- "a|b|c" with keys "k1 k2 k3": one mapping, its first line after $lead; empty fields left out. -->
  <xsl:template name="fields">
    <xsl:param name="text"/>
    <xsl:param name="keys"/>
    <xsl:param name="lead"/>
    <xsl:param name="indent"/>
    <xsl:variable name="key" select="substring-before(concat($keys, ' '), ' ')"/>
    <xsl:variable name="value" select="normalize-space(substring-before(concat($text, '|'), '|'))"/>
    <xsl:if test="$value != ''">
      <xsl:value-of select="concat($lead, $key, ': ')"/>
      <xsl:call-template name="yaml-string"><xsl:with-param name="text" select="$value"/></xsl:call-template>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="contains($text, '|') and contains($keys, ' ')">
      <xsl:call-template name="fields">
        <xsl:with-param name="text" select="substring-after($text, '|')"/>
        <xsl:with-param name="keys" select="substring-after($keys, ' ')"/>
        <xsl:with-param name="lead" select="concat(substring($indent, 1, string-length($indent) * number($value != '')),
            substring($lead, 1, string-length($lead) * number($value = '')))"/>
        <xsl:with-param name="indent" select="$indent"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
