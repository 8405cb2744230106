# SPDX-License-Identifier: MIT
# Templates: --template, --var, --var-file, positions in the template's terms,
# masking of given secrets, template suffixes, unattend-diff on two templates.
. "$top_srcdir/tests/cli/lib.sh"
errors() {	# FILE: its errors as "line:column: rule", on one line
	sed -n 's/^[^:]*:\([0-9]*:[0-9]*\): error: .*\[\([a-z-]*\)\]$/\1: \2/p' "$1" | tr '\n' ' ' | sed 's/ $//'
}
T=$FILES/templates
cd "$T" || exit 99

# placeholders and directives are no findings by default; --template=none is today's reading
"$VALIDATE" --no-config terraform-unattend.xml.tpl >"$TMPD/auto" 2>&1
check "auto: status" 1 $?
"$VALIDATE" --no-config --template=none terraform-unattend.xml.tpl >"$TMPD/none" 2>&1
check "none: status" 1 $?
check "auto: findings" 3 "$(wc -l <"$TMPD/auto" | tr -d ' ')"
contains "none: a placeholder is an architecture" "5:53: error: component/@processorArchitecture: '\${arch}'" "$TMPD/none"
contains "none: both branches" "[join-domain-and-workgroup]" "$TMPD/none"
contains "none: directive text" "Identification holds text, but it takes only settings" "$TMPD/none"
contains "auto: the fixed part is too long" "6:7: error: ComputerName is at least 18 characters long without its placeholders; at most 15 are allowed" "$TMPD/auto"
# an @x@ marker inside a value is a placeholder too: a value not yet known, its fixed part bounded
"$VALIDATE" --no-config marker-inside-unattend.xml >"$TMPD/mark" 2>&1
contains "mark inside: the fixed part is too long" "6:7: error: ComputerName is at least 17 characters long without its placeholders; at most 15 are allowed" "$TMPD/mark"
check "mark inside: no character finding" 0 "$(grep -c computer-name "$TMPD/mark")"
sed 's/>web-@HOSTNAME@-abcdefghijkl</>web-@HOSTNAME@</' marker-inside-unattend.xml >"$TMPD/short-unattend.xml"
"$VALIDATE" --no-config "$TMPD/short-unattend.xml" >"$TMPD/short" 2>&1
check "mark inside, short: only the duplicate" "duplicate-setting" \
    "$(sed -n 's/.*\[\([a-z-]*\)\]$/\1/p' "$TMPD/short" | tr '\n' ' ' | sed 's/ $//')"
"$VALIDATE" --no-config --var HOSTNAME=01 marker-inside-unattend.xml >"$TMPD/markvar" 2>&1
contains "mark inside: --var renders it" "6:7: error: ComputerName is 19 characters long" "$TMPD/markvar"
sed 's/>web-@HOSTNAME@-abcdefghijkl</>a@b@c</' marker-inside-unattend.xml >"$TMPD/addr-unattend.xml"
"$VALIDATE" --no-config "$TMPD/addr-unattend.xml" >"$TMPD/addr" 2>&1
contains "an address is no marker" "[computer-name]" "$TMPD/addr"
# a build script's string replace: %name% and {Name} as a whole value (not %WINDIR%\..., not a {GUID})
"$VALIDATE" --no-config replace-unattend.xml >"$TMPD/repl" 2>&1
check "replace: only the real defect" "46:9: value-type" "$(sed -n 's/^[^:]*:\([0-9]*:[0-9]*\): error: .*\[\([a-z-]*\)\]$/\1: \2/p' "$TMPD/repl" | tr '\n' ' ' | sed 's/ $//')"
"$VALIDATE" --no-config --template=none replace-unattend.xml >"$TMPD/repl" 2>&1
contains "replace, none: read as text" "5:47: error: component/@processorArchitecture: '%arch%'" "$TMPD/repl"
contains "replace, none: a placeholder password is clear text" "[cleartext-password]" "$TMPD/repl"
"$VALIDATE" --no-config --var arch=x64 --var partition_id=0 replace-unattend.xml >"$TMPD/repl" 2>&1
contains "replace: --var renders %arch%" "5:47: error: component/@processorArchitecture: 'x64'" "$TMPD/repl"
contains "replace: --var renders %partition_id%" "10:13: error: PartitionID: 0 is less than" "$TMPD/repl"
"$VALIDATE" --no-config --template=packer terraform-unattend.xml.tpl >"$TMPD/packer" 2>&1
cmp -s "$TMPD/auto" "$TMPD/packer" && ok || not_ok "packer: differs from auto: $(cat "$TMPD/packer")"
# a syntax forced: the others are text
"$VALIDATE" --no-config --template=go terraform-unattend.xml.tpl >"$TMPD/go" 2>&1
contains "go: \${x} is text" "'\${arch}'" "$TMPD/go"
"$VALIDATE" --no-config --template=jinja ansible-autounattend.xml.j2 >"$TMPD/j" 2>&1
check "jinja: status" 1 $?
check "jinja: findings" 1 "$(wc -l <"$TMPD/j" | tr -d ' ')"

