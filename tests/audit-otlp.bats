#!/usr/bin/env bats
# llm-audit export --otlp: OpenTelemetry spans (OTLP/HTTP JSON) to a
# loopback collector (tests/fake-otlp.py) that checks every request:
# valid OTLP JSON, ids of the right hex lengths, the GenAI attributes,
# batching, retries after 503 and 429 with Retry-After, failure exits.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	D=$T/audit.db
	export LLM_AUDIT_OTLP_BACKOFF_MS=10 # the first backoff; Retry-After still rules when longer
}

teardown() {
	[ -s "$T/collector.pid" ] && kill "$(cat "$T/collector.pid")" 2>/dev/null || true
}

# Starts the collector with the given options; its base URL in $URL.
collector() {
	local i
	python3 "$BATS_TEST_DIRNAME/fake-otlp.py" --port-file "$T/port" --log "$T/requests.log" "$@" \
		>/dev/null 2>"$T/collector.err" &
	echo $! >"$T/collector.pid"
	for i in $(seq 1 100); do
		[ -s "$T/port" ] && break
		sleep 0.1
	done
	[ -s "$T/port" ] || { cat "$T/collector.err" >&2; return 1; }
	URL=http://127.0.0.1:$(cat "$T/port")
	: >"$T/requests.log"
}

# A ledger of $1 records r1..rN (odd: openai, even: local), the last one a
# backend error; the text of each holds a made-up secret that must never
# leave the ledger in a span.
ledger() {
	local n=$1 i
	for ((i = 1; i < n; i++)); do
		printf '{"id":"r%d","workload":"support","text":"reset password hunter2-%d","_llm":{"classify":{"class":"internal","findings":[]},"route":{"backend":"%s","rule":"default","policy":"sha256:abc"},"infer":{"backend":"%s","provider":"%s","model":"%s","output":"done","finish_reason":"stop","usage":{"input_tokens":%d,"output_tokens":7},"latency_ms":250,"ttft_ms":40,"cost_usd":0.002}}}\n' \
			"$i" "$i" "$([ $((i % 2)) -eq 0 ] && echo local || echo openai)" \
			"$([ $((i % 2)) -eq 0 ] && echo local || echo openai)" "$([ $((i % 2)) -eq 0 ] && echo llama || echo openai)" \
			"$([ $((i % 2)) -eq 0 ] && echo tiny || echo gpt-4o-mini)" $((10 + i))
	done >"$T/in.ndjson"
	printf '{"id":"r%d","text":"hunter2-%d","_llm":{"infer":{"backend":"openai","provider":"openai","model":"gpt-4o-mini","error":{"code":"timeout","message":"no answer"}}}}\n' "$n" "$n" >>"$T/in.ndjson"
	run llm-audit append --db "$D" "$T/in.ndjson"
	assert_status 0
}

requests() { # the collector's log, one JSON line per request
	output=$(cat "$T/requests.log")
}

@test "export --otlp: one valid OTLP request per batch, a span per record, the GenAI attributes" {
	ledger 10
	collector
	run llm-audit export --db "$D" --otlp "$URL" --otlp-batch 4
	assert_status 0
	assert_jq . '{"spans":10,"requests":3,"retries":0,"rejected":0}'
	requests
	assert_jqs 'map(.path)' '["/v1/traces","/v1/traces","/v1/traces"]'
	assert_jqs 'map(.content_type) | unique' '["application/json"]'
	assert_jqs 'map(.valid)' '[true,true,true]'
	assert_jqs 'map(.spans | length)' '[4,4,2]'
	# ids: 32 and 16 hex digits (the collector checks it), every span its own
	assert_jqs '[.[].spans[].spanId] | unique | length' '10'
	assert_jqs '[.[].spans[].traceId | length] | unique' '[32]'
	assert_jqs '[.[].spans[].spanId | length] | unique' '[16]'
	assert_jqs '[.[].spans[] | .kind] | unique' '[3]'
	assert_jqs '.[0].resource."service.name"' '"llm-audit"'
	assert_jqs '.[0].spans[0] | [.name, .dur]' '["chat gpt-4o-mini",250000000]'
	assert_jqs '.[0].spans[0].attrs | [."gen_ai.operation.name", ."gen_ai.provider.name", ."gen_ai.request.model", ."gen_ai.response.model", ."gen_ai.response.finish_reasons", ."gen_ai.usage.input_tokens", ."gen_ai.usage.output_tokens", ."gen_ai.server.time_to_first_token", ."llm.record.id", ."llm.route.backend", ."llm.audit.seq"]' \
		'["chat","openai","gpt-4o-mini","gpt-4o-mini",["stop"],11,7,0.04,"r1","openai",0]'
	assert_jqs '.[1].spans[1].attrs | [."gen_ai.provider.name", ."gen_ai.request.model", ."llm.record.id"]' '["llama","tiny","r6"]'
	# the backend error is an error span with its code
	assert_jqs '.[2].spans[1] | [.attrs."llm.record.id", .attrs."error.type", .status]' '["r10","timeout",{"code":2,"message":"timeout"}]'
	# intValue goes as a string, as OTLP's JSON mapping of int64 wants
	assert_jqs '.[0].raw | fromjson | .resourceSpans[0].scopeSpans[0].spans[0].attributes[] | select(.key == "gen_ai.usage.input_tokens") | .value' '{"intValue":"11"}'
}

