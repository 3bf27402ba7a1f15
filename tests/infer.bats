#!/usr/bin/env bats
# llm-infer against tests/fake-llm.py on loopback: both providers, every
# fault and what is done about it, fallbacks and fallback_on, ceilings,
# order under -j 64, the cache, --resume, key hygiene, and a fault storm.
# The server picks its own port; faults are chosen by magic strings in the
# prompt (deterministic per request), never by timing.

load helpers

OA_KEY=sk-test-OAkey-0123456789abcdef
AZ_KEY=azkey-5f1d9c0e7b2a4c68
AN_KEY=sk-ant-test-ANkey-fedcba9876543210

setup_file() {
	local d=$BATS_FILE_TMPDIR
	start_fake_llm "$d" || return 1
	local port
	port=$(cat "$d/port")
	printf '%s\n' "$AN_KEY" >"$d/an.key"
	local url="http://127.0.0.1:$port"
	cat >"$d/policy.json" <<EOF2
{
  "backends": {
    "oa":  {"kind": "openai", "endpoint": "$url/v1", "model": "gpt-a", "api_key_env": "TEST_OA_KEY",
            "max_class": "internal", "price": {"input": 1.0, "output": 2.0}},
    "oa2": {"kind": "openai", "endpoint": "$url/v1", "model": "gpt-b", "api_key_env": "TEST_OA_KEY",
            "max_class": "confidential", "params": {"temperature": 0.5}},
    "an":  {"kind": "anthropic", "endpoint": "$url/v1", "model": "claude-a", "api_key_file": "an.key",
            "api_version": "2023-06-01", "max_class": "restricted", "max_output_tokens": 99},
    "az":  {"kind": "openai", "azure": true, "endpoint": "$url/openai/deployments/dep1", "model": "gpt-az",
            "api_key_env": "TEST_AZ_KEY", "api_version": "2024-10-21", "max_class": "internal"},
    "nokey": {"kind": "openai", "endpoint": "$url/v1", "model": "gpt-n", "api_key_env": "TEST_MISSING_KEY",
            "max_class": "restricted"}
  },
  "rules": [
    {"name": "private", "when": "._llm.classify.class == \"restricted\"", "use": ["an", "nokey"]},
    {"name": "default", "default": true, "use": ["oa", "oa2", "an", "az", "nokey"]}
  ]
}
EOF2
	jq '.fallback_on = ["context_window"]' "$d/policy.json" >"$d/policy-ctx.json"
	jq '.fallback_on = ["rate_limit", "server_error", "timeout", "context_window", "content_policy"]' \
		"$d/policy.json" >"$d/policy-cp.json"
}

teardown_file() {
	kill "$(cat "$BATS_FILE_TMPDIR/server.pid")" 2>/dev/null || true
}

setup() {
	export TEST_OA_KEY=$OA_KEY TEST_AZ_KEY=$AZ_KEY
	P=$BATS_FILE_TMPDIR/policy.json
	LOG=$BATS_FILE_TMPDIR/server.log
	PORT=$(cat "$BATS_FILE_TMPDIR/port")
	FAST=(--retry-base-ms 5 --retry-max-ms 20 --seed 1)
}

# A routed record: $1 text, $2 class ("" = unclassified), $3.. chain.
rec() {
	local text=$1 cls=$2
	shift 2
	local chain
	chain=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	if [ -n "$cls" ]; then
		jq -nc --arg t "$text" --arg c "$cls" --argjson ch "$chain" \
			'{text: $t, _llm: {classify: {class: $c}, route: {backend: $ch[0], chain: $ch}}}'
	else
		jq -nc --arg t "$text" --argjson ch "$chain" '{text: $t, _llm: {route: {backend: $ch[0], chain: $ch}}}'
	fi
}

