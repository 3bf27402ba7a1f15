#!/usr/bin/env bats
# The man pages: each renders without warnings, has the sections it must,
# and lists the same options as its binary's --help.
#
# Convention the option checks rely on: in a page's OPTIONS section every
# option is an item of its own, `.It Fl Fl name ...` for a long option and
# `.It Fl x ... , Fl Fl name ...` where it also has a short one.

load helpers

MAN_DIR="$BATS_TEST_DIRNAME/../man"

pages() {
	local p
	for p in "$MAN_DIR"/*.[1-9]; do
		[ -f "$p" ] && printf '%s\n' "$p"
	done
}

# The OPTIONS section of an mdoc page, from `.Sh OPTIONS` to the next `.Sh`.
options_section() {
	awk '/^\.Sh /{ on = ($0 == ".Sh OPTIONS") } on' "$1"
}

# The EXIT STATUS section, likewise.
exit_section() {
	awk '/^\.Sh /{ on = ($0 == ".Sh EXIT STATUS") } on' "$1"
}

# Option names a page documents: "--name" for each `Fl Fl name` and "-x"
# for each `Fl x` on an `.It` line of its OPTIONS section, sorted.
man_options() {
	options_section "$1" | grep -E '^\.It ' | grep -oE 'Fl (Fl [A-Za-z0-9][A-Za-z0-9-]*|[A-Za-z0-9])\b' |
		sed -E 's/^Fl Fl /--/; s/^Fl /-/' | sort -u
}

# Option names a binary's --help lists: the left column of its option lines.
help_options() {
	"$1" --help | grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
		grep -oE '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | sed -E 's/^[ ,]//' | sort -u
}

@test "there are man pages, the contract page among them" {
	[ -n "$(pages)" ]
	[ -f "$MAN_DIR/llm-records.7" ]
}

@test "every man page renders with man -l without warnings" {
	command -v man >/dev/null || skip "man-db is not installed"
	local p bad=0
	while IFS= read -r p; do
		run bash -c 'MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null' _ "$p"
		if [ "$status" -ne 0 ] || [ -n "$output" ]; then
			echo "$(basename "$p"): status $status: $output" >&2
			bad=1
		fi
		run bash -c 'MANWIDTH=80 man -l "$1" 2>/dev/null | wc -l' _ "$p"
		if [ "$output" -lt 10 ]; then
			echo "$(basename "$p"): rendered to only $output lines" >&2
			bad=1
		fi
	done < <(pages)
	[ "$bad" -eq 0 ]
}

@test "every man page has the mdoc prologue and the sections its kind needs" {
	local p name sec bad=0 s
	while IFS= read -r p; do
		name=$(basename "$p")
		sec=${name##*.}
		for s in '^\.Dd ' "^\.Dt [A-Z0-9-]+ $sec\$" '^\.Os' '^\.Sh NAME' '^\.Nd ' '^\.Sh DESCRIPTION' '^\.Sh SEE ALSO'; do
			grep -qE "$s" "$p" || { echo "$name: no line matching $s" >&2; bad=1; }
		done
		if [ "$sec" = 1 ]; then
			for s in SYNOPSIS OPTIONS 'EXIT STATUS' EXAMPLES; do
				grep -qE "^\\.Sh $s\$" "$p" || { echo "$name: no .Sh $s" >&2; bad=1; }
			done
		fi
	done < <(pages)
	[ "$bad" -eq 0 ]
}

@test "section 1 pages, llm-records.7 and llm-toolkit.7 repeat the whole exit status table" {
	local p name bad=0 code
	for p in "$MAN_DIR"/*.1 "$MAN_DIR"/llm-records.7 "$MAN_DIR"/llm-toolkit.7; do
		[ -f "$p" ] || continue
		name=$(basename "$p")
		for code in 0 1 2 3 4 5 6 7 129 130 141 143; do
			exit_section "$p" | grep -qE "^\\.It $code\$" ||
				{ echo "$name: EXIT STATUS has no .It $code" >&2; bad=1; }
		done
		grep -qF '7 > 3 > 2 > 6 > 5 > 4 > 1 > 0' "$p" ||
			{ echo "$name: no precedence line" >&2; bad=1; }
	done
	[ "$bad" -eq 0 ]
}

# common/core/exitcode.h's table: "CODE<TAB>words" for every code, in numeric
# order; the words are its comment up to the first ':' or '('.
header_exit_table() {
	sed -nE 's/^[[:space:]]*EXITCODE_[A-Z]+ = ([0-9]+), *\/\* *([^:(*]*[^:(* ]).*/\1\t\2/p' "$1" | sort -n
}

