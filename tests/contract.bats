#!/usr/bin/env bats
# The contract, everywhere the same (issue 15, items 6 and 8): one short
# tool name in every _llm.error, class names as exact strings, --max-line's
# floor, the vault key hint, and llm-route --state on a full disk (what is
# charged is what was written). The local model's start-up check is in
# infer.bats and infer-local.bats; the man pages' exit tables in docs.bats.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	P=$TESTDATA/policies/basic.json
}

@test "_llm.error.tool is the short name in every tool" {
	run bash -c 'set -o pipefail; echo "not json" | llm-classify 2>/dev/null | jq -r ._llm.error.tool'
	[ "$output" = classify ]
	run bash -c 'set -o pipefail; echo "not json" | llm-filter 2>/dev/null | jq -r ._llm.error.tool'
	[ "$output" = filter ]
	run bash -c 'set -o pipefail; echo "not json" | llm-route -p "$1" 2>/dev/null | jq -r ._llm.error.tool' _ "$P"
	[ "$output" = route ]
	run bash -c 'set -o pipefail; echo "not json" | llm-infer --base-url http://127.0.0.1:9/v1 --model m 2>/dev/null | jq -r ._llm.error.tool'
	[ "$output" = infer ]
	run bash -c 'set -o pipefail; echo "not json" | llm-audit append --db "$1/a.db" --tee 2>/dev/null | jq -r ._llm.error.tool' _ "$T"
	[ "$output" = audit ]
	# A record that fails at every backend: llm-infer's own error record.
	run bash -c 'set -o pipefail; echo "{\"text\":\"hi\"}" | llm-infer --base-url http://127.0.0.1:9/v1 --model m --retries 0 --timeout 2 2>/dev/null | jq -r ._llm.error.tool'
	[ "$output" = infer ]
	# And the contract page says so, as llm-infer(1) does.
	! grep -q '"tool": *"llm-' "$BATS_TEST_DIRNAME/../man/llm-infer.1" "$BATS_TEST_DIRNAME/../man/llm-records.7"
}

@test "a class name with a NUL byte in it is no class (never its prefix)" {
	# llm-route: unclassified, so restricted: never the hosted backend.
	run bash -c 'set -o pipefail; printf "%s\n" "{\"text\":\"x\",\"_llm\":{\"classify\":{\"class\":\"public\\u0000x\"}}}" | llm-route -p "$1" | jq -c "._llm.route.backend"' _ "$P"
	assert_status 0
	[ "$output" = '"local"' ]
	run bash -c 'set -o pipefail; printf "%s\n" "{\"text\":\"x\",\"_llm\":{\"classify\":{\"class\":\"public\"}}}" | llm-route -p "$1" | jq -c "._llm.route.backend"' _ "$P"
	[ "$output" = '"openai"' ]
	# A policy's max_class: refused, exit 3.
	jq '.backends.openai.max_class = "internal\u0000restricted"' "$P" >"$T/p.json"
	run llm-route -p "$T/p.json" --check
	assert_status 3
	[[ $output == *"max_class: must not contain a NUL byte"* ]]
	# A rules file's class: refused, exit 3.
	local r
	for r in '{"detectors":[{"name":"r","regex":"x","class":"public\u0000x"}]}' \
		'{"classes":{"ip_address":"public\u0000x"}}' '{"default_class":"public\u0000x"}'; do
		printf '%s\n' "$r" >"$T/r.json"
		run bash -c 'echo "{\"text\":\"x\"}" | llm-classify --rules "$1"' _ "$T/r.json"
		assert_status 3
		[[ $output == *"class"* ]]
	done
}

@test "--max-line below 4096 is a usage error, 4096 is taken, in every binary" {
	local b
	for b in llm-classify llm-filter; do
		run bash -c 'echo "{}" | "$1" --max-line 100' _ "$b"
		assert_status 2
		[[ $output == *"--max-line must be at least 4096"* ]]
		run bash -c 'echo "{}" | "$1" --max-line 4K >/dev/null' _ "$b"
		assert_status 0
	done
	run bash -c 'echo "{}" | llm-route -p "$1" --max-line 4095' _ "$P"
	assert_status 2
	run bash -c 'echo "{}" | llm-infer --base-url http://127.0.0.1:9/v1 --model m --max-line 1K'
	assert_status 2
	[[ $output == *"--max-line must be at least 4096"* ]]
	run bash -c 'echo "{}" | llm-audit append --db "$1/a.db" --max-line 0' _ "$T"
	assert_status 2
	# The floor is kept, not raised: a line of 5000 bytes with --max-line 4096
	# is an error record.
	run bash -c 'set -o pipefail; jq -nc "{text: (\"a\" * 5000)}" | llm-classify --max-line 4096 2>/dev/null | jq -r ._llm.error.code'
	[ "$output" = line_too_long ]
}

@test "a malformed vault key file names the command that makes one" {
	llm-filter --keygen "$T/good.key"
	printf 'short\n' >"$T/bad.key"
	run bash -c 'echo "{\"text\":\"bob@example.com\"}" | llm-filter -a email=pseudonymize --vault "$1/v.db" --vault-key "$1/bad.key"' _ "$T"
	assert_status 3
	[[ $output == *"llm-filter --keygen"* ]]
	[[ $output != *"--vault-keygen"* ]]
	# --vault-keygen is no option: the hint must not name it.
	run llm-filter --vault-keygen "$T/x.key"
	assert_status 2
}

# Records with a budget: 2500 of about 4 KB.
budget_input() {
	jq -nc 'range(2500) | {id: ., text: ("word " * 800)}' >"$T/in.ndjson"
	jq '.budgets = {"*": {"tokens_per_day": 1000000000}}' "$P" >"$T/bp.json"
}

@test "llm-route --state on a full device: exit 7, nothing charged" {
	budget_input
	run llm-route -p "$T/bp.json" --state "$T/s.db" -o /dev/full "$T/in.ndjson"
	assert_status 7
	[[ $output == *"No space left on device"* ]]
	[ "$(sqlite3 "$T/s.db" 'SELECT count(*) FROM budget_receipt')" = 0 ]
	[ "$(sqlite3 "$T/s.db" 'SELECT coalesce(sum(tokens), 0) FROM budget_usage')" = 0 ]
}

@test "llm-route --state when the output fills up part-way: whole lines, charged = written" {
	budget_input
	# A file size limit stands in for a full disk: writes past 4 MiB fail
	# (EFBIG, SIGXFSZ ignored), part-way into a line.
	run bash -c 'trap "" XFSZ; ulimit -f 4096; llm-route -p "$1/bp.json" --state "$1/s.db" -o "$1/out" "$1/in.ndjson"' _ "$T"
	assert_status 7
	local n
	n=$(wc -l <"$T/out")
	[ "$n" -gt 100 ] && [ "$n" -lt 2500 ]
	# Whole lines only: the line cut by the failed write was taken back.
	[ "$(tail -c 1 "$T/out" | od -An -c | tr -d ' ')" = '\n' ]
	jq -c . "$T/out" >/dev/null
	# Every receipt is on a written line and every written charge has one.
	[ "$(jq -r ._llm.route.charge "$T/out" | sort)" = "$(sqlite3 "$T/s.db" 'SELECT id FROM budget_receipt ORDER BY id')" ]
	# The usage is the written lines' estimates, to the token.
	[ "$(jq -s 'map(._llm.route.estimate | .input_tokens + .output_tokens) | add' "$T/out")" = \
	  "$(sqlite3 "$T/s.db" 'SELECT sum(tokens) FROM budget_usage')" ]
}
