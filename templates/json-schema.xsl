<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- A JSON Schema (draft 2020-12) for editors, made from an agent XSD over the project's
     JSON/YAML-to-XML mapping (schemas/README.md): the same data unattend-validate checks
     with. Input: the kind's XSD; xs:include'd schemas and the task sub-schemas named by the
     rule table ($rules) are read with document(). Output: JSON text, compact (the program
     parses and indents it, so a mistake here is an error, never a broken file).

     Mapping: an element's complexType with attribute type fixed="object" is an object whose
     members are its child elements (required unless minOccurs="0"; no other members);
     fixed="array" with one child <item> is an array of it; simpleContent with type fixed to
     string, number or boolean is that JSON type, its base's enumeration, length, pattern
     and range facets kept (a pattern with its words from schemas/patterns.tsv as the
     patternErrorMessage editors show; a value the agent takes in any case as its
     enumeration or the same letters in any case, said in words too); a type attribute whose values are enumerated (string|number,
     string|array) is the union of those types; anything else (jAny, xs:any) is unconstrained.
     An object with members task and inputs (EC2Launch v2 tasks) gets one if/then per task
     sub-schema of the rule table: the rule's select names the task ([task='NAME']). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:r="urn:unattend-tools:rules:1"
    exclude-result-prefixes="r">
  <xsl:output method="text" encoding="UTF-8"/>

  <!-- rules: the rule table file (schemas/rules/agents.xml), schemadir: schemas/,
       form: for agent-config.xsd, "config" (agent-config.yml) or "tasks" (user data),
       title, description: of the schema -->
  <xsl:param name="rules" select="''"/>
  <xsl:param name="schemadir" select="''"/>
  <xsl:param name="form" select="''"/>
  <xsl:param name="title" select="''"/>
  <xsl:param name="description" select="''"/>
  <!-- fold-names: "yes" when the agent matches member names without case; fold-values: the
       names (space-separated) of the members whose values it matches without case
       (both from schemas/agents/casefold.tsv) -->
  <xsl:param name="fold-names" select="''"/>
  <xsl:param name="fold-values" select="''"/>
  <!-- schemas/patterns.tsv's pattern and words columns, a line each: an editor shows
       the words (patternErrorMessage) instead of the regular expression -->
  <xsl:param name="pattern-words" select="''"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>

  <xsl:variable name="main" select="/xs:schema"/>

  <xsl:template match="/">
    <xsl:text>{"$schema":"https://json-schema.org/draft/2020-12/schema","title":</xsl:text>
    <xsl:call-template name="str"><xsl:with-param name="s" select="$title"/></xsl:call-template>
    <xsl:text>,"description":</xsl:text>
    <xsl:call-template name="str"><xsl:with-param name="s" select="$description"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:apply-templates select="$main/xs:element[@name='doc']" mode="members">
      <xsl:with-param name="ctx" select="$main"/>
    </xsl:apply-templates>
    <xsl:text>}</xsl:text>
  </xsl:template>

  <!-- an element declaration as a schema object: {...} -->
  <xsl:template match="xs:element" mode="schema">
    <xsl:param name="ctx"/>
    <xsl:text>{</xsl:text>
    <xsl:apply-templates select="." mode="members">
      <xsl:with-param name="ctx" select="$ctx"/>
    </xsl:apply-templates>
    <xsl:text>}</xsl:text>
  </xsl:template>

  <!-- an element declaration as schema members, without braces -->
  <xsl:template match="xs:element" mode="members">
    <xsl:param name="ctx"/>
    <xsl:choose>
      <xsl:when test="xs:complexType">
        <xsl:apply-templates select="xs:complexType" mode="members">
          <xsl:with-param name="ctx" select="$ctx"/>
          <xsl:with-param name="el" select="@name"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:when test="@type">
        <xsl:call-template name="named-type">
          <xsl:with-param name="name" select="@type"/>
          <xsl:with-param name="ctx" select="$ctx"/>
          <xsl:with-param name="el" select="@name"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:text>"type":"string"</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a type by name, looked up in the schema and the schemas it includes -->
  <xsl:template name="named-type">
    <xsl:param name="name"/>
    <xsl:param name="ctx"/>
    <xsl:param name="el"/>
    <xsl:variable name="inc" select="document($ctx/xs:include/@schemaLocation, $ctx)/xs:schema"/>
    <xsl:variable name="ct" select="($ctx | $inc)/xs:complexType[@name=$name]"/>
    <xsl:choose>
      <xsl:when test="$ct">
        <xsl:apply-templates select="$ct[1]" mode="members">
          <xsl:with-param name="ctx" select="$ctx"/>
          <xsl:with-param name="el" select="$el"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise><xsl:text>"type":"string"</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="xs:complexType" mode="members">
    <xsl:param name="ctx"/>
    <xsl:param name="el"/>
    <xsl:variable name="t" select="xs:attribute[@name='type'] | xs:simpleContent/xs:extension/xs:attribute[@name='type']"/>
    <xsl:variable name="inc" select="document($ctx/xs:include/@schemaLocation, $ctx)/xs:schema"/>
    <!-- the JSON types a type attribute allows: fixed, or its enumerated values -->
    <xsl:variable name="types">
      <xsl:choose>
        <xsl:when test="$t/@fixed"><xsl:value-of select="$t/@fixed"/></xsl:when>
        <xsl:when test="$t/@type">
          <xsl:for-each select="($ctx | $inc)/xs:simpleType[@name=$t/@type]/xs:restriction/xs:enumeration">
            <xsl:value-of select="concat(@value, ' ')"/>
          </xsl:for-each>
        </xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="items" select="(xs:sequence | xs:all)/xs:element[@name='item']"/>
    <xsl:choose>
      <xsl:when test="normalize-space($types)='object'">
        <xsl:call-template name="object">
          <xsl:with-param name="members" select="(xs:all | xs:sequence | xs:choice)/xs:element"/>
          <xsl:with-param name="ctx" select="$ctx"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="normalize-space($types)='array'">
        <xsl:call-template name="array">
          <xsl:with-param name="item" select="$items"/>
          <xsl:with-param name="ctx" select="$ctx"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="contains($types, 'array') and $items">
        <!-- a string or a list (setWallpaper instanceTags) -->
        <xsl:text>"anyOf":[{"type":"string"},{</xsl:text>
        <xsl:call-template name="array">
          <xsl:with-param name="item" select="$items"/>
          <xsl:with-param name="ctx" select="$ctx"/>
        </xsl:call-template>
        <xsl:text>}]</xsl:text>
      </xsl:when>
      <xsl:when test="xs:simpleContent/xs:extension and normalize-space($types)!=''">
        <xsl:call-template name="scalar">
          <xsl:with-param name="types" select="normalize-space($types)"/>
          <xsl:with-param name="base" select="xs:simpleContent/xs:extension/@base"/>
          <xsl:with-param name="ctx" select="$ctx"/>
          <xsl:with-param name="el" select="$el"/>
        </xsl:call-template>
      </xsl:when>
      <!-- jAny, xs:any: anything -->
      <xsl:otherwise><xsl:text>"description":"any value"</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="object">
    <xsl:param name="members"/>
    <xsl:param name="ctx"/>
    <!-- the form (config or tasks) is chosen at the top only -->
    <xsl:variable name="kept" select="$members[$form='' or not(../../../@name='doc') or not(@name='config' or @name='tasks') or @name=$form]"/>
    <xsl:text>"type":"object","properties":{</xsl:text>
    <xsl:for-each select="$kept">
      <xsl:if test="position() &gt; 1">,</xsl:if>
      <xsl:call-template name="str"><xsl:with-param name="s" select="@name"/></xsl:call-template>
      <xsl:text>:</xsl:text>
      <xsl:apply-templates select="." mode="schema">
        <xsl:with-param name="ctx" select="$ctx"/>
      </xsl:apply-templates>
    </xsl:for-each>
    <xsl:text>}</xsl:text>
    <xsl:if test="$fold-names='yes'">
      <!-- the agent matches member names without case: the same member in any case -->
      <xsl:text>,"patternProperties":{</xsl:text>
      <xsl:for-each select="$kept">
        <xsl:if test="position() &gt; 1">,</xsl:if>
        <xsl:text>"^</xsl:text>
        <xsl:call-template name="ci"><xsl:with-param name="s" select="@name"/></xsl:call-template>
        <xsl:text>$":</xsl:text>
        <xsl:apply-templates select="." mode="schema">
          <xsl:with-param name="ctx" select="$ctx"/>
        </xsl:apply-templates>
      </xsl:for-each>
      <xsl:text>}</xsl:text>
    </xsl:if>
    <xsl:text>,"additionalProperties":false</xsl:text>
    <xsl:variable name="req" select="$kept[not(@minOccurs='0') or ($form!='' and @name=$form and $members/../../../@name='doc')]"/>
    <xsl:if test="$req and $fold-names='yes'">
      <!-- required in any case: some member name matches -->
      <xsl:text>,"allOf":[</xsl:text>
      <xsl:for-each select="$req">
        <xsl:if test="position() &gt; 1">,</xsl:if>
        <xsl:text>{"not":{"propertyNames":{"not":{"pattern":"^</xsl:text>
        <xsl:call-template name="ci"><xsl:with-param name="s" select="@name"/></xsl:call-template>
        <xsl:text>$"}}}}</xsl:text>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:if test="$req and $fold-names!='yes'">
      <xsl:text>,"required":[</xsl:text>
      <xsl:for-each select="$req">
        <xsl:if test="position() &gt; 1">,</xsl:if>
        <xsl:call-template name="str"><xsl:with-param name="s" select="@name"/></xsl:call-template>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:if test="$members[@name='task'] and $members[@name='inputs'] and $rules!=''">
      <xsl:call-template name="task-inputs"/>
    </xsl:if>
  </xsl:template>

  <!-- one if/then per task sub-schema of the rule table -->
  <xsl:template name="task-inputs">
    <xsl:variable name="subs" select="document($rules)//r:rule[r:schema[starts-with(., 'agents/tasks/')]][contains(r:select, &quot;[task='&quot;)]"/>
    <xsl:if test="$subs">
      <xsl:text>,"allOf":[</xsl:text>
      <xsl:for-each select="$subs">
        <xsl:variable name="task" select="substring-before(substring-after(r:select, &quot;[task='&quot;), &quot;'&quot;)"/>
        <xsl:variable name="sub" select="document(concat($schemadir, '/', r:schema))/xs:schema"/>
        <xsl:if test="position() &gt; 1">,</xsl:if>
        <xsl:text>{"if":{"properties":{"task":{"const":</xsl:text>
        <xsl:call-template name="str"><xsl:with-param name="s" select="$task"/></xsl:call-template>
        <xsl:text>}},"required":["task"]},"then":{"properties":{"inputs":</xsl:text>
        <xsl:apply-templates select="$sub/xs:element[@name='inputs']" mode="schema">
          <xsl:with-param name="ctx" select="$sub"/>
        </xsl:apply-templates>
        <xsl:text>}}}</xsl:text>
      </xsl:for-each>
      <!-- rules task-inputs-missing and task-inputs-unexpected name their tasks in the select -->
      <xsl:variable name="missing" select="document($rules)//r:rule[@name='task-inputs-missing']/r:select"/>
      <xsl:if test="$missing">
        <xsl:text>,{"if":{"properties":{"task":{"enum":[</xsl:text>
        <xsl:call-template name="quoted"><xsl:with-param name="s" select="substring-after($missing, ']/task[')"/></xsl:call-template>
        <xsl:text>]}},"required":["task"]},"then":{"required":["inputs"]}}</xsl:text>
      </xsl:if>
      <xsl:variable name="unexpected" select="document($rules)//r:rule[@name='task-inputs-unexpected']/r:select"/>
      <xsl:if test="$unexpected">
        <xsl:text>,{"if":{"properties":{"task":{"enum":[</xsl:text>
        <xsl:call-template name="quoted"><xsl:with-param name="s" select="substring-before(substring-after($unexpected, ')['), ']/inputs')"/></xsl:call-template>
        <xsl:text>]}},"required":["task"]},"then":{"properties":{"inputs":{"type":"null"}}}}</xsl:text>
      </xsl:if>
      <xsl:text>]</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="array">
    <xsl:param name="item"/>
    <xsl:param name="ctx"/>
    <xsl:text>"type":"array"</xsl:text>
    <xsl:if test="$item">
      <xsl:text>,"items":</xsl:text>
      <xsl:apply-templates select="$item[1]" mode="schema">
        <xsl:with-param name="ctx" select="$ctx"/>
      </xsl:apply-templates>
      <xsl:if test="$item[1]/@minOccurs and $item[1]/@minOccurs!='0'">
        <xsl:value-of select="concat(',&quot;minItems&quot;:', $item[1]/@minOccurs)"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- a scalar of JSON types $types, its value restricted by the simple type $base -->
  <xsl:template name="scalar">
    <xsl:param name="types"/>
    <xsl:param name="base"/>
    <xsl:param name="ctx"/>
    <xsl:param name="el"/>
    <xsl:variable name="inc" select="document($ctx/xs:include/@schemaLocation, $ctx)/xs:schema"/>
    <xsl:variable name="r" select="($ctx | $inc)/xs:simpleType[@name=$base]/xs:restriction"/>
    <xsl:choose>
      <xsl:when test="contains($types, ' ')">
        <xsl:text>"type":[</xsl:text>
        <xsl:call-template name="type-list"><xsl:with-param name="s" select="$types"/></xsl:call-template>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:when test="$types='number' and ($base='xs:nonNegativeInteger' or $base='xs:integer' or $base='xs:positiveInteger')">
        <xsl:text>"type":"integer"</xsl:text>
        <xsl:if test="$base='xs:nonNegativeInteger'">,"minimum":0</xsl:if>
        <xsl:if test="$base='xs:positiveInteger'">,"minimum":1</xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>"type":</xsl:text>
        <xsl:call-template name="str"><xsl:with-param name="s" select="$types"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:variable name="fold" select="$el!='' and contains(concat(' ', $fold-values, ' '), concat(' ', $el, ' '))"/>
    <xsl:if test="$r/xs:enumeration and $fold">
      <!-- the agent takes any case: the documented spellings, or the same letters -->
      <xsl:text>,"anyOf":[{"enum":[</xsl:text>
      <xsl:for-each select="$r/xs:enumeration">
        <xsl:if test="position() &gt; 1">,</xsl:if>
        <xsl:call-template name="str"><xsl:with-param name="s" select="@value"/></xsl:call-template>
      </xsl:for-each>
      <xsl:text>]},{"pattern":"^(?:</xsl:text>
      <xsl:for-each select="$r/xs:enumeration">
        <xsl:if test="position() &gt; 1">|</xsl:if>
        <xsl:call-template name="ci"><xsl:with-param name="s" select="@value"/></xsl:call-template>
      </xsl:for-each>
      <xsl:text>)$","patternErrorMessage":</xsl:text>
      <xsl:call-template name="str">
        <xsl:with-param name="s">
          <xsl:text>not one of: </xsl:text>
          <xsl:for-each select="$r/xs:enumeration">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:value-of select="@value"/>
          </xsl:for-each>
          <xsl:text> (in any letter case)</xsl:text>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:text>}]</xsl:text>
    </xsl:if>
    <xsl:if test="$r/xs:enumeration and not($fold)">
      <xsl:text>,"enum":[</xsl:text>
      <xsl:for-each select="$r/xs:enumeration">
        <xsl:if test="position() &gt; 1">,</xsl:if>
        <xsl:call-template name="str"><xsl:with-param name="s" select="@value"/></xsl:call-template>
        <!-- a YAML number (version: 1.0) is the same value as its text -->
        <xsl:if test="contains($types, 'number') and string(number(@value))!='NaN'">
          <xsl:value-of select="concat(',', @value)"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:if test="$r/xs:minLength"><xsl:value-of select="concat(',&quot;minLength&quot;:', $r/xs:minLength/@value)"/></xsl:if>
    <xsl:if test="$r/xs:maxLength"><xsl:value-of select="concat(',&quot;maxLength&quot;:', $r/xs:maxLength/@value)"/></xsl:if>
    <xsl:if test="$r/xs:minInclusive"><xsl:value-of select="concat(',&quot;minimum&quot;:', $r/xs:minInclusive/@value)"/></xsl:if>
    <xsl:if test="$r/xs:maxInclusive"><xsl:value-of select="concat(',&quot;maximum&quot;:', $r/xs:maxInclusive/@value)"/></xsl:if>
    <xsl:if test="$r/xs:pattern">
      <!-- an XSD pattern matches the whole value -->
      <xsl:text>,"pattern":</xsl:text>
      <xsl:call-template name="str">
        <xsl:with-param name="s" select="concat('^(?:', $r/xs:pattern/@value, ')$')"/>
      </xsl:call-template>
      <xsl:variable name="words" select="substring-before(substring-after(concat('&#10;', $pattern-words, '&#10;'), concat('&#10;', $r/xs:pattern/@value, '&#9;')), '&#10;')"/>
      <xsl:if test="$words != ''">
        <xsl:text>,"patternErrorMessage":</xsl:text>
        <xsl:call-template name="str">
          <xsl:with-param name="s" select="concat('not in the form this setting takes: ', $words)"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="type-list">
    <xsl:param name="s"/>
    <xsl:variable name="first" select="substring-before(concat($s, ' '), ' ')"/>
    <xsl:call-template name="str"><xsl:with-param name="s" select="$first"/></xsl:call-template>
    <xsl:if test="contains($s, ' ')">
      <xsl:text>,</xsl:text>
      <xsl:call-template name="type-list"><xsl:with-param name="s" select="substring-after($s, ' ')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- a regular expression matching the letters of $s in any case: [sS][eE][tT]... -->
  <xsl:template name="ci">
    <xsl:param name="s"/>
    <xsl:if test="$s!=''">
      <xsl:variable name="c" select="substring($s, 1, 1)"/>
      <xsl:choose>
        <xsl:when test="translate($c, $lower, $upper)!=translate($c, $upper, $lower)">
          <xsl:value-of select="concat('[', translate($c, $lower, $upper), translate($c, $upper, $lower), ']')"/>
        </xsl:when>
        <xsl:when test="contains('.*+?()[]{}|^$\-', $c)"><xsl:value-of select="concat('\\', $c)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$c"/></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="ci"><xsl:with-param name="s" select="substring($s, 2)"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- the '...' literals of an XPath expression, as JSON strings separated by commas -->
  <xsl:template name="quoted">
    <xsl:param name="s"/>
    <xsl:param name="first" select="true()"/>
    <xsl:if test="contains(substring-after($s, &quot;'&quot;), &quot;'&quot;)">
      <xsl:variable name="rest" select="substring-after($s, &quot;'&quot;)"/>
      <xsl:if test="not($first)">,</xsl:if>
      <xsl:call-template name="str"><xsl:with-param name="s" select="substring-before($rest, &quot;'&quot;)"/></xsl:call-template>
      <xsl:call-template name="quoted">
        <xsl:with-param name="s" select="substring-after($rest, &quot;'&quot;)"/>
        <xsl:with-param name="first" select="false()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- a JSON string: quotes, with \ and " escaped (the data holds no control characters) -->
  <xsl:template name="str">
    <xsl:param name="s"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="esc"><xsl:with-param name="s" select="$s"/></xsl:call-template>
    <xsl:text>"</xsl:text>
  </xsl:template>
  <xsl:template name="esc">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '\') or contains($s, '&quot;')">
        <xsl:variable name="bs" select="substring-before($s, '\')"/>
        <xsl:variable name="qu" select="substring-before($s, '&quot;')"/>
        <xsl:choose>
          <xsl:when test="contains($s, '\') and (not(contains($s, '&quot;')) or string-length($bs) &lt; string-length($qu))">
            <xsl:value-of select="concat($bs, '\\')"/>
            <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-after($s, '\')"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat($qu, '\&quot;')"/>
            <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-after($s, '&quot;')"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
