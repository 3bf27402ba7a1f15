#!/usr/bin/env bats
# make deb (issue 16): a lintian-clean Debian package that installs with
# dpkg -i, runs the demo pipeline from the installed paths, and leaves
# nothing behind after dpkg -r. The install half needs root (CI runs as
# root) and changes the machine: it takes a lock, and refuses to touch an
# llm-toolkit someone else installed.

load helpers

ROOT="$BATS_TEST_DIRNAME/.."

setup_file() {
	command -v dpkg-deb >/dev/null || return 0
	# The package a user builds: not the flags or folders of a make that
	# runs this suite (make asan passes its own through MAKEFLAGS).
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$ROOT" --no-print-directory -j"$(nproc)" deb \
		>"$BATS_FILE_TMPDIR/make-deb.out" 2>&1
	echo $? >"$BATS_FILE_TMPDIR/make-deb.status"
}

setup() {
	command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed"
	DEB=$(cat "$ROOT/build-deb/deb-path" 2>/dev/null)
}

@test "make deb: a package with the binaries, gzipped man pages, completions, examples, copyright, changelog" {
	[ "$(cat "$BATS_FILE_TMPDIR/make-deb.status")" = 0 ] || { cat "$BATS_FILE_TMPDIR/make-deb.out" >&2; false; }
	[ -f "$DEB" ]
	run dpkg-deb -c "$DEB"
	assert_status 0
	local f
	for f in usr/bin/llm-classify usr/bin/llm-filter usr/bin/llm-route usr/bin/llm-infer usr/bin/llm-audit \
		usr/share/man/man1/llm-classify.1.gz usr/share/man/man5/llm-policy.5.gz \
		usr/share/man/man7/llm-records.7.gz usr/share/man/man7/llm-toolkit.7.gz \
		usr/share/bash-completion/completions/llm-route usr/share/zsh/vendor-completions/_llm-toolkit \
		usr/share/fish/vendor_completions.d/llm-audit.fish \
		usr/share/doc/llm-toolkit/copyright usr/share/doc/llm-toolkit/changelog.Debian.gz \
		usr/share/doc/llm-toolkit/examples/policy.json usr/share/doc/llm-toolkit/examples/records.ndjson \
		usr/share/doc/llm-toolkit/examples/README; do
		[[ $output == *" ./$f"$'\n'* || $output == *" ./$f" ]] || { echo "not in the package: $f" >&2; false; }
	done
	# No uncompressed man page, everything owned by root.
	! grep -qE ' \./usr/share/man/man[1-9]/.*\.[1-9]$' <<<"$output"
	! grep -vqE '^[-dl][rwxs-]{9} root/root ' <<<"$output"
	# Depends from dpkg-shlibdeps: every library the binaries link.
	run dpkg-deb -f "$DEB" Depends
	for f in libc6 libcurl4 libjq1 libonig5 libsqlite3-0 libssl3 libutf8proc2 libzstd1; do
		[[ $output == *"$f ("* ]] || { echo "Depends lacks $f: $output" >&2; false; }
	done
	# The version is the Makefile's, with the changelog's Debian revision.
	[ "$(dpkg-deb -f "$DEB" Version)" = "$(sed -nE 's/^VERSION := (.*)/\1/p' "$ROOT/Makefile")-1" ]
}

@test "make deb: lintian finds no error or warning (overrides carry their reason)" {
	command -v lintian >/dev/null || skip "lintian is not installed"
	[ "$(cat "$BATS_FILE_TMPDIR/make-deb.status")" = 0 ] || { cat "$BATS_FILE_TMPDIR/make-deb.out" >&2; false; }
	# make deb ran lintian --fail-on error,warning; run it again to see what it says.
	run lintian "$DEB"
	assert_status 0
	! grep -E '^[EW]: ' <<<"$output"
	# Every override is preceded by a comment saying why.
	run awk '/^#/ { c = 1; next } /^[^ ]/ { if (!c) print; c = 0 }' "$ROOT/scripts/deb/lintian-overrides"
	[ -z "$output" ]
}

# The example's commands, from the installed README itself.
readme_example() {
	awk '/^    cp -r \/usr\/share\/doc\/llm-toolkit\/examples/ { on = 1 } on && /^    / { print } on && !/^    / { exit }' \
		"$1" | sed 's/^    //'
}