# Runs llm-infer on the NDJSON in $1 with the remaining arguments.
infer() {
	local input=$1
	shift
	printf '%s\n' "$input" >"$BATS_TEST_TMPDIR/in.ndjson"
	run bash -c 'llm-infer "$@" <"$1" 2>"$2"' _ "$BATS_TEST_TMPDIR/in.ndjson" "$BATS_TEST_TMPDIR/err" "$@"
	ERR=$(cat "$BATS_TEST_TMPDIR/err")
}

# Server log entries whose prompt contains $1, as compact JSON.
logged() {
	jq -c --arg s "$1" 'select((.body | tostring) | contains($s))' "$LOG"
}

@test "openai: answer, usage, cost and the key sent as a bearer token" {
	infer "$(rec 'hello openai u1' internal oa)" -p "$P"
	assert_status 0
	assert_jq '._llm.infer | [.backend, .provider, .model, .output, .finish_reason, .cached]' \
		'["oa","openai","gpt-a","echo: hello openai u1","stop",false]'
	assert_jq '._llm.infer.usage' '{"input_tokens":3,"output_tokens":4}'
	assert_jq '._llm.infer.cost_usd * 1e6 | round' '11'
	assert_jq '._llm.infer.attempts | map([.backend, .status, .error])' '[["oa",200,null]]'
	assert_jq '._llm.infer | (.latency_ms | type), .ttft_ms' $'"number"\nnull'
	run logged 'hello openai u1'
	[ "$(printf '%s\n' "$output" | jq -r .authorization)" = "Bearer $OA_KEY" ]
	[ "$(printf '%s\n' "$output" | jq -r .path)" = "/v1/chat/completions" ]
}

@test "anthropic: x-api-key from the key file, version header, system apart, max_tokens" {
	infer "$(jq -nc '{messages: [{role: "system", content: "be brief"}, {role: "user", content: "hello anthropic u2"}],
		_llm: {classify: {class: "restricted"}, route: {chain: ["an"]}}}')" -p "$P"
	assert_status 0
	assert_jq '._llm.infer | [.backend, .provider, .model, .output, .finish_reason]' \
		'["an","anthropic","claude-a","echo: hello anthropic u2","end_turn"]'
	run logged 'hello anthropic u2'
	assert_jq '[.path, .x_api_key, .anthropic_version, .authorization]' "[\"/v1/messages\",\"$AN_KEY\",\"2023-06-01\",null]"
	assert_jq '.body | [.system, (.messages | length), .max_tokens]' '["be brief",1,99]'
}

@test "azure: api-key header and the deployment URL with api-version" {
	infer "$(rec 'hello azure u3' public az)" -p "$P"
	assert_status 0
	assert_jq '._llm.infer.output' '"echo: hello azure u3"'
	run logged 'hello azure u3'
	assert_jq '[.path, .api_key, .authorization]' \
		"[\"/openai/deployments/dep1/chat/completions?api-version=2024-10-21\",\"$AZ_KEY\",null]"
}

@test "direct mode: --base-url, --model, --provider, --api-key-env" {
	infer '{"prompt":"direct mode u4"}' --base-url "http://127.0.0.1:$PORT/v1" --model m1 --api-key-env TEST_OA_KEY
	assert_status 0
	assert_jq '._llm.infer | [.backend, .model, .output]' '["direct","m1","echo: direct mode u4"]'
	infer '{"prompt":"direct anthropic u4"}' --base-url "http://127.0.0.1:$PORT/v1" --model c1 --provider anthropic
	assert_status 0
	assert_jq '._llm.infer | [.provider, .output]' '["anthropic","echo: direct anthropic u4"]'
	run logged 'direct anthropic u4'
	assert_jq '.x_api_key' 'null'
}

