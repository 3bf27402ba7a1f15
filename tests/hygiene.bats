#!/usr/bin/env bats
# The repository and its docs (issue 15, item 8): fuzz artifacts go to an
# ignored folder.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
}

@test "fuzz artifacts go to an ignored folder; none is committed" {
	local root="$BATS_TEST_DIRNAME/.."
	grep -qF -- '-artifact_prefix=build-fuzz/artifacts/' "$root/Makefile"
	git -C "$root" rev-parse --git-dir >/dev/null 2>&1 || skip "not a git checkout"
	[ -z "$(git -C "$root" ls-files | grep -E '(^|/)(crash|leak|timeout|slow-unit|oom)-[0-9a-f]{40}$')" ]
	git -C "$root" check-ignore -q build-fuzz/artifacts/fuzz_x/crash-0000
	git -C "$root" check-ignore -q slow-unit-7ce46bb7792a7d4d13a320b34dbb088557f467b9
}
