#!/usr/bin/env bats
# The whole pipeline as a user meets it: 1,000 records through llm-classify
# | llm-filter | llm-route | llm-infer (the fake hosted server on loopback
# and the local engine) | llm-filter --stage output | llm-audit append,
# then checks across tools: every record is in the ledger exactly once,
# restricted records were only ever served on the box, blocked records
# never reached any backend, the ledger verifies, and its counts agree.

load helpers

setup_file() {
	local d=$BATS_FILE_TMPDIR
	start_fake_llm "$d" || return 1
	url="http://127.0.0.1:$(cat "$d/port")"
	"$TOOL_DIR/gen-model" --shape tiny --type q8_0 --tokenizer "$BATS_TEST_DIRNAME/../testdata/models/llama2-tokenizer.bin" \
		-t 2 "$d/model.gguf" >/dev/null
	cat >"$d/policy.json" <<JSON
{"defaults": {"max_output_tokens": 4},
 "backends": {
   "onbox": {"kind": "local", "model_path": "model.gguf", "max_class": "restricted", "threads": 2,
             "context_window": 256, "params": {"temperature": 0}},
   "oa": {"kind": "openai", "endpoint": "$url/v1", "model": "gpt-a", "api_key_env": "E2E_KEY",
          "max_class": "internal", "price": {"input": 1, "output": 2}},
   "an": {"kind": "anthropic", "endpoint": "$url/v1", "model": "claude-a", "api_key_env": "E2E_KEY",
          "max_class": "confidential", "api_version": "2023-06-01"}},
 "rules": [
   {"name": "on-box", "when": "._llm.classify.class == \"restricted\"", "use": ["onbox"]},
   {"name": "eu", "when": "._llm.classify.class == \"confidential\"", "use": ["an", "onbox"]},
   {"name": "default", "default": true, "use": ["oa", "an", "onbox"]}]}
JSON
	# 950 documents with planted PII and secrets, 50 injection attempts;
	# each text carries its id so the server's log shows what reached it.
	{
		head -n 950 "$BATS_TEST_DIRNAME/../testdata/corpus/labelled.ndjson"
		head -n 50 "$BATS_TEST_DIRNAME/../testdata/injection/attacks.ndjson"
	} | jq -c '{id: ("e-" + (input_line_number | tostring)), workload: "e2e", text: ("[e-" + (input_line_number | tostring) + "] " + .text)}' \
		>"$d/in.ndjson"
	export E2E_KEY=sk-e2e-test-0123456789
	llm-classify "$d/in.ndjson" |
		llm-filter |
		llm-route -p "$d/policy.json" |
		llm-infer -p "$d/policy.json" -j 16 |
		llm-filter --stage output |
		llm-audit append --db "$d/audit.db" --tee >"$d/out.ndjson" 2>"$d/pipeline.err" || true
}

teardown_file() {
	kill "$(cat "$BATS_FILE_TMPDIR/server.pid")" 2>/dev/null || true
}

setup() {
	d=$BATS_FILE_TMPDIR
}

@test "1,000 records in, 1,000 out, in order, none lost" {
	[ "$(wc -l <"$d/in.ndjson")" -eq 1000 ]
	[ "$(wc -l <"$d/out.ndjson")" -eq 1000 ]
	cmp <(jq -r .id "$d/in.ndjson") <(jq -r .id "$d/out.ndjson")
	# Something of everything happened.
	[ "$(jq -r 'select(._llm.infer.backend == "onbox") | .id' "$d/out.ndjson" | wc -l)" -gt 100 ]
	[ "$(jq -r 'select(._llm.infer.backend == "oa") | .id' "$d/out.ndjson" | wc -l)" -gt 10 ]
	[ "$(jq -r 'select((._llm.filter.input.verdict // ._llm.filter.verdict) == "block") | .id' "$d/out.ndjson" | wc -l)" -gt 20 ]
}

@test "every input record is in the ledger exactly once, and the ledger verifies" {
	run sqlite3 "$d/audit.db" "SELECT count(*), count(DISTINCT rec_id) FROM entries WHERE kind = 'record'"
	[ "$output" = "1000|1000" ]
	cmp <(jq -r .id "$d/in.ndjson" | sort) <(sqlite3 "$d/audit.db" "SELECT rec_id FROM entries WHERE kind = 'record'" | sort)
	run llm-audit verify --db "$d/audit.db"
	assert_status 0
}

@test "restricted records were only ever served on the box; no hosted backend saw one" {
	restricted=$(jq -r 'select(._llm.classify.class == "restricted") | .id' "$d/out.ndjson")
	[ "$(printf '%s\n' "$restricted" | wc -l)" -gt 100 ]
	[ "$(jq -r 'select(._llm.classify.class == "restricted") | ._llm.infer.attempts[]? | select(.status != "skipped") | .backend' "$d/out.ndjson" | sort -u)" = onbox ]
	# The server's own log: no request carried a restricted record's id.
	jq -r '.body.messages[]?.content | if type == "string" then . else (map(.text? // "") | join(" ")) end' "$d/server.log" |
		grep -oE '\[e-[0-9]+\]' | tr -d '[]' | sort -u >"$BATS_TEST_TMPDIR/seen"
	[ -s "$BATS_TEST_TMPDIR/seen" ]
	[ -z "$(comm -12 "$BATS_TEST_TMPDIR/seen" <(printf '%s\n' "$restricted" | sort -u))" ]
	# Confidential ones went to the backend allowed to see them, never to "oa".
	[ -z "$(jq -r 'select(._llm.classify.class == "confidential") | ._llm.infer.attempts[]? | select(.backend == "oa") | .backend' "$d/out.ndjson")" ]
}

@test "blocked records never reached a backend" {
	blocked=$(jq -r 'select((._llm.filter.input.verdict // ._llm.filter.verdict) == "block") | .id' "$d/out.ndjson" | sort -u)
	[ -n "$blocked" ]
	[ -z "$(jq -r 'select((._llm.filter.input.verdict // ._llm.filter.verdict) == "block") | ._llm.infer // empty' "$d/out.ndjson")" ]
	jq -r '.body.messages[]?.content | tostring' "$d/server.log" | grep -oE '\[e-[0-9]+\]' | tr -d '[]' | sort -u >"$BATS_TEST_TMPDIR/seen2"
	[ -z "$(comm -12 "$BATS_TEST_TMPDIR/seen2" <(printf '%s\n' "$blocked"))" ]
}

@test "llm-audit stats agrees with the input" {
	run bash -c "llm-audit stats --db '$d/audit.db' | jq -c '.records'"
	[ "$output" = 1000 ]
	answered=$(jq -r 'select(._llm.infer.output != null) | .id' "$d/out.ndjson" | wc -l)
	run bash -c "llm-audit stats --db '$d/audit.db' --group-by backend | jq -s 'map(select(.backend != null) | .records) | add'"
	[ "$output" -ge "$answered" ]
}