@test "direct mode: --backend NAME from the policy ignores routes but keeps its ceiling" {
	infer "$(jq -nc '{text: "backend flag u5", _llm: {classify: {class: "public"}}}')
{\"text\":\"backend flag unclassified u5\"}" -p "$P" --backend oa
	assert_status 5
	assert_jqs 'map(._llm.infer.output)' '["echo: backend flag u5",null]'
	assert_jqs '.[1]._llm | [.error.code, .infer.attempts[0].status, .infer.attempts[0].error]' '["no_backend","skipped","ceiling"]'
	run logged 'backend flag unclassified u5'
	[ -z "$output" ]
}

@test "request: --system, --max-tokens, --temperature, --stop, --json and per-record .params" {
	infer "$(jq -nc '{text: "params u6", params: {temperature: 0.1, top_p: 0.9}, _llm: {classify: {class: "internal"}, route: {chain: ["oa2"]}}}')" \
		-p "$P" --system "you are terse" --max-tokens 7 --stop END --stop STOP --json
	assert_status 0
	run logged 'params u6'
	# oa2's policy params set temperature 0.5: the record's 0.1 never overrides it.
	assert_jq '.body | [.model, .messages[0], .max_tokens, .temperature, .top_p, .stop, .response_format.type]' \
		'["gpt-b",{"role":"system","content":"you are terse"},7,0.5,0.9,["END","STOP"],"json_object"]'
	infer "$(rec 'params anthropic u6' restricted an)" -p "$P" --stop END --json
	run logged 'params anthropic u6'
	assert_jq '.body | [.stop_sequences, (.system | test("JSON")), has("response_format")]' '[["END"],true,false]'
}

@test "backend params are defaults that flags and .params override" {
	infer "$(rec 'defaults u7' internal oa2)" -p "$P"
	run logged 'defaults u7'
	assert_jq '.body.temperature' '0.5'
}

@test "--stream: SSE for both providers, time to first token, usage" {
	infer "$(rec 'stream one two u8' internal oa)
$(rec 'stream anthropic u8' restricted an)" -p "$P" --stream
	assert_status 0
	assert_jqs 'map(._llm.infer | [.output, .finish_reason, .usage.output_tokens, (.ttft_ms | type)])' \
		'[["echo: stream one two u8","stop",5,"number"],["echo: stream anthropic u8","end_turn",4,"number"]]'
	run logged 'stream one two u8'
	assert_jq '.body | [.stream, .stream_options.include_usage]' '[true,true]'
}

@test "--stream: a cut stream and an error event are retried" {
	infer "$(rec 'FAULT:stream_cut:times=1 cut u9' internal oa)
$(rec 'FAULT:stream_error:times=1 err u9' restricted an)" -p "$P" --stream "${FAST[@]}"
	assert_status 0
	assert_jqs 'map(._llm.infer.attempts | map(.error))' '[["server_error",null],["server_error",null]]'
}

@test "faults: 429, 500, 503, 529 are retried and then answered" {
	infer "$(rec 'FAULT:429:times=2:retry_after=0 a u10' internal oa)
$(rec 'FAULT:500:times=1 b u10' internal oa)
$(rec 'FAULT:503:times=1 c u10' internal oa)
$(rec 'FAULT:529:times=1 d u10' restricted an)
$(rec 'FAULT:429:times=1 e u10' restricted an)" -p "$P" "${FAST[@]}"
	assert_status 0
	assert_jqs 'map(._llm.infer.attempts | map([.status, .error]))' \
		'[[[429,"rate_limit"],[429,"rate_limit"],[200,null]],[[500,"server_error"],[200,null]],[[503,"server_error"],[200,null]],[[529,"server_error"],[200,null]],[[429,"rate_limit"],[200,null]]]'
}

@test "faults: Retry-After is honoured, and capped by --retry-after-max-ms" {
	infer "$(rec 'FAULT:429:times=1:retry_after=1 u11' internal oa)" -p "$P" "${FAST[@]}"
	assert_status 0
	[ "$(printf '%s' "$output" | jq '._llm.infer.latency_ms >= 900')" = true ]
	infer "$(rec 'FAULT:429:times=1:retry_after=30 u11b' internal oa)" -p "$P" "${FAST[@]}" --retry-after-max-ms 50
	assert_status 0
	[ "$(printf '%s' "$output" | jq '._llm.infer.latency_ms < 20000')" = true ]
}

@test "faults: slow first byte is waited for; a stall times out and is retried" {
	infer "$(rec 'FAULT:slow:ms=300 u12' internal oa)" -p "$P" "${FAST[@]}"
	assert_status 0
	[ "$(printf '%s' "$output" | jq '._llm.infer.latency_ms >= 290')" = true ]
	infer "$(rec 'FAULT:stall:times=1:ms=5000 u12b' internal oa)" -p "$P" "${FAST[@]}" --timeout 0.5
	assert_status 0
	assert_jq '._llm.infer.attempts | map(.error)' '["timeout",null]'
}

@test "faults: reset, truncated and malformed responses are server errors, retried" {
	infer "$(rec 'FAULT:reset:times=1 u13' internal oa)
$(rec 'FAULT:truncated:times=1 u13' internal oa)
$(rec 'FAULT:malformed:times=1 u13' internal oa)" -p "$P" "${FAST[@]}"
	assert_status 0
	assert_jqs 'map(._llm.infer.attempts | map(.error))' '[["server_error",null],["server_error",null],["server_error",null]]'
}

@test "faults: retries run out: backend_failed, exit 5, every attempt listed" {
	infer "$(rec 'FAULT:500 always u14' internal oa)" -p "$P" --backend oa "${FAST[@]}" --retries 2
	assert_status 5
	assert_jq '._llm.error | [.tool, .code, .line]' '["infer","backend_failed",1]'
	assert_jq '._llm.infer.attempts | map(.status)' '[500,500,500]'
	[[ "$ERR" == *"1 record failed at every backend"* ]]
}

@test "faults: context window moves on (fallback_on default); both provider formats are read" {
	infer "$(rec 'FAULT:context:model=gpt-a u15' internal oa oa2)
$(rec 'FAULT:context:model=claude-a u15' internal an oa)" -p "$P"
	assert_status 0
	assert_jqs 'map(._llm.infer.attempts | map([.backend, .error]))' \
		'[[["oa","context_window"],["oa2",null]],[["an","context_window"],["oa",null]]]'
}

@test "faults: content_policy and content_filter stop unless fallback_on lists content_policy" {
	local in
	in="$(rec 'FAULT:content_policy:model=gpt-a u16' internal oa oa2)
$(rec 'FAULT:content_filter:model=gpt-a u16' internal oa oa2)
$(rec 'FAULT:content_filter:model=claude-a u16' internal an oa2)"
	infer "$in" -p "$P"
	assert_status 5
	assert_jqs 'map(._llm.infer.attempts | map(.error))' '[["content_policy"],["content_policy"],["content_policy"]]'
	infer "$in" -p "$BATS_FILE_TMPDIR/policy-cp.json"
	assert_status 0
	assert_jqs 'map(._llm.infer.attempts | map(.error))' \
		'[["content_policy",null],["content_policy",null],["content_policy",null]]'
}

@test "faults: auth and bad_request never fall back; auth exits 3" {
	infer "$(rec 'FAULT:auth:model=gpt-a u17' internal oa oa2)" -p "$P"
	assert_status 3
	assert_jq '._llm.infer.attempts | map([.backend, .status, .error])' '[["oa",401,"auth"]]'
	infer "$(rec 'FAULT:bad_request:model=gpt-a u17' internal oa oa2)" -p "$P"
	assert_status 5
	assert_jq '._llm.infer.attempts | map(.error)' '["bad_request"]'
}

@test "fallback: in chain order, at once when the next backend is healthy" {
	infer "$(rec 'FAULT:500:model=gpt-a fb u18' internal oa oa2 an)
$(rec 'FAULT:500:model=gpt-a FAULT:503:model=gpt-b fb u18' internal oa oa2 an)" -p "$P" --retry-base-ms 5000
	assert_status 0
	assert_jqs 'map(._llm.infer.attempts | map([.backend, .status]))' \
		'[[["oa",500],["oa2",200]],[["oa",500],["oa2",503],["an",200]]]'
	# With a 5 s backoff base, falling back without sleeping is what keeps it fast.
	assert_jqs 'map(._llm.infer.latency_ms < 4000)' '[true,true]'
}

@test "fallback_on: a class not listed is retried on the same backend, never moved on" {
	infer "$(rec 'FAULT:500:model=gpt-a fbo u19' internal oa oa2)
$(rec 'FAULT:context:model=gpt-a fbo u19' internal oa oa2)" -p "$BATS_FILE_TMPDIR/policy-ctx.json" "${FAST[@]}" --retries 1
	assert_status 5
	assert_jqs 'map(._llm.infer.attempts | map([.backend, .error]))' \
		'[[["oa","server_error"],["oa","server_error"]],[["oa","context_window"],["oa2",null]]]'
	assert_jqs '.[0]._llm.error.code' '"backend_failed"'
}

@test "ceilings: a record is never sent above its class, whatever the route says" {
	infer "$(rec 'ceiling restricted u20' restricted oa oa2 an)
$(rec 'ceiling unclassified u20' '' oa an)
$(rec 'FAULT:500:model=gpt-b ceiling confidential u20' confidential oa2 oa)" -p "$P" "${FAST[@]}" --retries 1
	assert_status 5
	assert_jqs 'map(._llm.infer.attempts | map([.backend, .status, .error]))' \
		'[[["oa","skipped","ceiling"],["oa2","skipped","ceiling"],["an",200,null]],[["oa","skipped","ceiling"],["an",200,null]],[["oa2",500,"server_error"],["oa2",500,"server_error"]]]'
	run logged 'ceiling'
	[ "$(printf '%s\n' "$output" | jq -r .model | sort | uniq -c | tr -s ' ')" = "$(printf ' 2 claude-a\n 2 gpt-b')" ]
}

@test "a local backend whose model file is missing or not GGUF is a configuration error at start-up (exit 3, named)" {
	local d=$BATS_TEST_TMPDIR
	jq '.backends.loc = {"kind": "local", "model_path": "x.gguf", "max_class": "restricted"}
	    | .rules[0].use = ["loc", "an"]' "$P" >"$d/p-missing.json"
	infer "$(rec 'local first u21' restricted an)" -p "$d/p-missing.json"
	assert_status 3
	[ -z "$output" ]
	[[ $ERR == *"local backend 'loc': model file $d/x.gguf: "* ]]
	# Not even a record reached the other backends: nothing was read.
	[ -z "$(logged 'local first u21')" ]
	printf 'not a model at all\n' >"$d/x.gguf"
	infer "$(rec 'local first u21' restricted an)" -p "$d/p-missing.json"
	assert_status 3
	[[ $ERR == *"local backend 'loc': model file $d/x.gguf: "* ]]
	# The same for the direct form.
	run llm-infer --model "$d/x.gguf" --prompt hi
	assert_status 3
	[[ $output == *"model file $d/x.gguf: "* ]]
}

@test "a missing key is an auth failure with a clear message, exit 3" {
	infer "$(rec 'no key u22' internal nokey)" -p "$P"
	assert_status 3
	assert_jq '._llm.infer.attempts[0] | [.error, .message]' '["auth","no key: $TEST_MISSING_KEY is not set"]'
	run logged 'no key u22'
	[ -z "$output" ]
}

@test "settled records pass through untouched; unrouted ones are errors" {
	local in='{"a":1,"_llm":{"error":{"tool":"llm-filter","code":"x"}}}
{"b":2, "_llm":{"filter":{"verdict":"block"}}}
{"c":3,"_llm":{"route":{"denied":true,"rule":"r"}}}
{"d":4,"text":"unrouted"}
not json'
	infer "$in" -p "$P"
	assert_status 5
	[ "$(printf '%s\n' "$output" | sed -n 1,3p)" = "$(printf '%s\n' "$in" | sed -n 1,3p)" ]
	assert_jqs '[.[3]._llm.error.code, .[4]._llm.error.code]' '["not_routed","not_json"]'
}

@test "the pipeline: llm-classify | llm-route | llm-infer" {
	printf '%s\n' '{"id":"p1","text":"public question u23"}' '{"id":"p2","text":"card 4111 1111 1111 1111 u23"}' >"$BATS_TEST_TMPDIR/in"
	run bash -c 'set -o pipefail; llm-classify <"$1" | llm-route -p "$2" | llm-infer -p "$2"' _ "$BATS_TEST_TMPDIR/in" "$P"
	assert_status 0
	assert_jqs 'map([.id, ._llm.infer.backend])' '[["p1","oa"],["p2","an"]]'
}

@test "order: -j 64 with uneven latencies keeps input order; --unordered need not" {
	local i
	for i in $(seq 1 300); do
		printf '{"id":%d,"text":"FAULT:slow:ms=%d order u24 %d"}\n' "$i" $(((i * 37) % 5 * 20)) "$i"
	done >"$BATS_TEST_TMPDIR/in"
	run bash -c 'llm-infer --base-url "http://127.0.0.1:$1/v1" --model m -j 64 <"$2"' _ "$PORT" "$BATS_TEST_TMPDIR/in"
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "$(seq 1 300 | tr '\n' ' ')" ]
	[ "$(printf '%s\n' "$output" | jq -c 'select(._llm.infer.output == null)' | wc -l)" -eq 0 ]
	run bash -c 'llm-infer --base-url "http://127.0.0.1:$1/v1" --model m -j 64 --unordered <"$2"' _ "$PORT" "$BATS_TEST_TMPDIR/in"
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -r .id | sort -n | tr '\n' ' ')" = "$(seq 1 300 | tr '\n' ' ')" ]
}

