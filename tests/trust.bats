#!/usr/bin/env bats
# Fail closed end to end (llm-records(7), "What is scanned and what is
# sent"): no canary reaches a backend whose max_class is below its class,
# through llm-classify | llm-route | llm-infer against tests/fake-llm.py on
# loopback, judged from the server's own request log. Each path an
# adversarial user found has its own test; a property test runs thousands
# of generated chat records, plain, obfuscated and with forged _llm.

load helpers

KEY=sk-test-trust-0123456789abcdef

setup_file() {
	local d=$BATS_FILE_TMPDIR
	start_fake_llm "$d" || return 1
	local url="http://127.0.0.1:$(cat "$d/port")"
	# low-*: hosted, internal at most; high: self-hosted, restricted.
	cat >"$d/policy.json" <<EOF2
{
  "backends": {
    "low-oa": {"kind": "openai", "endpoint": "$url/v1", "model": "low-oa", "api_key_env": "TEST_KEY",
               "max_class": "internal", "region": "us", "params": {"store": false}},
    "low-an": {"kind": "anthropic", "endpoint": "$url/v1", "model": "low-an", "api_key_env": "TEST_KEY",
               "max_class": "internal", "region": "us"},
    "eu":     {"kind": "openai", "endpoint": "$url/v1", "model": "low-eu", "api_key_env": "TEST_KEY",
               "max_class": "internal", "region": "eu"},
    "high":   {"kind": "openai", "endpoint": "$url/v1", "model": "high", "api_key_env": "TEST_KEY",
               "max_class": "restricted", "self_hosted": true}
  },
  "rules": [
    {"name": "eu-tenant", "when": ".tenant == \"eu\"", "use": ["eu"], "require": {"region": "eu"}},
    {"name": "sensitive", "when": "._llm.classify.class as \$c | \$c == \"restricted\" or \$c == \"confidential\"",
     "use": ["high"]},
    {"name": "default", "default": true,
     "split": [{"name": "a", "weight": 50, "use": ["low-oa", "high"]}, {"name": "b", "weight": 50, "use": ["low-an", "high"]}]}
  ]
}
EOF2
}

teardown_file() {
	kill "$(cat "$BATS_FILE_TMPDIR/server.pid")" 2>/dev/null || true
}

setup() {
	export TEST_KEY=$KEY
	P=$BATS_FILE_TMPDIR/policy.json
	LOG=$BATS_FILE_TMPDIR/server.log
}

# The pipeline over the NDJSON in $1 (a file); output in $output.
pipeline() {
	run bash -c 'llm-classify <"$1" | llm-route -p "$2" | llm-infer -p "$2" -j 8 2>/dev/null' _ "$1" "$P"
}

# The models that received a request holding $1, one per line, sorted.
who_got() {
	python3 - "$LOG" "$1" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[1]):
    e = json.loads(line)
    if sys.argv[2] in e.get("raw", ""):
        seen.add(e["model"])
print("\n".join(sorted(seen)))
PY
}

@test "a record with .text and .messages: every string counts for the class" {
	printf '%s\n' '{"text":"card 4111 1111 1111 1111 tr1","messages":[{"role":"user","content":"hello tr1"}]}' >"$BATS_TEST_TMPDIR/in"
	pipeline "$BATS_TEST_TMPDIR/in"
	assert_jq '[._llm.classify.class, ._llm.infer.backend]' '["restricted","high"]'
	[ "$(who_got 'hello tr1')" = "high" ]
}

@test "names, tool call arguments, non-text parts and nested arrays are scanned" {
	{
		jq -nc '{messages: [{role: "user", name: "jane.doe.tr2@example.com", content: "hi tr2a"}]}'
		jq -nc '{messages: [{role: "user", content: "hi tr2b"}, {role: "assistant", content: null, tool_calls: [{id: "c", type: "function", function: {name: "f", arguments: "{\"card\":\"4111111111111111\"}"}}]}, {role: "tool", tool_call_id: "c", content: "ok"}]}'
		jq -nc '{messages: [{role: "user", content: [{type: "input_text", input_text: "ssn 123-45-6789 tr2c"}]}]}'
		jq -nc '{messages: [{role: "user", content: [{type: "tool_result", tool_use_id: "t", content: [{type: "text", text: "AKIAQWERTYUIOPASDFGH tr2d"}]}]}]}'
		jq -nc '{messages: [{role: "user", content: "hi tr2e", extra: [[["4111-1111-1111-1111"]]]}]}'
	} >"$BATS_TEST_TMPDIR/in"
	pipeline "$BATS_TEST_TMPDIR/in"
	assert_status 0
	assert_jqs 'map(._llm.classify.class)' '["confidential","restricted","restricted","restricted","restricted"]'
	local t
	for t in tr2a tr2b tr2c tr2d tr2e; do
		[ "$(who_got "$t")" = "high" ]
	done
}

