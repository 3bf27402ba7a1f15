#!/usr/bin/env bats
# zsh and fish completions (issue 16): written from each binary's --help by
# scripts/completions/gen, checked to list every option --help lists, and
# tried in the real shells where they are installed.

load helpers

ROOT="$BATS_TEST_DIRNAME/.."

setup_file() {
	"$BATS_TEST_DIRNAME/../scripts/completions/gen" "$BIN_DIR" "$BATS_FILE_TMPDIR/c"
}

setup() {
	C=$BATS_FILE_TMPDIR/c
}

# Option names --help lists (docs.bats reads them the same way).
help_options() {
	"$1" --help | grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
		grep -oE '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | sed -E 's/^[ ,]//' | sort -u
}

# Options of binary $1 that a completion does not offer: $2 the zsh file,
# $3 the fish file. Prints "zsh: --x" / "fish: -y" lines, nothing if all are there.
missing_options() {
	local b=$1 zsh=$2 fish=$3 n=${1##*/} o body
	# The binary's own function in the shared zsh file.
	body=$(awk -v f="_$n() {" '$0 == f { on = 1 } on { print } on && /^}$/ { exit }' "$zsh")
	[ -n "$body" ] || { echo "zsh: no _$n function"; return; }
	while IFS= read -r o; do
		if [[ $o == --* ]]; then
			[[ $body == *"--${o#--}["* || $body == *",--${o#--}}"* ]] || echo "zsh: $o"
			grep -qE -- "-l ${o#--}( |$)" "$fish" || echo "fish: $o"
		else
			[[ $body == *"{$o,"* ]] || echo "zsh: $o"
			grep -qE -- "-s ${o#-}( |$)" "$fish" || echo "fish: $o"
		fi
	done < <(help_options "$b")
}

@test "completions: every option of every binary's --help is in its zsh and fish completion" {
	local b n out bad=0
	for b in "$BIN_DIR"/llm-*; do
		n=${b##*/}
		[ -f "$C/fish/$n.fish" ] || { echo "no fish file for $n" >&2; bad=1; continue; }
		out=$(missing_options "$b" "$C/zsh/_llm-toolkit" "$C/fish/$n.fish")
		[ -z "$out" ] || { echo "$n:" $out >&2; bad=1; }
		grep -q "^#compdef .*\b$n\b" "$C/zsh/_llm-toolkit" || { echo "$n not in #compdef" >&2; bad=1; }
	done
	[ "$bad" -eq 0 ]
}

@test "completions: the check catches an option the completion lacks" {
	cat >"$BATS_TEST_TMPDIR/llm-route" <<-'EOF'
	#!/bin/sh
	"$BIN_DIR/llm-route" --help | sed 's/^      --summary /      --brand-new /'
	EOF
	chmod +x "$BATS_TEST_TMPDIR/llm-route"
	run missing_options "$BATS_TEST_TMPDIR/llm-route" "$C/zsh/_llm-toolkit" "$C/fish/llm-route.fish"
	[ "$output" = "$(printf '%s\n' 'zsh: --brand-new' 'fish: --brand-new')" ]
}

@test "completions: llm-audit's options are offered under the subcommands they belong to" {
	# fish: --quick is verify's; --db every subcommand's.
	grep -qE "^complete -c llm-audit -n '__fish_seen_subcommand_from verify' -l quick " "$C/fish/llm-audit.fish"
	grep -qE "^complete -c llm-audit -s d -l db " "$C/fish/llm-audit.fish"
	# zsh: a case per subcommand of llm-audit's usage lines.
	local s
	for s in $(llm-audit --help | sed -nE 's/^(usage:)? +llm-audit ([a-z-]+).*/\2/p'); do
		grep -qE "^	$s\)$" "$C/zsh/_llm-toolkit" || { echo "no zsh case for $s" >&2; return 1; }
	done
}

@test "completions: zsh loads the file and completes options, values and subcommands" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$C/zsh/_llm-toolkit"
	assert_status 0
	zc() {
		rm -f "$BATS_TEST_TMPDIR/z"
		timeout 60 zsh -f "$BATS_TEST_DIRNAME/completions/zsh-complete.zsh" "$C/zsh" "$BIN_DIR" "$1" "$BATS_TEST_TMPDIR/z"
		cat "$BATS_TEST_TMPDIR/z" 2>/dev/null
	}
	run zc 'llm-route --ex'
	[ "${lines[0]}" = "<<--explain>>" ] || { echo "$output" >&2; false; }
	run zc 'llm-filter --stage '
	[ "${lines[0]}" = "<<input|output>>" ] || { echo "$output" >&2; false; }
	run zc 'llm-audit verify --qu'
	[ "${lines[0]}" = "<<--quiet|--quick>>" ] || { echo "$output" >&2; false; }
	run zc 'llm-audit append --qu'
	[ "${lines[0]}" = "<<--quiet>>" ] || { echo "$output" >&2; false; }
	run zc 'llm-audit ver'
	[ "${lines[0]}" = "<<verify|verify-proof>>" ] || { echo "$output" >&2; false; }
}

@test "completions: fish loads the files and completes options, values and subcommands" {
	command -v fish >/dev/null || skip "fish is not installed"
	local f
	for f in "$C"/fish/*.fish; do
		run fish -n "$f"
		assert_status 0
	done
	fc() {
		fish -N -c "set -p fish_complete_path '$C/fish'; complete -C '$1'" | cut -f1
	}
	run fc 'llm-route --ex'
	[ "$output" = "--explain" ] || { echo "$output" >&2; false; }
	run fc 'llm-filter --stage '
	[ "$output" = "$(printf '%s\n' input output)" ] || { echo "$output" >&2; false; }
	run fc 'llm-audit verify --qu'
	[ "$output" = "$(printf '%s\n' --quick --quiet)" ] || { echo "$output" >&2; false; }
	run fc 'llm-audit append --qu'
	[ "$output" = "--quiet" ] || { echo "$output" >&2; false; }
	run fc 'llm-audit ver'
	[ "$output" = "$(printf '%s\n' verify verify-proof)" ] || { echo "$output" >&2; false; }
	run fc 'llm-classify --fail-on con'
	[ "$output" = "confidential" ] || { echo "$output" >&2; false; }
}