@test "dpkg -i: the demo pipeline runs from /usr/bin and the installed examples; dpkg -r leaves nothing" {
	[ "$(id -u)" -eq 0 ] || skip "installing a package needs root"
	command -v dpkg >/dev/null || skip "dpkg is not installed"
	[ "$(cat "$BATS_FILE_TMPDIR/make-deb.status")" = 0 ] || { cat "$BATS_FILE_TMPDIR/make-deb.out" >&2; false; }
	# One package test at a time on this machine.
	exec 9>/tmp/llm-toolkit-package-test.lock
	flock -w 600 9 || skip "another package test holds the lock"
	if dpkg -s llm-toolkit >/dev/null 2>&1; then
		skip "llm-toolkit is already installed here; the test will not replace it"
	fi
	local T=$BATS_TEST_TMPDIR
	run dpkg -i "$DEB"
	assert_status 0
	touch "$T/installed"

	run env PATH=/usr/bin:/bin bash -c 'command -v llm-classify; llm-route --version'
	[ "${lines[0]}" = /usr/bin/llm-classify ]
	[[ ${lines[1]} == "llm-route "* ]]
	if command -v man >/dev/null && command -v mandb >/dev/null; then
		run man -w llm-classify
		assert_status 0
		[ "$output" = /usr/share/man/man1/llm-classify.1.gz ]
		run man -w 7 llm-toolkit
		[ "$output" = /usr/share/man/man7/llm-toolkit.7.gz ]
	fi

	local readme=/usr/share/doc/llm-toolkit/examples/README
	if [ ! -f "$readme" ]; then
		# dpkg's path-exclude (minimal images) drops /usr/share/doc.
		dpkg -r llm-toolkit >/dev/null
		skip "dpkg excluded /usr/share/doc on this machine"
	fi
	local ex first
	ex=$(readme_example "$readme")
	first=$(head -n 1 <<<"$ex")
	[[ $first == "cp -r /usr/share/doc/llm-toolkit/examples llm-demo && cd llm-demo" ]]
	(cd "$T" && eval "${first% && cd llm-demo}")
	# The policy's local backend reads model.gguf beside it: a random-weight
	# one, as make demo writes.
	"$TOOL_DIR/gen-model" --shape tiny --type q8_0 --tokenizer "$ROOT/testdata/models/llama2-tokenizer.bin" \
		-t 2 "$T/llm-demo/model.gguf" >/dev/null
	# Only the installed binaries on PATH, no key, a fingerprint key of its own.
	run env -i PATH=/usr/bin:/bin HOME="$T" LLM_FINGERPRINT_KEY_FILE="$T/fp.key" \
		bash -c "set -eo pipefail; cd '$T/llm-demo'; $(tail -n +2 <<<"$ex")"
	assert_status 0
	[[ $output == *'"ok":true'* ]] || { echo "$output" >&2; false; }
	local n
	n=$(grep -c . /usr/share/doc/llm-toolkit/examples/records.ndjson)
	[ "$(wc -l <"$T/llm-demo/answers.ndjson")" -eq "$n" ]
	# Restricted and confidential records were answered on this machine.
	[ "$(jq -r 'select(._llm.classify.class == "restricted" or ._llm.classify.class == "confidential")
		| ._llm.infer.backend // empty' "$T/llm-demo/answers.ndjson" | sort -u)" = local ]

	# Remove it: every file the package holds is gone, and its folders.
	local files
	files=$(dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { print substr($6, 2) }')
	run dpkg -r llm-toolkit
	assert_status 0
	rm -f "$T/installed"
	run dpkg-query -W -f='${db:Status-Status}' llm-toolkit
	[[ $output == not-installed || $output == *"no packages found"* || $status -ne 0 ]]
	local f left=""
	for f in $files; do
		[ ! -e "$f" ] || left="$left $f"
	done
	[ -z "$left" ] || { echo "left after dpkg -r:$left" >&2; false; }
	[ ! -e /usr/share/doc/llm-toolkit ]
	[ ! -e /usr/share/zsh/vendor-completions/_llm-toolkit ]
}

teardown() {
	# A failed run must not leave the package installed.
	if [ -f "$BATS_TEST_TMPDIR/installed" ]; then
		dpkg -r llm-toolkit >/dev/null 2>&1 || true
	fi
}