@test "params: allowed keys only; data-handling keys come from the policy; unknown keys refused by name" {
	{
		jq -nc '{text: "hi tr3a", params: {temperature: 0.1, stop: ["END"], seed: 3}}'
		jq -nc '{text: "hi tr3b", params: {store: true}}'
		jq -nc '{text: "hi tr3c", params: {user: "jane@example.com"}}'
		jq -nc '{text: "hi tr3d", params: {metadata: {k: "v"}}}'
		jq -nc '{text: "hi tr3e", params: {prediction: {content: "x"}}}'
		jq -nc '{text: "hi tr3f", params: {temperature: "hot"}}'
	} >"$BATS_TEST_TMPDIR/in"
	pipeline "$BATS_TEST_TMPDIR/in"
	assert_status 5
	assert_jqs 'map(._llm.error.message // "ok")' '["ok","params.store changes how the provider handles data: only the policy'"'"'s backend params may set it","params.user changes how the provider handles data: only the policy'"'"'s backend params may set it","params.metadata changes how the provider handles data: only the policy'"'"'s backend params may set it","params.prediction is not a known parameter (see llm-records(7))","params.temperature must be a number"]'
	for t in tr3b tr3c tr3d tr3e tr3f; do
		[ -z "$(who_got "hi $t")" ]
	done
}

@test "params: a record never overrides the backend's policy params" {
	printf '%s\n' '{"text":"hi tr4","params":{"temperature":0.3},"_llm":{"classify":{"class":"public"}}}' >"$BATS_TEST_TMPDIR/in"
	run bash -c 'llm-infer -p "$1" --backend low-oa <"$2"' _ "$P" "$BATS_TEST_TMPDIR/in"
	assert_status 0
	run python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if "hi tr4" in e["raw"]: print(json.dumps([e["body"].get("store"), e["body"].get("temperature")]))' "$LOG"
	[ "$output" = "[false, 0.3]" ]
}

@test "duplicate keys anywhere make a record a bad-input error record, in every tool" {
	printf '%s\n' '{"text":"hi","text":"4111111111111111"}' '{"messages":[{"role":"user","content":"a","content":"b"}]}' \
		'{"a":{"x":1,"\u0078":2}}' '{"ok":"tr5"}' >"$BATS_TEST_TMPDIR/in"
	local tool
	for tool in llm-classify llm-filter "llm-route -p $P" "llm-infer -p $P"; do
		run bash -c "$tool <\"\$1\" 2>/dev/null" _ "$BATS_TEST_TMPDIR/in"
		[ "$status" -eq 4 ] || [ "$status" -eq 5 ]
		assert_jqs 'map(._llm.error.code)' '["duplicate_key","duplicate_key","duplicate_key",'"$( [ "${tool%% *}" = llm-infer ] && echo '"not_routed"' || echo null)"']'
		assert_jqs '.[0].raw' '"{\"text\":\"hi\",\"text\":\"4111111111111111\"}"'
	done
}

@test "a forged _llm.route is replaced by llm-route and noted; the last gate refuses it anyway" {
	jq -nc '{tenant: "eu", text: "hello tr6a", _llm: {classify: {class: "public"}, route: {backend: "low-oa", chain: ["low-oa"], rule: "forged"}}}' >"$BATS_TEST_TMPDIR/in"
	run bash -c 'llm-route -p "$1" <"$2"' _ "$P" "$BATS_TEST_TMPDIR/in"
	assert_status 0
	assert_jq '._llm.route | [.chain, .rule, .replaced.chain, .replaced.rule]' '[["eu"],"eu-tenant",["low-oa"],"forged"]'
	# Straight into llm-infer, the forged route's US backend is never called.
	run bash -c 'llm-infer -p "$1" <"$2" 2>/dev/null' _ "$P" "$BATS_TEST_TMPDIR/in"
	assert_status 5
	assert_jq '[._llm.error.code, ._llm.infer.attempts[0].error]' '["gate_refused","gate_refused"]'
	[ -z "$(who_got 'hello tr6a')" ]
}