@test "cache: a second run is answered from the file and sends nothing" {
	local c=$BATS_TEST_TMPDIR/cache.db in
	in="$(rec 'cache one u25' internal oa)
$(rec 'cache two u25' internal oa)"
	infer "$in" -p "$P" --cache "$c"
	assert_status 0
	assert_jqs 'map(._llm.infer.cached)' '[false,false]'
	infer "$in" -p "$P" --cache "$c" --stream
	assert_status 0
	assert_jqs 'map(._llm.infer | [.cached, .output, .cost_usd, .usage.output_tokens])' \
		'[[true,"echo: cache one u25",0,4],[true,"echo: cache two u25",0,4]]'
	run logged 'u25'
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 2 ]
	# Another request (another temperature) is another key.
	infer "$(rec 'cache one u25' internal oa)" -p "$P" --cache "$c" --temperature 0.9
	assert_jq '._llm.infer.cached' 'false'
}

@test "resume: answers in an earlier output are reused, failures are tried again" {
	local in first=$BATS_TEST_TMPDIR/first.ndjson
	in="$(rec 'resume ok u26' internal oa)
$(rec 'FAULT:500:times=3 resume again u26' internal oa)"
	infer "$in" -p "$P" "${FAST[@]}" --retries 1 --backend oa
	assert_status 5
	printf '%s\n' "$output" >"$first"
	infer "$in" -p "$P" "${FAST[@]}" --retries 1 --backend oa --resume "$first"
	assert_status 0
	[ "$(printf '%s\n' "$output" | head -n 1)" = "$(head -n 1 "$first")" ]
	assert_jqs 'map(._llm.infer.output)' '["echo: resume ok u26","echo: FAULT:500:times=3 resume again u26"]'
	run logged 'resume ok u26'
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 1 ]
}

