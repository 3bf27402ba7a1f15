#!/usr/bin/env bats
# make install into a temporary prefix: binaries run, man pages render.

@test "make install PREFIX=tmp installs working binaries and man pages" {
	root="$BATS_TEST_DIRNAME/.."
	run make -C "$root" --no-print-directory install PREFIX="$BATS_TEST_TMPDIR/p"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for b in "$root"/bin/llm-*; do
		n=${b##*/}
		"$BATS_TEST_TMPDIR/p/bin/$n" --version | grep -q "^$n "
		[ -f "$BATS_TEST_TMPDIR/p/share/man/man1/$n.1" ]
	done
	[ -f "$BATS_TEST_TMPDIR/p/share/man/man7/llm-records.7" ]
	run bash -c 'MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null' _ "$BATS_TEST_TMPDIR/p/share/man/man1/llm-classify.1"
	[ -z "$output" ]
}