# --var renders, and the value is checked at the template's line and column
"$VALIDATE" --no-config --var arch=x64 --var index=1 terraform-unattend.xml.tpl >"$TMPD/var" 2>&1
contains "var: rendered attribute at its column" "terraform-unattend.xml.tpl:5:53: error: component/@processorArchitecture: 'x64'" "$TMPD/var"
contains "var: later lines unmoved" "terraform-unattend.xml.tpl:58:9: error: ProtectYourPC" "$TMPD/var"
contains "var: the whole value" "6:7: error: ComputerName is 19 characters long" "$TMPD/var"
# a value longer than its placeholder moves nothing after it on the line
"$VALIDATE" --no-config --var "arch=amd64-with-a-long-tail" terraform-unattend.xml.tpl >"$TMPD/long" 2>&1
contains "var: column after a long value" "terraform-unattend.xml.tpl:24:78:" "$TMPD/long"
# markup in a value is text
"$VALIDATE" --no-config --var "owner=A & B <co>" --var arch=amd64 terraform-unattend.xml.tpl >"$TMPD/amp" 2>&1
check "var: escaped" 0 "$(grep -c syntax "$TMPD/amp")"

# --var-file: Packer .pkrvars.hcl and JSON
cat >"$TMPD/v.pkrvars.hcl" <<'V'
# comments and lists are fine
arch = "amd64"
users = [
  "a",
]
hide_eula = maybe // not a boolean
V
"$VALIDATE" --no-config --var-file "$TMPD/v.pkrvars.hcl" terraform-unattend.xml.tpl >"$TMPD/vf" 2>&1
contains "var-file hcl: value checked" "57:9: error: HideEULAPage: 'maybe // not a boolean'" "$TMPD/vf"
printf '{"arch": "ia32", "index": 7}\n' >"$TMPD/v.json"
"$VALIDATE" --no-config --var-file "$TMPD/v.json" terraform-unattend.xml.tpl >"$TMPD/vj" 2>&1
contains "var-file json" "5:53: error: component/@processorArchitecture: 'ia32'" "$TMPD/vj"
printf 'arch amd64\n' >"$TMPD/bad.pkrvars.hcl"
"$VALIDATE" --no-config --var-file "$TMPD/bad.pkrvars.hcl" terraform-unattend.xml.tpl >"$TMPD/out" 2>"$TMPD/err"
check "var-file bad: status" 2 $?
contains "var-file bad: line" "bad.pkrvars.hcl:1: not a \`name = value\` line" "$TMPD/err"
"$VALIDATE" --no-config --var novalue terraform-unattend.xml.tpl >"$TMPD/out" 2>"$TMPD/err"
check "var without =: status" 2 $?
"$VALIDATE" --no-config --template=erb terraform-unattend.xml.tpl >"$TMPD/out" 2>"$TMPD/err"
check "unknown syntax: status" 2 $?
contains "unknown syntax: message" "unknown --template 'erb'" "$TMPD/err"