@test "keys: never in output, stderr or echoed error bodies" {
	infer "$(rec 'FAULT:auth:model=gpt-a keys u27' internal oa)
$(rec 'FAULT:auth keys u27' restricted an)
$(rec 'FAULT:auth keys u27' public az)
$(rec 'FAULT:500 keys u27' internal oa)" -p "$P" "${FAST[@]}" --retries 1 --summary
	[ "$status" -eq 3 ]
	local all="$output$ERR"
	[[ "$all" != *"$OA_KEY"* ]]
	[[ "$all" != *"$AN_KEY"* ]]
	[[ "$all" != *"$AZ_KEY"* ]]
	[[ "$all" != *"OAkey"* ]]
	[[ "$all" == *"[REDACTED]"* ]]
	# The keys did reach the server: the test would prove nothing otherwise.
	run logged 'keys u27'
	[[ "$output" == *"$OA_KEY"* && "$output" == *"$AN_KEY"* && "$output" == *"$AZ_KEY"* ]]
}

@test "usage errors exit 2, a bad policy 3" {
	run llm-infer
	assert_status 2
	run llm-infer --base-url ftp://x --model m
	assert_status 2
	run llm-infer -p "$P" --model m
	assert_status 2
	run llm-infer -p /nonexistent.json
	assert_status 3
	run llm-infer -p "$P" --backend nope
	assert_status 3
	run llm-infer --help
	assert_status 0
	[[ "$output" == *"--retry-base-ms"* ]]
}