@test "a forged _llm.classify never lowers the class: the last gate scans what it sends" {
	jq -nc '{text: "my card is 4111 1111 1111 1111 tr7", _llm: {classify: {class: "public"}, route: {chain: ["low-oa", "high"]}}}' >"$BATS_TEST_TMPDIR/in"
	run bash -c 'llm-infer -p "$1" <"$2" 2>/dev/null' _ "$P" "$BATS_TEST_TMPDIR/in"
	assert_status 0
	assert_jq '[._llm.infer.backend, ._llm.infer.attempts[0].error]' '["high","gate_refused"]'
	[ "$(who_got 'tr7')" = "high" ]
	# A class name with a NUL in it is no class: restricted, from the first
	# look at the record (the ceiling), not only at the last gate.
	printf '%s\n' '{"text":"hello tr7b","_llm":{"classify":{"class":"public\u0000x"},"route":{"chain":["low-oa"]}}}' >"$BATS_TEST_TMPDIR/in"
	run bash -c 'llm-infer -p "$1" <"$2" 2>/dev/null' _ "$P" "$BATS_TEST_TMPDIR/in"
	assert_jq '[._llm.error.code, ._llm.infer.attempts[0].error]' '["no_backend","ceiling"]'
	[ -z "$(who_got 'hello tr7b')" ]
}

@test "--system text is scanned by the last gate" {
	jq -nc '{text: "hello tr8", _llm: {classify: {class: "public"}, route: {chain: ["low-oa"]}}}' >"$BATS_TEST_TMPDIR/in"
	run bash -c 'llm-infer -p "$1" --system "escalate to ops@example.com" <"$2" 2>/dev/null' _ "$P" "$BATS_TEST_TMPDIR/in"
	assert_status 5
	assert_jq '._llm.error.code' '"gate_refused"'
	[ -z "$(who_got 'hello tr8')" ]
}

@test "budgets: re-routing its own output charges once; llm-infer charges what llm-route did not" {
	jq '.budgets = {"*": {"tokens_per_day": 2000}}' "$P" >"$BATS_TEST_TMPDIR/p.json"
	local bp=$BATS_TEST_TMPDIR/p.json st=$BATS_TEST_TMPDIR/state.db
	for i in 1 2 3; do jq -nc --arg i "$i" '{text: ("hello budget tr9 " + $i)}'; done >"$BATS_TEST_TMPDIR/in"
	run bash -c 'llm-classify <"$1" | llm-route -p "$2" --state "$3" | llm-route -p "$2" --state "$3" >"$4"' _ \
		"$BATS_TEST_TMPDIR/in" "$bp" "$st" "$BATS_TEST_TMPDIR/routed"
	assert_status 0
	run sqlite3 "$st" 'SELECT tokens FROM budget_usage'
	local once=$output
	[ "$once" -gt 0 ]
	# Receipts are consumed by llm-infer: nothing more is charged.
	run bash -c 'llm-infer -p "$1" --state "$2" <"$3" 2>/dev/null' _ "$bp" "$st" "$BATS_TEST_TMPDIR/routed"
	assert_status 0
	[ "$(sqlite3 "$st" 'SELECT tokens FROM budget_usage')" = "$once" ]
	# Replayed, the same routed records are charged at the gate this time.
	run bash -c 'llm-infer -p "$1" --state "$2" <"$3" 2>/dev/null' _ "$bp" "$st" "$BATS_TEST_TMPDIR/routed"
	assert_status 0
	[ "$(sqlite3 "$st" 'SELECT tokens FROM budget_usage')" -eq $((once * 2)) ]
	# Forged routes, never charged: charged here until the budget is spent.
	for i in $(seq 1 20); do jq -nc --arg i "$i" '{text: ("hello budget tr9 forged " + $i), _llm: {classify: {class: "public"}, route: {chain: ["low-oa"], charge: "00000000000000000000000000000000"}}}'; done >"$BATS_TEST_TMPDIR/forged"
	run bash -c 'llm-infer -p "$1" --state "$2" <"$3" 2>/dev/null' _ "$bp" "$st" "$BATS_TEST_TMPDIR/forged"
	assert_status 6
	assert_jqs 'map(._llm.error.code // "ok") | unique' '["budget_exceeded","ok"]'
	assert_jqs 'map(._llm.error.message // "") | map(select(startswith("budget"))) | length > 0' 'true'
	[ "$(sqlite3 "$st" 'SELECT tokens FROM budget_usage')" -le 2000 ]
}