# a secret given as a variable never shows, in any format
# (from a file: the command line refuses them, tests/cli/template-vars.sh)
printf 'hide_eula_password = "Canary-9d1f"\njoin_password = "Canary-77ab"\nadmin_password = "Canary-1"\n' >"$TMPD/secrets.pkrvars.hcl"
for fmt in text json sarif github; do
	"$VALIDATE" --no-config -f $fmt --var arch=amd64 --var hide_eula=Canary-9d1f \
	    --var-file "$TMPD/secrets.pkrvars.hcl" terraform-unattend.xml.tpl >"$TMPD/m" 2>&1
	check "mask $fmt: checked" 1 $?
	check "mask $fmt" 0 "$(grep -c Canary "$TMPD/m")"
done

# the kind from a template's name; line and column in a YAML template after a rendered value
"$VALIDATE" --no-config --var prefix=abc --var-file "$TMPD/secrets.pkrvars.hcl" packer-agent/agent-config.yml.pkrtpl.hcl >"$TMPD/y" 2>&1
contains "yaml: rendered value" "26:7: error: Host name abc-windows-webserver" "$TMPD/y"
check "yaml: masked" 0 "$(grep -c Canary "$TMPD/y")"
cp terraform-unattend.xml.tpl "$TMPD/Autounattend.xml.pkrtpl.hcl"
"$VALIDATE" --no-config "$TMPD/Autounattend.xml.pkrtpl.hcl" >"$TMPD/k" 2>&1
check "kind from name: status" 1 $?
contains "kind from name" "[value-enum]" "$TMPD/k"

# agent files: a value made by directives is not known (not both branches run together),
# also unquoted in JSON; a member a directive wraps on its line stays a member
mkdir -p "$TMPD/dv"
cat >"$TMPD/dv/agent-config.yml" <<'Y'
version: 1.0
config:
- stage: postReady
  tasks:
  - task: setHostName
    inputs:
      hostName: %{ if big }web-a%{ else }web-b%{ endif }
      reboot: true
Y
"$VALIDATE" --no-config "$TMPD/dv/agent-config.yml" >"$TMPD/out" 2>&1
check "yaml: a value made by directives" 0 $?
cat >"$TMPD/dv/LaunchConfig.json" <<'J'
{
  "setComputerName": {{ if .Rename }}true{{ else }}false{{ end }},
  {{ if .Wallpaper }}"setWallpaper": true,{{ end }}
  "addDnsSuffixList": true,
  "extendBootVolumeSize": true,
  "handleUserData": "yes",
  "adminPasswordType": "{{ if .Random }}Random{{ else }}Specify{{ end }}"
}
J
"$VALIDATE" --no-config "$TMPD/dv/LaunchConfig.json" >"$TMPD/out" 2>&1
check "json: values made by directives: status" 1 $?
check "json: only the real defect" "6:3: value-type" "$(errors "$TMPD/out")"

# a value made by directives in any scalar position: a YAML list item, a JSON array
# element (bare or in a string); a list item holding a key, a task a directive wraps,
# and text in a block stay as they were; a real defect is still found, at its place
cat >"$TMPD/dv/agent-config.yml" <<'Y'
version: 1.0
config:
- stage: preReady
  tasks:
  - task: setDnsSuffix
    inputs:
      suffixes:
      - %{ if lab }lab.example.com%{ else }corp.example.com%{ endif }
      - web%{ for s in parts }.${s}%{ endfor }.example.com
      - bad..suffix
- stage: postReady
  tasks:
  - %{ if ssh }task: enableOpenSsh%{ endif }
  %{ if jumbo ~}
  - task: enableJumboFrames
  %{ endif ~}
  - task: executeScript
    inputs:
    - frequency: always
      type: powershell
      runAs: localSystem
      content: |-
        Write-Host %{ if big }big%{ else }small%{ endif }
