# SPDX-License-Identifier: MIT
# bash completion for the unattend-tools programs. Options come from each program's
# own --help, kinds and rules from --list-kinds / --list-rules, so the lists never
# fall behind the programs.

_unattend_tools_words()	# PROGRAM ARG...: the first column of PROGRAM ARG's output
{
	"$@" 2>/dev/null | awk '{print $1}'
}

_unattend_tools()
{
	local cur prev words cword split
	_init_completion -s || return

	local prog=$1
	case $prev in
	-k | --kind | --from-agent-kind)
		COMPREPLY=($(compgen -W "$(_unattend_tools_words "$prog" --list-kinds)" -- "$cur"))
		return ;;
	--disable | --enable)
		COMPREPLY=($(compgen -W "$(_unattend_tools_words unattend-validate --list-rules)" -- "$cur"))
		return ;;
	--severity)
		if [[ $cur == *=* ]]; then
			local rule=${cur%%=*}
			COMPREPLY=($(compgen -P "$rule=" -W "error warning note" -- "${cur#*=}"))
		else
			compopt -o nospace
			COMPREPLY=($(compgen -S = -W "$(_unattend_tools_words unattend-validate --list-rules)" -- "$cur"))
		fi
		return ;;
	-f | --format)
		local formats="text json"
		[[ ${prog##*/} == unattend-validate ]] && formats="text json sarif github"
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return ;;
	--agent | --from-agent)
		COMPREPLY=($(compgen -W "ec2config ec2launch ec2launch-v2" -- "$cur"))
		return ;;
	--os | --target)
		COMPREPLY=($(compgen -W "2008r2 2012 2012r2 2016 2019 2022 2025 7 8 8.1 10 11" -- "$cur"))
		return ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return ;;
	--template)
		COMPREPLY=($(compgen -W "auto packer go jinja none" -- "$cur"))
		return ;;
	--admin-password)
		COMPREPLY=($(compgen -W "random static keep" -- "$cur"))
		return ;;
	--user-data-form)
		COMPREPLY=($(compgen -W "xml yaml" -- "$cur"))
		return ;;
	--handle-user-data | --set-computer-name | --monitor-always-on | --extend-boot-volume | \
	    --activate-windows | --ssm)
		COMPREPLY=($(compgen -W "on off" -- "$cur"))
		return ;;
	-o | --output | --data-dir)
		_filedir -d
		return ;;
	--config | --profile | --from | --admin-password-file | --var-file | --user-data | *-file)
		_filedir
		return ;;
	-j | --jobs | --set | --var | --timezone | --locale | --ui-language | --computer-name | \
	    --agent-version | --registered-owner | --registered-organization | --device)
		return ;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_parse_help "$prog")" -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	_filedir
}
complete -F _unattend_tools unattend-validate unattend-diff unattend-gen unattend-edit unattend-migrate
