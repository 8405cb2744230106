# SPDX-License-Identifier: MIT
# The user-data kind beyond tests/files/agents/user-data: names, --kind, Base64
# (findings at lines of the decoded text), bounded time on hostile tag soup.
. "$top_srcdir/tests/cli/lib.sh"
V="$VALIDATE --no-config --color=never"
D=$FILES/agents/user-data
cd "$TMPD" || exit 99

# every documented name form selects the kind; other names need --kind
for name in user-data userdata USER_DATA user-data.ps1 userdata.txt web-user-data.yml \
    prod.userdata web_user_data.ps1 prod.user_data build-USER_DATA; do
	printf '<powershell>Write-Output x</powershell>\n<persist>maybe</persist>\n' >"$name"
	$V "$name" >out 2>&1
	check "name $name" 1 $?
	contains "name $name value" "$name:2:1: error: persist: 'maybe'" out
	rm -f "$name"
done
printf '<powershell>Write-Output x</powershell>\n<persist>maybe</persist>\n' >boot.txt
$V -k user-data boot.txt >out 2>&1
check "--kind user-data" 1 $?
contains "--kind user-data finding" "boot.txt:2:1: error: persist" out
$VALIDATE --list-kinds | grep -q '^user-data ' && ok || not_ok "user-data not in --list-kinds"

# Base64 of a bad file: the finding is at the line of the decoded text
base64 "$D/bad-persist-value/userdata.txt" >userdata.b64
$V userdata.b64 >out 2>&1
check "base64 exit" 1 $?
contains "base64 line" "userdata.b64:4:1: error: persist: 'yes'" out
# text that merely looks like Base64 is not decoded when it decodes to binary
printf 'AAAAAAAAAAAA\n' >userdata
$V userdata >out 2>&1
contains "not base64 text" "userdata-no-script" out

# tag soup of a megabyte: bounded time, findings, no crash
"${PYTHON3:-python3}" -c "
open('userdata.1','w').write(''.join('<x%d>' % i for i in range(150000)))
open('userdata.2','w').write('<a></a>' * 150000)
open('userdata.3','w').write(('<powershell>' + '<' * 10 + '</powershell>') * 40000)" || exit 99
for f in userdata.1 userdata.2 userdata.3; do
	timeout $((10 * SCALE)) $V "$f" >out 2>&1
	check "hostile $f exit" 1 $?
	contains "hostile $f size" "userdata-size-v2" out
done
finish
