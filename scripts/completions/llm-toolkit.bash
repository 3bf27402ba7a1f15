# bash completion for the llm-toolkit binaries (llm-classify, llm-filter,
# llm-route, llm-infer, llm-audit). `make install` puts one copy per binary
# under share/bash-completion/completions/, where bash-completion finds it
# by the command's name; or source this file from ~/.bashrc. zsh's and
# fish's are written from the same --help by ./gen (make completions).
#
# The options come from each binary's own --help (generated from the same
# table its parser reads), so completion never drifts from the binary.
# Subcommands (llm-audit) come from the "usage:" lines.

_llm_toolkit_words() {
	# $1: binary; $2: subcommand or empty. Prints options, then subcommands.
	local help
	if [ -n "$2" ]; then
		help=$("$1" "$2" --help 2>/dev/null)
	else
		help=$("$1" --help 2>/dev/null)
	fi
	printf '%s\n' "$help" | grep -oE '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | sed -E 's/^[ ,]//' | sort -u
}

_llm_toolkit_subcommands() {
	"$1" --help 2>/dev/null | sed -n 's/^\(usage:\)\{0,1\} *'"${1##*/}"' \([a-z][a-z-]*\)\b.*/\2/p' | sort -u
}

_llm_toolkit() {
	local cur prev cmd sub words
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=${COMP_WORDS[0]}

	# Option values: files for the options that take them, choices where known.
	case $prev in
	-o | --output | -p | --policy | --state | --db | --vault | --vault-key | --hash-key | --sarif | \
		--baseline | -b | --rules | -r | --config | -c | --deny | --allow | --schema | --keygen | \
		--cache | --model | --key | --checkpoint | --write-baseline | --cacert)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	--stage | -s)
		COMPREPLY=($(compgen -W "input output" -- "$cur"))
		return 0
		;;
	--fail-on)
		COMPREPLY=($(compgen -W "block redact finding public internal confidential restricted" -- "$cur"))
		return 0
		;;
	--group-by)
		COMPREPLY=($(compgen -W "backend model workload class rule day" -- "$cur"))
		return 0
		;;
	esac

	sub=
	local subs
	subs=$(_llm_toolkit_subcommands "$cmd")
	if [ -n "$subs" ]; then
		if [ "$COMP_CWORD" -eq 1 ]; then
			COMPREPLY=($(compgen -W "$subs --help --version" -- "$cur"))
			return 0
		fi
		sub=${COMP_WORDS[1]}
	fi
	if [[ $cur == -* ]]; then
		words=$(_llm_toolkit_words "$cmd" "$sub")
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return 0
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -F _llm_toolkit llm-classify llm-filter llm-route llm-infer llm-audit
