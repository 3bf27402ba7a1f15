#!/usr/bin/env bats
# --version (issue 16): the toolkit's version, the commit it was built from,
# and the versions of the libraries the binary runs with, as curl -V shows
# them. One function (common/core/version.c) behind every binary's table.

load helpers

ROOT="$BATS_TEST_DIRNAME/.."

@test "--version: every binary, one text: version, commit, the libraries" {
	local want_v b n
	want_v=$(sed -nE 's/^VERSION := (.*)/\1/p' "$ROOT/Makefile")
	[ -n "$want_v" ]
	for b in "$BIN_DIR"/llm-*; do
		n=${b##*/}
		run "$b" --version
		assert_status 0
		[[ ${lines[0]} =~ ^$n\ $want_v\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] ||
			{ echo "$n: '${lines[0]}'" >&2; return 1; }
		for lib in libcurl OpenSSL SQLite zstd libjq oniguruma utf8proc; do
			[[ $output =~ (^|[[:space:]\(])$lib/[0-9] ]] || { echo "$n: no $lib/ in: $output" >&2; return 1; }
		done
		# The same text from every binary but the name.
		[ "${output#"$n"}" = "$("$BIN_DIR/llm-classify" --version | sed 's/^llm-classify//')" ]
	done
}

@test "--version: the commit is the checkout's HEAD" {
	git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 || skip "not a git checkout"
	local head
	head=$(git -C "$ROOT" rev-parse --short=12 HEAD)
	run llm-route --version
	# A binary built before the last commit would name the one before; the
	# suite runs after `make all`, which rebuilds core/version.o.
	[[ ${lines[0]} == *"(commit $head)" || ${lines[0]} == *"(commit $head-dirty)" ]] ||
		{ echo "HEAD $head, binary: ${lines[0]}" >&2; false; }
}

@test "--version: the library versions are the ones loaded at run time" {
	run llm-filter --version
	assert_status 0
	local v
	v=$(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)')
	[[ $output == *" SQLite/$v "* ]] || { echo "python's sqlite3 runs $v: $output" >&2; false; }
	if command -v openssl >/dev/null; then
		v=$(openssl version | awk '{ print $2 }')
		[[ $output == *" OpenSSL/$v "* ]] || { echo "openssl version says $v: $output" >&2; false; }
	fi
	if command -v curl >/dev/null; then
		v=$(curl -V | grep -oE 'libcurl/[0-9.]+' | head -n 1)
		[[ $output == *"$v "* ]] || { echo "curl -V says $v: $output" >&2; false; }
	fi
	# utf8proc and oniguruma's are their run-time functions: the numbers
	# agree with the headers here only because Debian ships one version.
	v=$(sed -nE 's/^#define UTF8PROC_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+).*/\2/p' /usr/include/utf8proc.h 2>/dev/null | paste -sd.)
	[ -z "$v" ] || [[ $output == *" utf8proc/$v "* ]]
}

@test "--version: a build outside git says the commit is unknown" {
	local d=$BATS_TEST_TMPDIR/src
	mkdir -p "$d"
	cp "$ROOT/Makefile" "$d/"
	# (Only the Makefile is there: its find of common/ complains on stderr.)
	run bash -c 'make -s -C "$1" print-version 2>/dev/null' _ "$d"
	assert_status 0
	[[ $output == *" unknown" ]] || { echo "$output" >&2; false; }
	run bash -c 'make -s -C "$1" print-version GIT_COMMIT=abc123 2>/dev/null' _ "$d"
	[ "${output##* }" = abc123 ]
}