Y
"$VALIDATE" --no-config "$TMPD/dv/agent-config.yml" >"$TMPD/out" 2>&1
check "yaml list items made by directives: status" 1 $?
check "yaml list items: only the real defect, at its place" "10:9: dns-suffix-invalid" "$(errors "$TMPD/out")"
# a block's text made by loops: the lines the directives leave blank are no syntax error
mkdir -p "$TMPD/db"
cat >"$TMPD/db/agent-config.yml" <<'Y'
version: 1.0
config:
- stage: postReady
  tasks:
  - task: executeScript
    inputs:
    - frequency: always
      type: powershell
      runAs: localSystem
      content: |-
        %{ for c in commands ~}
        %{ if c != "" ~}
        ${c}
        %{ endif ~}
        %{ endfor ~}
  - task: setHostName
    inputs:
      hostName: web_1
Y
"$VALIDATE" --no-config "$TMPD/db/agent-config.yml" >"$TMPD/out" 2>&1
check "yaml block made by loops: only the real defect, at its place" "18:7: hostname-chars" "$(errors "$TMPD/out")"
mkdir -p "$TMPD/dj"
cat >"$TMPD/dj/agent-config.json" <<'J'
{
  "version": "1.0",
  "config": [
    {
      "stage": "preReady",
      "tasks": [
        {
          "task": "setDnsSuffix",
          "inputs": {
            "suffixes": [ {{ if .Lab }}"lab.example.com"{{ else }}"corp.example.com"{{ end }},
              {{ if .Lab }}"lab.example.com"{{ else }}"corp.example.com"{{ end }},
              "{{ if .Lab }}lab{{ else }}corp{{ end }}.example.org",
              {{ if .Extra }}"extra.example.com",{{ end }}
              "bad..suffix"
            ]
          }
        }
      ]
    }
  ]
}
J
"$VALIDATE" --no-config "$TMPD/dj/agent-config.json" >"$TMPD/out" 2>&1
check "json array elements made by directives: status" 1 $?
check "json array elements: only the real defect, at its place" "14:15: dns-suffix-invalid" "$(errors "$TMPD/out")"

# a script's %name% and {Name} as a whole JSON string
cat >"$TMPD/dv/LaunchConfig.json" <<'J'
{
  "setComputerName": false,
  "setWallpaper": true,
  "addDnsSuffixList": true,
  "extendBootVolumeSize": true,
  "handleUserData": true,
  "adminPasswordType": "%login_mode%",
  "adminPassword": "{AdminPassword}"
}
J
"$VALIDATE" --no-config "$TMPD/dv/LaunchConfig.json" >"$TMPD/out" 2>&1
check "json: %name% and {Name} strings" 0 $?
"$VALIDATE" --no-config --template=none "$TMPD/dv/LaunchConfig.json" >"$TMPD/out" 2>&1
contains "json, none: read as text" "7:3: error: adminPasswordType: '%login_mode%'" "$TMPD/out"
"$VALIDATE" --no-config --var login_mode=Sometimes "$TMPD/dv/LaunchConfig.json" >"$TMPD/out" 2>&1
contains "json: --var renders %name%" "7:3: error: adminPasswordType: 'Sometimes'" "$TMPD/out"

# here-string variables (any syntax) standing where elements belong, several in one run of
# text: placeholders, not text; a run with any plain text in it still holds text
cat >"$TMPD/head" <<'X'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <TimeZone>UTC</TimeZone>
    </component>
X
cat >"$TMPD/tail" <<'X'
  </settings>