@test "duplicate keys in a policy, a rules file or a filter config are configuration errors" {
	printf '%s\n' '{"backends":{"l":{"kind":"local","model_path":"m.gguf","max_class":"restricted","max_class":"public"}},"rules":[{"name":"d","default":true,"use":["l"]}]}' >"$BATS_TEST_TMPDIR/p.json"
	run llm-route --check "$BATS_TEST_TMPDIR/p.json"
	assert_status 3
	[[ $output == *"a key is repeated at byte"* ]]
	printf '%s\n' '{"default_class":"public","default_class":"restricted"}' >"$BATS_TEST_TMPDIR/r.json"
	run bash -c 'echo "{\"text\":\"x\"}" | llm-classify -r "$1"' _ "$BATS_TEST_TMPDIR/r.json"
	assert_status 3
	[[ $output == *"a key is repeated at byte"* ]]
	printf '%s\n' '{"version":1,"version":1}' >"$BATS_TEST_TMPDIR/f.json"
	run bash -c 'echo "{\"text\":\"x\"}" | llm-filter --config "$1"' _ "$BATS_TEST_TMPDIR/f.json"
	assert_status 3
	[[ $output == *"a key is repeated at byte"* ]]
}
@test "property: generated chat records never leak a canary below its class (plain and obfuscated)" {
	cd "$BATS_TEST_TMPDIR"
	python3 "$BATS_TEST_DIRNAME/gen-trust.py" gen "${TRUST_RECORDS:-1500}" 14 >in.ndjson
	run bash -c 'llm-classify <in.ndjson | llm-route -p "$1" | llm-infer -p "$1" -j 32 >out.ndjson 2>err' _ "$P"
	[ "$status" -eq 0 ] || [ "$status" -eq 5 ]
	run python3 "$BATS_TEST_DIRNAME/gen-trust.py" check canaries.json "$LOG" out.ndjson "${TRUST_RECORDS:-1500}"
	echo "$output" >&2
	assert_status 0
	# The property is not vacuous: clean records did reach the low backends.
	[ "$(grep -c '"model": "low-' "$LOG")" -gt $((${TRUST_RECORDS:-1500} / 10)) ]
}

@test "property: the same with a forged _llm.route and _llm.classify on every record" {
	cd "$BATS_TEST_TMPDIR"
	python3 "$BATS_TEST_DIRNAME/gen-trust.py" gen "${TRUST_RECORDS:-1500}" 15 --forge >in.ndjson
	# Straight to llm-infer (the forged route and class as they are) ...
	run bash -c 'llm-infer -p "$1" -j 32 <in.ndjson >out1.ndjson 2>err' _ "$P"
	[ "$status" -eq 0 ] || [ "$status" -eq 5 ]
	run python3 "$BATS_TEST_DIRNAME/gen-trust.py" check canaries.json "$LOG" out1.ndjson "${TRUST_RECORDS:-1500}"
	echo "$output" >&2
	assert_status 0
	# ... and through the whole pipeline.
	run bash -c 'llm-classify <in.ndjson | llm-route -p "$1" | llm-infer -p "$1" -j 32 >out2.ndjson 2>err' _ "$P"
	[ "$status" -eq 0 ] || [ "$status" -eq 5 ]
	run python3 "$BATS_TEST_DIRNAME/gen-trust.py" check canaries.json "$LOG" out2.ndjson "${TRUST_RECORDS:-1500}"
	echo "$output" >&2
	assert_status 0
}

@test "reformatted values are caught end to end: fullwidth, zero-width, soft hyphen, after '(', SSN in parentheses, lowercase IBAN" {
	{
		printf '{"text":"card \\uff14\\uff11\\uff11\\uff11 \\uff11\\uff11\\uff11\\uff11 \\uff11\\uff11\\uff11\\uff11 \\uff11\\uff11\\uff11\\uff11 tr12a"}\n'
		printf '{"text":"card 4111\\u200b1111\\u200b1111\\u200b1111 tr12b"}\n'
		printf '{"text":"ssn 123\\u00ad-45-6789 tr12c"}\n'
		printf '{"text":"charge(4111111111111111, 1999) tr12d"}\n'
		printf '{"text":"ssn (123-45-6789) tr12e"}\n'
		printf '{"text":"iban gb82 west 1234 5698 7654 32 tr12f"}\n'
		printf '{"text":"card 4111.1111/1111\\t1111 tr12g"}\n'
	} >"$BATS_TEST_TMPDIR/in"
	pipeline "$BATS_TEST_TMPDIR/in"
	assert_status 0
	assert_jqs 'map(._llm.classify.class) | unique' '["restricted"]'
	local t
	for t in tr12a tr12b tr12c tr12d tr12e tr12f tr12g; do
		[ "$(who_got "$t")" = "high" ]
	done
}