# The order of precedence exitcode_rank() gives: "7 > 3 > ... > 0".
header_precedence() {
	local h=$1
	awk -v h="$h" '
		/^[[:space:]]*EXITCODE_[A-Z]+ = [0-9]+,/ { n = $1; v = $3; sub(",", "", v); code[n] = v }
		/case EXITCODE_[A-Z]+: return [0-9]+;/ { n = $2; sub(":", "", n); r = $4; sub(";", "", r); rank[r] = code[n] }
		END { for (r = 7; r >= 1; r--) if (r in rank) printf "%s > ", rank[r]; print "0" }' "$h"
}

# A page's EXIT STATUS items: "CODE<TAB>text", the text of the item's
# first line (its macros left as written).
page_exit_table() {
	exit_section "$1" | awk '
		/^\.It [0-9]+$/ { code = $2; getline; printf "%s\t%s\n", code, $0; next }'
}

# Compares a page with the header; prints what differs, nothing when they agree.
exit_table_diff() {
	local page=$1 h=$2 name
	name=$(basename "$page")
	local want got
	want=$(header_exit_table "$h" | cut -f1 | tr '\n' ' ')
	got=$(page_exit_table "$page" | cut -f1 | tr '\n' ' ')
	[ "$want" = "$got" ] || echo "$name: codes '$got', exitcode.h has '$want'"
	local code words text
	while IFS=$'\t' read -r code words; do
		text=$(page_exit_table "$page" | awk -F '\t' -v c="$code" '$1 == c { print $2 }')
		[[ $text == "$words"* ]] || echo "$name: $code reads '$text', exitcode.h says '$words'"
	done < <(header_exit_table "$h")
	local prec
	prec=$(header_precedence "$h")
	grep -qxF ".Dl $prec" "$page" || echo "$name: no '.Dl $prec' (exitcode_rank's order)"
}