@test "export --otlp: the spans carry columns only, never a record's text" {
	ledger 4
	collector
	run llm-audit export --db "$D" --otlp "$URL"
	assert_status 0
	assert_jq .requests 1
	run grep -c hunter2 "$T/requests.log"
	[ "$output" = 0 ]
	run grep -c password "$T/requests.log"
	[ "$output" = 0 ]
}

@test "export --otlp: the same ids on every export; one trace per record id" {
	ledger 3
	collector
	run llm-audit export --db "$D" --otlp "$URL"
	assert_status 0
	run llm-audit export --db "$D" --otlp "$URL/"
	assert_status 0
	requests
	assert_jqs 'map([.spans[].spanId]) | .[0] == .[1]' 'true'
	assert_jqs 'map([.spans[].traceId]) | .[0] == .[1]' 'true'
	assert_jqs '.[0].spans | map(.traceId) | unique | length' '3'
}

@test "export --otlp: a URL that names /v1/traces is used as it is" {
	ledger 2
	collector
	run llm-audit export --db "$D" --otlp "$URL/v1/traces"
	assert_status 0
	requests
	assert_jqs 'map(.path)' '["/v1/traces"]'
}

@test "export --otlp: --since and --until pick the records" {
	LLM_NOW=1000 ledger 3
	records_at_2000() {
		printf '{"id":"late","_llm":{"infer":{"backend":"b","provider":"p","model":"m","output":"x"}}}\n' |
			LLM_NOW=2000 llm-audit append --db "$D"
	}
	records_at_2000
	collector
	run llm-audit export --db "$D" --otlp "$URL" --since @1500
	assert_status 0
	assert_jq '[.spans, .requests]' '[1,1]'
	run llm-audit export --db "$D" --otlp "$URL" --until @1500
	assert_status 0
	assert_jq .spans 3
	run llm-audit export --db "$D" --otlp "$URL" --since @5000
	assert_status 0
	assert_jq '[.spans, .requests]' '[0,0]'
	requests
	assert_jqs 'map(.spans | map(.attrs."llm.record.id"))' '[["late"],["r1","r2","r3"]]'
}

@test "export --otlp: retried after a 503 and after a 429, whose Retry-After is waited for" {
	ledger 3
	collector --script 503,429:1
	run llm-audit export --db "$D" --otlp "$URL"
	assert_status 0
	assert_jq . '{"spans":3,"requests":1,"retries":2,"rejected":0}'
	requests
	assert_jqs 'map(.status)' '[503,429,200]'
	assert_jqs 'map(.raw) | unique | length' '1'
	# the backoff is 10 ms here: the second wait is the collector's second
	assert_jqs '(.[2].t - .[1].t) >= 0.95' 'true'
}

@test "export --otlp: a collector that keeps failing: every try, then exit 7" {
	ledger 3
	collector --always 503
	run llm-audit export --db "$D" --otlp "$URL"
	assert_status 7
	[[ $output == *"HTTP 503"* ]]
	run wc -l <"$T/requests.log"
	[ "$output" -eq 5 ]
}

@test "export --otlp: messages name the collector without the URL's credentials" {
	ledger 2
	collector --always 503
	run llm-audit export --db "$D" --otlp "http://otel:s3cret-pw@${URL#http://}/?token=s3cret-tok"
	assert_status 7
	[[ $output == *"collector http://127.0.0.1:"*"/v1/traces: HTTP 503"* ]]
	[[ $output != *s3cret* ]]
	requests
	assert_jqs 'map(.path) | unique' '["/v1/traces?token=s3cret-tok"]' 
}

@test "export --otlp: a request the collector refuses (400) is not tried again" {
	ledger 3
	collector --always 400
	run llm-audit export --db "$D" --otlp "$URL"
	assert_status 7
	[[ $output == *"HTTP 400"* ]]
	run wc -l <"$T/requests.log"
	[ "$output" -eq 1 ]
}

@test "export --otlp: no collector listening: exit 7" {
	ledger 2
	collector
	kill "$(cat "$T/collector.pid")"
	wait "$(cat "$T/collector.pid")" 2>/dev/null || true
	run llm-audit export --db "$D" --otlp "$URL"
	assert_status 7
	[[ $output == *collector* ]]
}

@test "export --otlp: usage errors" {
	ledger 2
	run llm-audit export --db "$D" --otlp ftp://example.invalid
	assert_status 2
	[[ $output == *"http:// or https://"* ]]
	run llm-audit export --db "$D" --otlp http://127.0.0.1:9 --otel
	assert_status 2
	run llm-audit export --db "$D" --otlp http://127.0.0.1:9 -o "$T/x"
	assert_status 2
	run llm-audit export --db "$D" --otlp-batch 5
	assert_status 2
	run llm-audit export --db "$D" --otlp http://127.0.0.1:9 --otlp-batch -1
	assert_status 2
	run llm-audit stats --db "$D" --otlp http://127.0.0.1:9
	assert_status 2
	[[ $output == *"--otlp does not apply to stats"* ]]
}