@test "fault storm: 10000 records, 20% faults: 10000 lines, in order, each an answer or an error" {
	local d=$BATS_TEST_TMPDIR
	python3 "$BATS_TEST_DIRNAME/fake-llm.py" --port-file "$d/port" --fault-rate 0.2 --seed 7 >/dev/null 2>&1 &
	local pid=$! i
	for i in $(seq 1 100); do [ -s "$d/port" ] && break; sleep 0.1; done
	seq 1 10000 | jq -c '{id: ., text: "storm record \(.)"}' >"$d/in"
	run bash -c 'llm-infer --base-url "http://127.0.0.1:$1/v1" --model m -j 32 --retry-base-ms 1 --retry-max-ms 4 \
		--retries 3 --cooldown-after 0 --seed 3 -o "$2/out" <"$2/in"' _ "$(cat "$d/port")" "$d"
	kill "$pid"
	[ "$status" -eq 0 ] || [ "$status" -eq 5 ]
	[ "$(wc -l <"$d/out")" -eq 10000 ]
	[ "$(jq -r .id "$d/out" | md5sum)" = "$(seq 1 10000 | md5sum)" ]
	run jq -r 'if ._llm.infer.output != null then "answer" elif ._llm.error.code != null then "error" else "lost" end' "$d/out"
	[ "$(printf '%s\n' "$output" | grep -c lost)" -eq 0 ]
	local answers errors
	answers=$(printf '%s\n' "$output" | grep -c answer)
	errors=$(printf '%s\n' "$output" | grep -c error)
	[ $((answers + errors)) -eq 10000 ]
	# Retryable faults were retried: most records got their answer.
	[ "$answers" -gt 9000 ]
	echo "# storm: $answers answers, $errors errors" >&3
}