</unattend>
X
run_file() {
	{ cat "$TMPD/head"; printf '%s\n' "$1"; cat "$TMPD/tail"; } >"$TMPD/run-unattend.xml"
	"$VALIDATE" --no-config "$TMPD/run-unattend.xml" >"$TMPD/run" 2>&1
}
for run in '    $IpConfig
    $DomainJoin' '    $A $B' '    $(Get-A)
    $(Get-B)' '    ${a}
    ${b}' '    {{ .A }}
    {{ .B }}' '    @A@
    @B@' '    %A%
    %B%' '    {A}
    {B}' '    $A
    ${b}
    {{ .c }}
    @D@
    %E% {F}
    $(g)'; do
	run_file "$run"
	st=$?
	check "run of placeholders: $(echo $run)" 0 $st
done
for run in '    $A stray' '    text ${a}' '    ${a} text' '    @A@ text' '    {{ .A }} text' '    $A
    stray'; do
	run_file "$run"
	st=$?
	check "run with text: $(echo $run): status" 1 $st
	contains "run with text: $(echo $run)" "run-unattend.xml:3:3: error: settings holds text" "$TMPD/run"
done
# inside a component, where settings belong
sed 's|<TimeZone>UTC</TimeZone>|$ShellSettings\n      $(Get-Oobe)\n      <TimeZone>UTC</TimeZone>|' "$TMPD/head" >"$TMPD/run-unattend.xml"
cat "$TMPD/tail" >>"$TMPD/run-unattend.xml"
"$VALIDATE" --no-config "$TMPD/run-unattend.xml" >"$TMPD/run" 2>&1
check "component: a run of placeholders" 0 $?
"$VALIDATE" --no-config --template=none "$TMPD/run-unattend.xml" >"$TMPD/run" 2>&1
contains "component, none: text" "run-unattend.xml:4:5: error: component holds text" "$TMPD/run"

# a file without markers reads the same in every mode
for mode in auto packer go jinja; do
	"$VALIDATE" --no-config --template=$mode "$FILES/unattend/bad-duplicate-setting.xml" >"$TMPD/p" 2>&1
	"$VALIDATE" --no-config --template=none "$FILES/unattend/bad-duplicate-setting.xml" >"$TMPD/q" 2>&1
	cmp -s "$TMPD/p" "$TMPD/q" && ok || not_ok "plain file under $mode"
done

# unattend-diff: two versions of a template compare as templates
sed -e 's/<ProtectYourPC>4</<ProtectYourPC>3</' -e 's/%{ else ~}/%{ else if x ~}/' \
    terraform-unattend.xml.tpl >"$TMPD/new.xml.tpl"
"$DIFF" terraform-unattend.xml.tpl "$TMPD/new.xml.tpl" >"$TMPD/d" 2>&1
check "diff: status" 1 $?
contains "diff: the change" "ProtectYourPC" "$TMPD/d"
check "diff: directives are no change" 1 "$(grep -c '^[-+~]' "$TMPD/d")"
"$DIFF" --template=erb terraform-unattend.xml.tpl "$TMPD/new.xml.tpl" >"$TMPD/d" 2>&1
check "diff: unknown syntax" 2 $?

# unattend-edit writes a template back with its directives and placeholders byte for byte
EDIT=$top_builddir/unattend-edit
for f in terraform-unattend.xml.tpl proxmox-autounattend.xml.pkrtpl.hcl; do
	"$EDIT" --set 'specialize/Microsoft-Windows-Shell-Setup/RegisteredOwner=Ops' "$f" >"$TMPD/e" 2>"$TMPD/err"
	check "edit $f: status" 0 $?
	grep -v RegisteredOwner "$f" >"$TMPD/e1"
	grep -v RegisteredOwner "$TMPD/e" >"$TMPD/e2"
	cmp -s "$TMPD/e1" "$TMPD/e2" && ok || not_ok "edit $f: more changed than the edit: $(diff "$f" "$TMPD/e")"
	contains "edit $f: the edit" "<RegisteredOwner>Ops</RegisteredOwner>" "$TMPD/e"
	contains "edit $f: directives kept" "%{ if" "$TMPD/e"
done
finish