@test "every page's exit table is common/core/exitcode.h's: the codes, the words, the precedence" {
	local h="$BATS_TEST_DIRNAME/../common/core/exitcode.h" p bad=0 out
	# The header itself, as the contract has it.
	[ "$(header_exit_table "$h" | cut -f1 | tr '\n' ' ')" = "0 1 2 3 4 5 6 7 129 130 141 143 " ]
	[ "$(header_precedence "$h")" = "7 > 3 > 2 > 6 > 5 > 4 > 1 > 0" ]
	for p in "$MAN_DIR"/*.1 "$MAN_DIR"/llm-records.7 "$MAN_DIR"/llm-toolkit.7; do
		out=$(exit_table_diff "$p" "$h")
		[ -z "$out" ] || { echo "$out" >&2; bad=1; }
	done
	[ "$bad" -eq 0 ]
}

@test "the pages agree with each other: one code list, one order, one meaning per code" {
	local first="" p got
	for p in "$MAN_DIR"/*.1 "$MAN_DIR"/llm-records.7 "$MAN_DIR"/llm-toolkit.7; do
		got=$(page_exit_table "$p" | cut -f1 | tr '\n' ' ')$(grep -E '^\.Dl [0-9]( > [0-9])+$' "$p")
		[ -n "$first" ] || first=$got
		[ "$got" = "$first" ] || { echo "$(basename "$p"): '$got' vs '$first'" >&2; return 1; }
	done
}

@test "each binary's --help lists exitcode.h's codes" {
	local h="$BATS_TEST_DIRNAME/../common/core/exitcode.h" b want got
	want=$(header_exit_table "$h" | cut -f1 | tr '\n' ' ')
	for b in "$BIN_DIR"/llm-*; do
		got=$("$b" --help | sed -n '/^Exit status:/,/^$/p' | grep -oE '\b[0-9]+\b' | sort -n | uniq | tr '\n' ' ')
		[ "$got" = "$want" ] || { echo "$(basename "$b") --help: '$got', exitcode.h: '$want'" >&2; return 1; }
		[ "$("$b" --help | grep -c '^Exit status:')" = 1 ] || { echo "$(basename "$b"): Exit status twice" >&2; return 1; }
	done
}

@test "the exit table comparison catches a page that disagrees" {
	local h="$BATS_TEST_DIRNAME/../common/core/exitcode.h" d=$BATS_TEST_TMPDIR
	# A page whose 6 means something else, with no 143 and an old order.
	{
		echo '.Sh EXIT STATUS'
		echo '.Bl -tag -width "141"'
		header_exit_table "$h" | while IFS=$'\t' read -r code words; do
			[ "$code" = 143 ] && continue
			echo ".It $code"
			[ "$code" = 6 ] && echo 'Some budget note.' || echo "$words."
		done
		echo '.El'
		echo '.Dl 7 > 3 > 2 > 5 > 6 > 4 > 1 > 0'
	} >"$d/llm-fake.1"
	run exit_table_diff "$d/llm-fake.1" "$h"
	[[ $output == *"codes '0 1 2 3 4 5 6 7 129 130 141 '"* ]]
	[[ $output == *"6 reads 'Some budget note.'"* ]]
	[[ $output == *"exitcode_rank's order"* ]]
}

@test "each binary's --help and its man page's OPTIONS list the same options" {
	local b name page checked=0 bad=0
	for b in "$BIN_DIR"/llm-*; do
		[ -x "$b" ] || continue
		name=$(basename "$b")
		page="$MAN_DIR/$name.1"
		[ -f "$page" ] || continue
		checked=$((checked + 1))
		run help_options "$b"
		[ "$status" -eq 0 ] || { echo "$name --help failed" >&2; bad=1; continue; }
		local from_help=$output
		run man_options "$page"
		local from_man=$output
		[ -n "$from_help" ] || { echo "$name: no options in --help" >&2; bad=1; }
		[ -n "$from_man" ] || { echo "$name.1: no options in OPTIONS" >&2; bad=1; }
		local missing extra
		missing=$(comm -23 <(printf '%s\n' "$from_help") <(printf '%s\n' "$from_man"))
		extra=$(comm -13 <(printf '%s\n' "$from_help") <(printf '%s\n' "$from_man"))
		if [ -n "$missing" ]; then
			echo "$name: in --help but not in $name.1 OPTIONS:" $missing >&2
			bad=1
		fi
		if [ -n "$extra" ]; then
			echo "$name: in $name.1 OPTIONS but not in --help:" $extra >&2
			bad=1
		fi
	done
	[ "$checked" -gt 0 ] || skip "no binary in $BIN_DIR has a man page (build first)"
	[ "$bad" -eq 0 ]
}

@test "the option lists compare options, not prose" {
	# The extractors themselves: a fake binary and page that disagree.
	local d=$BATS_TEST_TMPDIR
	cat > "$d/llm-fake" <<'EOF'
#!/bin/sh
cat <<'H'
usage: llm-fake [OPTIONS]
Options:
  -o, --output FILE           write to FILE (not --other)
      --only-help             a flag
      --fail-on finding|confidential|restricted
                              exit 1 --when so
  -h, --help                  show this help and exit
H
EOF
	chmod +x "$d/llm-fake"
	printf '%s\n' '.Sh OPTIONS' '.Bl -tag -width Ds' '.It Fl o Ar file , Fl Fl output Ar file' \
		'Like --other.' '.It Fl Fl fail-on Ar what' '.It Fl Fl only-man' '.It Fl h , Fl Fl help' \
		'.El' '.Sh EXIT STATUS' '.It Fl Fl not-an-option' > "$d/llm-fake.1"
	run help_options "$d/llm-fake"
	[ "$output" = "$(printf '%s\n' --fail-on --help --only-help --output -h -o | sort)" ]
	run man_options "$d/llm-fake.1"
	[ "$output" = "$(printf '%s\n' --fail-on --help --only-man --output -h -o | sort)" ]
}

@test "llm-toolkit.7 names every page and every binary, and is checked with them" {
	local p n
	for p in "$MAN_DIR"/*.[1-9]; do
		n=$(basename "$p")
		[ "$n" = llm-toolkit.7 ] && continue
		grep -qE "^\\.(It )?Xr ${n%.*} ${n##*.}( |$)" "$MAN_DIR/llm-toolkit.7" ||
			{ echo "llm-toolkit.7 does not name ${n%.*}(${n##*.})" >&2; return 1; }
	done
	for b in "$BIN_DIR"/llm-*; do
		grep -q "Xr ${b##*/} 1" "$MAN_DIR/llm-toolkit.7" || { echo "no ${b##*/}(1)" >&2; return 1; }
	done
}
