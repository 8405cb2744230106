# SPDX-License-Identifier: MIT
# Template values given on the command line: a secret is refused there (exit 2,
# pointing to --var-file, the value never echoed), accepted from --var-file.
. "$top_srcdir/tests/cli/lib.sh"
T=$FILES/templates
cd "$T" || exit 99

# refused: exit 2, names --var-file, never echoes the value
refused() {	# NAME FILE ARGS...
	name=$1 file=$2
	shift 2
	"$VALIDATE" --no-config "$@" "$file" >"$TMPD/out" 2>"$TMPD/err"
	check "$name: status" 2 $?
	contains "$name: names --var-file" "--var-file" "$TMPD/err"
	check "$name: value never echoed" 0 "$(cat "$TMPD/out" "$TMPD/err" | grep -c Canary)"
	check "$name: nothing on standard output" 0 "$(wc -c <"$TMPD/out" | tr -d ' ')"
}

# a NAME that looks like a secret (schemas/secret-names.tsv and the masking's words)
refused "name password" terraform-unattend.xml.tpl --var arch=amd64 --var "admin_password=Canary-1"
refused "name passwd" terraform-unattend.xml.tpl --var "winrm_passwd=Canary-1"
refused "name product key" terraform-unattend.xml.tpl --var "product_key=Canary-1"
refused "name camel productKey" terraform-unattend.xml.tpl --var "productKey=Canary-1"
refused "name token" terraform-unattend.xml.tpl --var "api_token=Canary-1"
"$VALIDATE" --no-config --var "admin_password=Canary-1" terraform-unattend.xml.tpl >/dev/null 2>"$TMPD/err"
contains "name: the variable is named" "--var admin_password" "$TMPD/err"
# even when no placeholder of the file takes it (the command line is the leak)
refused "name unused" "$FILES/unattend/bad-duplicate-setting.xml" --var "unused_password=Canary-1"
# the same for unattend-diff
"$DIFF" --var "admin_password=Canary-1" terraform-unattend.xml.tpl terraform-unattend.xml.tpl >"$TMPD/out" 2>"$TMPD/err"
check "diff name: status" 2 $?
contains "diff name: names --var-file" "--var-file" "$TMPD/err"
check "diff name: value never echoed" 0 "$(cat "$TMPD/out" "$TMPD/err" | grep -c Canary)"

# names that only look a little like secrets are fine: a keyboard is no key
"$VALIDATE" --no-config --var keyboard_layout=en-US --var arch=amd64 terraform-unattend.xml.tpl >"$TMPD/out" 2>"$TMPD/err"
check "keyboard: not refused" 1 $?

# a name whose secret word only qualifiers follow (schemas/secret-qualifiers.tsv)
# names a setting about a secret: given on the command line; any other ending is refused
for n in password_type password_length password_policy admin_password_mode \
    password_min_length passwordPolicy ssh_key_file api_token_path; do
	"$VALIDATE" --no-config --var "$n=Canary-Q" "$FILES/unattend/bad-duplicate-setting.xml" >"$TMPD/out" 2>"$TMPD/err"
	check "qualified name $n: not refused" 1 $?
done
for n in password_typed admin_password_hash password_value password_type_secret \
    typed_password product_key_text; do
	refused "name $n" "$FILES/unattend/bad-duplicate-setting.xml" --var "$n=Canary-Q"
done
# a plain NAME whose value would fill a secret setting (the knowledge the masking uses)
cat >"$TMPD/secret-setting-unattend.xml" <<'X'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UserAccounts>
        <AdministratorPassword>
          <Value>${initial}</Value>
          <PlainText>true</PlainText>
        </AdministratorPassword>
      </UserAccounts>
      <RegisteredOwner>${owner}</RegisteredOwner>
      <ProductKey>${pk}</ProductKey>
    </component>
  </settings>
</unattend>
X
refused "setting: AdministratorPassword" "$TMPD/secret-setting-unattend.xml" --var initial=Canary-2
contains "setting: where" "secret-setting-unattend.xml: line 7" "$TMPD/err"
contains "setting: which" "AdministratorPassword/Value" "$TMPD/err"
contains "setting: which variable" "--var initial" "$TMPD/err"
refused "setting: ProductKey" "$TMPD/secret-setting-unattend.xml" --var pk=Canary-3
"$DIFF" --var pk=Canary-3 "$TMPD/secret-setting-unattend.xml" "$TMPD/secret-setting-unattend.xml" >"$TMPD/out" 2>"$TMPD/err"
check "diff setting: status" 2 $?
check "diff setting: value never echoed" 0 "$(cat "$TMPD/out" "$TMPD/err" | grep -c Canary)"
sed 's/\${initial}/${password_type}/' "$TMPD/secret-setting-unattend.xml" >"$TMPD/qualified-unattend.xml"
refused "setting: a qualified name filling AdministratorPassword" "$TMPD/qualified-unattend.xml" --var password_type=Canary-4
contains "setting: a qualified name: which variable" "--var password_type" "$TMPD/err"
# a plain setting from the command line is fine
"$VALIDATE" --no-config --var owner=Ops "$TMPD/secret-setting-unattend.xml" >"$TMPD/out" 2>"$TMPD/err"
check "setting: plain value accepted" 0 $?
check "setting: plain value: no trouble" 0 "$(wc -c <"$TMPD/err" | tr -d ' ')"
# the agent files' secrets too (setAdminAccount password data, LaunchConfig adminPassword)
"$VALIDATE" --no-config --var admin_user=ops packer-agent/agent-config.yml.pkrtpl.hcl >"$TMPD/out" 2>"$TMPD/err"
check "setting: agent-config user accepted" 1 $?
sed 's/\${admin_password}/${pw}/' packer-agent/agent-config.yml.pkrtpl.hcl >"$TMPD/agent-config.yml"
refused "setting: agent-config password data" "$TMPD/agent-config.yml" --var pw=Canary-4
contains "setting: agent-config where" "line 17" "$TMPD/err"