@test "limits: the policy's rpm is kept client-side by a token bucket" {
	# rpm 120: bursts of 20, then 2 a second; 24 requests need about 2 s.
	jq '.backends.oa.limits = {"rpm": 120}' "$P" >"$BATS_TEST_TMPDIR/rpm.json"
	local i in=
	for i in $(seq 1 24); do in+="$(rec "rpm $i u28" internal oa)"$'\n'; done
	local t0 t1
	t0=$(date +%s%N)
	infer "${in%$'\n'}" -p "$BATS_TEST_TMPDIR/rpm.json" -j 8
	t1=$(date +%s%N)
	assert_status 0
	[ "$(printf '%s\n' "$output" | grep -c '"output":"echo: rpm')" -eq 24 ]
	[ $(((t1 - t0) / 1000000)) -ge 1500 ]
}

@test "cooldown: a backend that keeps failing rests, and records go past it" {
	local i in=
	for i in 1 2 3 4; do in+="$(rec "FAULT:500:model=gpt-a cool $i u29" internal oa oa2)"$'\n'; done
	infer "${in%$'\n'}" -p "$P" -j 1 --cooldown-after 2 --cooldown-ms 60000
	assert_status 0
	assert_jqs 'map(._llm.infer.attempts | map([.backend, .error]))' \
		'[[["oa","server_error"],["oa2",null]],[["oa","server_error"],["oa2",null]],[["oa","cooldown"],["oa2",null]],[["oa","cooldown"],["oa2",null]]]'
	run logged 'u29'
	[ "$(printf '%s\n' "$output" | jq -r .model | sort | uniq -c | tr -s ' ')" = "$(printf ' 2 gpt-a\n 4 gpt-b')" ]
}

@test "pipes: an answer leaves while llm-infer waits for the next input line" {
	run bash -c '{ printf "%s\n" "{\"text\":\"first u30\"}"; sleep 4; printf "%s\n" "{\"text\":\"second u30\"}"; } |
		llm-infer --base-url "http://127.0.0.1:$1/v1" --model m |
		{ IFS= read -r -t 3 l && printf "%s\n" "$l"; }' _ "$PORT"
	[[ "$output" == *'"output":"echo: first u30"'* ]]
}

@test "cache: concurrent runs share one file safely" {
	local c=$BATS_TEST_TMPDIR/shared.db i
	for i in $(seq 1 200); do printf '{"id":%d,"text":"shared cache %d u31"}\n' "$i" "$((i % 50))"; done >"$BATS_TEST_TMPDIR/in"
	run bash -c 'pids=; for k in 1 2 3; do llm-infer --base-url "http://127.0.0.1:$1/v1" --model m -j 8 --cache "$2" \
		-o "$3/out.$k" "$3/in" & pids+=" $!"; done; rc=0; for p in $pids; do wait "$p" || rc=1; done; exit $rc' \
		_ "$PORT" "$c" "$BATS_TEST_TMPDIR"
	assert_status 0
	for i in 1 2 3; do
		[ "$(jq -c 'select(._llm.infer.output == null)' "$BATS_TEST_TMPDIR/out.$i" | wc -l)" -eq 0 ]
		[ "$(wc -l <"$BATS_TEST_TMPDIR/out.$i")" -eq 200 ]
	done
	# Within and across runs, at least the repeats were answered from the file.
	[ "$(cat "$BATS_TEST_TMPDIR"/out.* | jq -c 'select(._llm.infer.cached)' | wc -l)" -ge 150 ]
}

@test "a refused connection is a server_error; a missing input file is reported, exit 7" {
	printf '%s\n' '{"text":"refused u32"}' >"$BATS_TEST_TMPDIR/one"
	run bash -c 'llm-infer --base-url http://127.0.0.1:9/v1 --model m --retries 1 --retry-base-ms 1 \
		"$1/missing" "$1/one" 2>"$1/err"' _ "$BATS_TEST_TMPDIR"
	assert_status 7
	assert_jq '._llm.infer.attempts | map([.status, .error])' '[[null,"server_error"],[null,"server_error"]]'
	grep -q "cannot open '.*/missing'" "$BATS_TEST_TMPDIR/err"
}

@test "--stream: ttft_ms is the time to the first token, not to the end" {
	infer "$(rec 'FAULT:slow_tokens:ms=150 one two three u33' internal oa)" -p "$P" --stream
	assert_status 0
	assert_jq '._llm.infer.output' '"echo: FAULT:slow_tokens:ms=150 one two three u33"'
	[ "$(printf '%s' "$output" | jq '._llm.infer | .ttft_ms >= 100 and .latency_ms - .ttft_ms >= 600')" = true ]
}

@test "library rule: the HTTP client, codecs and orchestration never print or exit" {
	local root=$BATS_TEST_DIRNAME/..
	run bash -c 'grep -nE "(^|[^sn_])(printf|fprintf|puts|exit|abort|perror)[[:space:]]*\(" \
		"$1"/common/infer/http/*.c "$1"/common/infer/provider/*.c "$1"/common/infer/infer.c "$1"/common/infer/retry.c \
		"$1"/common/infer/reorder.c "$1"/common/infer/cache.c' _ "$root"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}
