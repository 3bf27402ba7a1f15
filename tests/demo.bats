#!/usr/bin/env bats
# make demo's script: the whole pipeline offline; sensitive records never
# reach a hosted backend; the ledger verifies.

load helpers

@test "scripts/demo runs the pipeline offline and leaves a verified ledger" {
	root="$BATS_TEST_DIRNAME/.."
	w=$BATS_TEST_TMPDIR/w
	mkdir -p "$w"
	cp -r "$root/scripts" "$root/testdata" "$w/"
	unset OPENAI_API_KEY
	run env BIN_DIR="$BIN_DIR" TOOL_DIR="$TOOL_DIR" "$w/scripts/demo"
	assert_status 0
	[[ $output == *"restricted or confidential records sent to a hosted backend: 0"* ]]
	[[ $output == *'"ok":true'* ]]
	n_in=$(grep -c . "$root/testdata/demo/records.ndjson")
	[ "$(wc -l <"$w/demo/answers.ndjson")" -eq "$n_in" ]
	# Every routed record was answered on the box; the blocked one was not sent.
	[ "$(jq -r 'select(._llm.route.chain) | ._llm.infer.backend' "$w/demo/answers.ndjson" | sort -u)" = local ]
	[ "$(jq -r 'select(._llm.infer == null) | .id' "$w/demo/answers.ndjson")" = t-1011 ]
	run llm-audit verify --db "$w/demo/audit.db"
	assert_status 0
}
