# SPDX-License-Identifier: MIT
# The rules that need an option to run: off by default (--enable) or about some
# Windows releases only (--target). Each fires with it and stays quiet without.
. "$top_srcdir/tests/cli/lib.sh"
R=$FILES/rules

# fires OPTIONS FILE RULE COUNT
fires() {
	n=$("$VALIDATE" --no-config $1 "$2" | grep -c "\[$3\]$")
	check "$3 with '$1' on $(basename "$2")" "$4" "$n"
}

fires "" "$R/good-autologon-no-logon-count.xml" autologon-logon-count 0
fires "--enable=autologon-logon-count" "$R/good-autologon-no-logon-count.xml" autologon-logon-count 1
fires "" "$R/good-offline-image-local-path.xml" offline-image-local-path 0
fires "--enable=offline-image-local-path" "$R/good-offline-image-local-path.xml" offline-image-local-path 1
fires "" "$R/good-autounattend-no-windowspe-default-off/Autounattend.xml" autounattend-no-windowspe 0
fires "--enable=autounattend-no-windowspe" "$R/good-autounattend-no-windowspe-default-off/Autounattend.xml" autounattend-no-windowspe 1
fires "--enable=autounattend-no-windowspe" "$R/good-unattend-no-windowspe/unattend.xml" autounattend-no-windowspe 0
fires "--target=7" "$R/bad-deprecated-setting.xml" deprecated-setting 0
fires "--target=2008r2" "$R/bad-deprecated-setting.xml" deprecated-setting 0
fires "--target=2019" "$R/bad-deprecated-setting.xml" deprecated-setting 3
fires "--target=11" "$R/bad-deprecated-setting.xml" deprecated-setting 3
fires "--target=2016" "$R/bad-deprecated-setting-1709.xml" deprecated-setting-1709 0
fires "--target=2019" "$R/bad-deprecated-setting-1709.xml" deprecated-setting-1709 2
finish
