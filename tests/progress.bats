#!/usr/bin/env bats
# Progress on long runs: off in pipes and CI, forced by --progress, and
# --quiet silences warnings; the records themselves never change.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	seq 1 2000 | jq -c '{id: ., text: "hello"}' >"$T/in.ndjson"
	printf 'not json\n' >>"$T/in.ndjson"
	export LLM_PROGRESS_INTERVAL=0
}

@test "no progress when stderr is not a terminal" {
	for b in llm-classify llm-filter; do
		run bash -c "$b '$T/in.ndjson' 2>'$T/err' >/dev/null"
		! grep -q 'records ' "$T/err"
	done
	run bash -c "llm-route -p '$TESTDATA/policies/basic.json' '$T/in.ndjson' 2>'$T/err' >/dev/null"
	! grep -q 'records ' "$T/err"
}

@test "--progress: records, rate, MB, elapsed and ETA on stderr; stdout unchanged" {
	for b in llm-classify llm-filter "llm-route -p $TESTDATA/policies/basic.json" "llm-audit append --db $T/a.db --tee"; do
		rm -f "$T/a.db"*
		$b "$T/in.ndjson" >"$T/plain" 2>/dev/null || true
		rm -f "$T/a.db"*
		$b --progress "$T/in.ndjson" >"$T/out" 2>"$T/err" || true
		cmp "$T/plain" "$T/out"
		grep -qE 'records +[0-9]+/s +[0-9.]+ MB +0:[0-9]{2} +[0-9]+% +ETA' "$T/err" || { cat -v "$T/err"; false; }
		# The line is cleared before the warning about the bad line.
		grep -q $'\r\033\[K'"${b%% *}: warning" "$T/err" || { cat -v "$T/err"; false; }
	done
}

@test "--quiet: no warnings, same exit status; --progress with --quiet is a usage error" {
	run bash -c "llm-classify --quiet '$T/in.ndjson' 2>'$T/err' >/dev/null"
	assert_status 4
	[ ! -s "$T/err" ]
	run llm-classify --quiet --progress "$T/in.ndjson"
	assert_status 2
}

@test "on a terminal: progress in auto mode, unless CI is set" {
	command -v script >/dev/null || skip "no script(1)"
	run bash -c "unset CI; script -qec \"llm-filter '$T/in.ndjson' >/dev/null\" /dev/null 2>&1"
	[[ $output == *"records "*"/s"* ]]
	run bash -c "CI=true script -qec \"llm-filter '$T/in.ndjson' >/dev/null\" /dev/null 2>&1"
	[[ $output != *"records "*"/s"* ]]
}