# from --var-file: accepted, and masked wherever it lands
printf 'initial = "Canary-5"\npk = "Canary-6"\nadmin_password = "Canary-7"\n' >"$TMPD/s.pkrvars.hcl"
chmod 600 "$TMPD/s.pkrvars.hcl"
for fmt in text json sarif github; do
	"$VALIDATE" --no-config -f $fmt --var-file "$TMPD/s.pkrvars.hcl" "$TMPD/secret-setting-unattend.xml" >"$TMPD/out" 2>"$TMPD/err"
	check "var-file $fmt: checked" 1 $?
	check "var-file $fmt: masked" 0 "$(cat "$TMPD/out" "$TMPD/err" | grep -c Canary)"
done
"$VALIDATE" --no-config --var-file "$TMPD/s.pkrvars.hcl" "$TMPD/secret-setting-unattend.xml" >"$TMPD/out" 2>&1
contains "var-file: product key checked" "[product-key-format]" "$TMPD/out"

# unattend-diff --var / --var-file: both sides rendered, with validate's meaning
cat >"$TMPD/a.xml.pkrtpl.hcl" <<'X'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="windowsPE">
    <component name="Microsoft-Windows-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <DiskConfiguration>
        <Disk wcm:action="add">
          <DiskID>0</DiskID>
          <CreatePartitions>
%{ if is_efi ~}
            <CreatePartition wcm:action="add">
              <Order>1</Order>
              <Type>EFI</Type>
              <Size>100</Size>
            </CreatePartition>
%{ else ~}
            <CreatePartition wcm:action="add">
              <Order>1</Order>
              <Type>Primary</Type>
              <Size>350</Size>
            </CreatePartition>
%{ endif ~}
          </CreatePartitions>
        </Disk>
      </DiskConfiguration>
      <UserData>
        <FullName>${full_name}</FullName>
        <Organization>${org}</Organization>
      </UserData>
    </component>
  </settings>
</unattend>
X
sed 's/\${org}/${organization}/' "$TMPD/a.xml.pkrtpl.hcl" >"$TMPD/b.xml.pkrtpl.hcl"
"$DIFF" "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/a.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
check "diff: a template against itself, branches and all" 0 $?
"$DIFF" "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
check "diff: placeholders compare as text" 1 $?
contains "diff: the placeholder change" '"${org}" -> "${organization}"' "$TMPD/out"
"$DIFF" --var org=Acme --var organization=Acme "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
check "diff --var: rendered alike, no difference" 0 $?
"$DIFF" --var org=Acme --var organization=Acme-EU "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
check "diff --var: rendered apart" 1 $?
contains "diff --var: the rendered values at the template's line" '"Acme" -> "Acme-EU" (' "$TMPD/out"
contains "diff --var: line" 'a.xml.pkrtpl.hcl:27,' "$TMPD/out"
printf '{"org": "Acme", "organization": "Acme"}\n' >"$TMPD/o.json"
"$DIFF" --var-file "$TMPD/o.json" "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
check "diff --var-file: rendered alike" 0 $?
# a value longer than its placeholder: the line after it is still the template's
sed 's/<Size>350</<Size>500</' "$TMPD/a.xml.pkrtpl.hcl" >"$TMPD/c.xml.pkrtpl.hcl"
"$DIFF" --var full_name="A very long full name indeed" "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/c.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
contains "diff --var: a branch's change at its line" 'a.xml.pkrtpl.hcl:19,' "$TMPD/out"
# a secret from --var-file, wherever it lands, is masked (not with --show-secrets)
printf 'org = "Canary-8"\nbuild_password = "Canary-8"\n' >"$TMPD/o.hcl"
for fmt in text json; do
	"$DIFF" -f $fmt --var-file "$TMPD/o.hcl" --var organization=Other "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
	check "diff $fmt: a secret's value changed" 1 $?
	check "diff $fmt: masked" 0 "$(grep -c Canary "$TMPD/out")"
done
contains "diff json: says masked" '"masked": true' "$TMPD/out"
"$DIFF" --show-secrets --var-file "$TMPD/o.hcl" --var organization=Other "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>&1
contains "diff --show-secrets: shown" 'Canary-8' "$TMPD/out"
# usage
"$DIFF" --var novalue "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>"$TMPD/err"
check "diff --var without =: status" 2 $?
contains "diff --var without =: message" "--var takes NAME=VALUE" "$TMPD/err"
"$DIFF" --var-file "$TMPD/missing.hcl" "$TMPD/a.xml.pkrtpl.hcl" "$TMPD/b.xml.pkrtpl.hcl" >"$TMPD/out" 2>"$TMPD/err"
check "diff --var-file missing: status" 2 $?
"$DIFF" --help >"$TMPD/out"
contains "diff --help: --var" "--var=NAME=VALUE" "$TMPD/out"
contains "diff --help: --var-file" "--var-file=FILE" "$TMPD/out"
finish
