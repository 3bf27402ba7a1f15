#!/usr/bin/env bats
# llm-route: rules, ceilings, require, splits, context pre-flight, budgets,
# estimates, --check diagnostics, pass-through and bad input.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	P=$TESTDATA/policies
}

# One record through llm-route; output in $output.
route() {
	local input=$1
	shift
	run bash -c 'printf "%s\n" "$1" | llm-route "${@:2}"' _ "$input" "$@"
}

# A policy file from a string.
policy() {
	printf '%s\n' "$1" >"$T/p.json"
}

# Three backends, one per ceiling, for most tests.
three='"local":{"kind":"local","model_path":"m.gguf","max_class":"restricted","region":"eu"},
  "conf":{"kind":"openai","endpoint":"http://127.0.0.1:9/v1","model":"m","max_class":"confidential","region":"eu","zero_retention":true,"price":{"input":1,"output":2}},
  "pub":{"kind":"anthropic","endpoint":"http://127.0.0.1:9/v1","model":"c","max_class":"public","region":"us","zero_retention":false,"price":{"input":10,"output":20}}'

rec() { # class -> a classified record
	printf '{"id":"r1","text":"hello world","_llm":{"classify":{"class":"%s","findings":[],"counts":{}}}}' "$1"
}

@test "--help, --version and usage errors" {
	run llm-route --help
	assert_status 0
	[[ $output == *"--policy"* && $output == *"--check"* && $output == *"Exit status"* ]]
	run llm-route --version
	assert_status 0
	run llm-route
	assert_status 2
	[[ $output == *"-p POLICY"* ]]
	run llm-route --check
	assert_status 2
	run llm-route -p "$P/basic.json" --max-cost -1
	assert_status 2
}

@test "the first matching rule decides; the decision carries the policy version" {
	route "$(rec confidential)" -p "$P/basic.json"
	assert_status 0
	assert_jq '._llm.route | [.backend, .chain, .rule, .class]' '["local",["local"],"sensitive-local","confidential"]'
	v=$(llm-route --check "$P/basic.json" | sed -n 's/.*version \(sha256:[0-9a-f]*\)$/\1/p')
	[ -n "$v" ]
	assert_jq '._llm.route.policy' "\"$v\""
	route "$(rec public)" -p "$P/basic.json"
	assert_jq '._llm.route | [.backend, .chain, .rule]' '["openai",["openai","local"],"default"]'
	# The user's bytes are kept; _llm.route is added beside classify.
	[[ $output == '{"id":"r1","text":"hello world","_llm":{"classify":'* ]]
}

@test "policy version: same meaning same hash, any change a new one" {
	v1=$(llm-route --check "$P/basic.json" | grep -o 'sha256:[0-9a-f]*')
	jq . "$P/basic.json" >"$T/pretty.json"
	jq -c -S . "$P/basic.json" >"$T/compact.json"
	v2=$(llm-route --check "$T/pretty.json" | grep -o 'sha256:[0-9a-f]*')
	v3=$(llm-route --check "$T/compact.json" | grep -o 'sha256:[0-9a-f]*')
	jq '.backends.openai.max_class = "public"' "$P/basic.json" >"$T/changed.json"
	v4=$(llm-route --check "$T/changed.json" | grep -o 'sha256:[0-9a-f]*')
	[ "$v1" = "$v2" ] && [ "$v1" = "$v3" ] && [ "$v1" != "$v4" ]
}

@test "ceilings: a backend below the record's class is never in the chain, whatever the rule says" {
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"all\",\"use\":[\"pub\",\"conf\",\"local\"]}]}"
	for c in public internal confidential restricted; do
		route "$(rec $c)" -p "$T/p.json"
		assert_status 0
		case $c in
		public) assert_jq '._llm.route.chain' '["pub","conf","local"]' ;;
		internal | confidential) assert_jq '._llm.route.chain' '["conf","local"]' ;;
		restricted) assert_jq '._llm.route.chain' '["local"]' ;;
		esac
	done
	assert_jq '._llm.route.reason' '"rule '"'"'all'"'"' (unconditional); excluded pub: max_class public < restricted; conf: max_class confidential < restricted"'
}

@test "fail closed: an unclassified record counts as restricted" {
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"all\",\"use\":[\"pub\",\"conf\"]}]}"
	route '{"text":"no classify here"}' -p "$T/p.json"
	assert_status 0
	assert_jq '._llm.route | [.denied, .class]' '[true,"restricted"]'
	[[ $output == *"max_class public < restricted (unclassified)"* ]]
	# A class name the toolkit does not know is restricted too.
	route '{"text":"x","_llm":{"classify":{"class":"secret"}}}' -p "$T/p.json"
	assert_jq '._llm.route.denied' 'true'
}

@test "an empty chain is denied with the reason, and later tools pass it through" {
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"hosted-only\",\"use\":[\"pub\"]}]}"
	route "$(rec restricted)" -p "$T/p.json"
	assert_status 0
	assert_jq '._llm.route | [.denied, .rule, .reason]' '[true,"hosted-only","rule '"'"'hosted-only'"'"': no backend may receive this restricted record: pub: max_class public < restricted"]'
	denied=$output
	run bash -c 'printf "%s\n" "$1" | llm-route -p "$2" --reroute' _ "$denied" "$T/p.json"
	[ "$output" = "$denied" ]
}

@test "no rule matched and no default: denied" {
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"eu\",\"when\":\".tenant == \\\"eu\\\"\",\"use\":[\"local\"]}]}"
	route '{"tenant":"us","text":"x"}' -p "$T/p.json"
	assert_jq '._llm.route | [.denied, .rule, .reason]' '[true,null,"no rule matched and the policy has no default rule"]'
}

@test "when: jq programs over the whole record, in order" {
	policy "{\"backends\":{$three},\"rules\":[
	  {\"name\":\"long\",\"when\":\"(.text | length) > 20\",\"use\":[\"local\"]},
	  {\"name\":\"tagged\",\"when\":\"any(.tags[]?; . == \\\"fast\\\")\",\"use\":[\"conf\"]},
	  {\"name\":\"default\",\"default\":true,\"use\":[\"local\"]}]}"
	route '{"text":"a much longer text than twenty","tags":["fast"],"_llm":{"classify":{"class":"public"}}}' -p "$T/p.json"
	assert_jq '._llm.route.rule' '"long"'
	route '{"text":"short","tags":["slow","fast"],"_llm":{"classify":{"class":"public"}}}' -p "$T/p.json"
	assert_jq '._llm.route.rule' '"tagged"'
	route '{"text":"short","_llm":{"classify":{"class":"public"}}}' -p "$T/p.json"
	assert_jq '._llm.route.rule' '"default"'
	# Escapes and unicode in the record reach jq decoded.
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"u\",\"when\":\".t == \\\"é\\\\n\\\"\",\"use\":[\"local\"]},{\"name\":\"d\",\"default\":true,\"use\":[\"local\"]}]}"
	route '{"t":"\u00e9\n","text":"x"}' -p "$T/p.json"
	assert_jq '._llm.route.rule' '"u"'
}

@test "a jq error in a condition denies the record (never skipped to a laxer rule); exit 3" {
	policy "{\"backends\":{$three},\"rules\":[
	  {\"name\":\"strict\",\"when\":\".n + 1 > 2\",\"use\":[\"local\"]},
	  {\"name\":\"lax\",\"default\":true,\"use\":[\"pub\",\"local\"]}]}"
	run bash -c "printf '%s\n' '{\"n\":\"not a number\",\"text\":\"x\",\"_llm\":{\"classify\":{\"class\":\"public\"}}}' | llm-route -p '$T/p.json' 2>'$T/err'"
	assert_status 3
	grep -q "a policy rule failed" "$T/err"
	assert_jq '._llm.route | [.denied, .rule]' '[true,"strict"]'
	[[ $output == *"rule 'strict' failed"* ]]
}

@test "require: data attributes (region list, zero retention, self-hosted)" {
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"eu\",\"require\":{\"region\":[\"eu\",\"eea\"],\"zero_retention\":true},\"use\":[\"pub\",\"conf\",\"local\"]}]}"
	route "$(rec public)" -p "$T/p.json"
	assert_jq '._llm.route.chain' '["conf","local"]'
	[[ $output == *'pub: region \"us\" not in [eu, eea]'* ]]
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"zr\",\"require\":{\"zero_retention\":true},\"use\":[\"pub\",\"conf\"]}]}"
	route "$(rec public)" -p "$T/p.json"
	assert_jq '._llm.route.chain' '["conf"]'
	[[ $output == *'pub: zero_retention required, backend retains data'* ]]
	policy "{\"backends\":{$three},\"rules\":[{\"name\":\"sh\",\"require\":{\"self_hosted\":true},\"use\":[\"pub\",\"conf\",\"local\"]}]}"
	route "$(rec public)" -p "$T/p.json"
	assert_jq '._llm.route.chain' '["local"]'
	route "$(rec public)" -p "$P/eu-zero-retention.json"
	assert_jq '._llm.route.chain' '["anthropic-us","azure-eu","local"]'
	route '{"tenant":{"region":"eu"},"text":"x","_llm":{"classify":{"class":"public"}}}' -p "$P/eu-zero-retention.json"
	assert_jq '._llm.route.chain' '["azure-eu","local"]'
}

@test "context pre-flight: a record too long for a backend's window skips it" {
	policy "{\"defaults\":{\"max_output_tokens\":50},\"backends\":{
	  \"small\":{\"kind\":\"openai\",\"endpoint\":\"https://h/v1\",\"model\":\"s\",\"max_class\":\"restricted\",\"context_window\":100},
	  \"big\":{\"kind\":\"openai\",\"endpoint\":\"https://h/v1\",\"model\":\"b\",\"max_class\":\"restricted\",\"context_window\":100000}},
	  \"rules\":[{\"name\":\"r\",\"use\":[\"small\",\"big\"]}]}"
	short=$(printf 'word %.0s' $(seq 1 20))
	long=$(printf 'word %.0s' $(seq 1 200))
	route "{\"text\":\"$short\"}" -p "$T/p.json"
	assert_jq '._llm.route.chain' '["small","big"]'
	route "{\"text\":\"$long\"}" -p "$T/p.json"
	assert_jq '._llm.route.chain' '["big"]'
	assert_jq '._llm.route.estimate.input_tokens' '250'
	[[ $output == *"small: context: ~250 input + 50 output tokens > window 100"* ]]
	# The requested output counts: .params.max_tokens.
	route "{\"text\":\"$short\",\"params\":{\"max_tokens\":90}}" -p "$T/p.json"
	assert_jq '._llm.route.chain' '["big"]'
}

@test "splits: deterministic per id, weights respected, other rules' arms independent" {
	route '{"id":"user-42","text":"x","_llm":{"classify":{"class":"public"}}}' -p "$P/canary-split.json"
	first=$(printf '%s' "$output" | jq -c '._llm.route | [.split, .chain]')
	for i in 1 2 3; do
		route '{"id":"user-42","text":"different text","_llm":{"classify":{"class":"public"}}}' -p "$P/canary-split.json"
		[ "$(printf '%s' "$output" | jq -c '._llm.route | [.split, .chain]')" = "$first" ]
	done
	# Over 10,000 ids a 10/90 split lands within 2 points of 10 %.
	seq 1 10000 | jq -c '{id: ("id-" + tostring), text: "x", _llm: {classify: {class: "public"}}}' >"$T/ids.ndjson"
	llm-route -p "$P/canary-split.json" "$T/ids.ndjson" >"$T/out.ndjson"
	n=$(jq -r '._llm.route.split' "$T/out.ndjson" | grep -c '^canary$')
	echo "canary share: $n / 10000"
	[ "$n" -ge 800 ] && [ "$n" -le 1200 ]
	# Numeric ids and ids from _llm.id count too; a record without either
	# uses its content hash (stable for the same bytes).
	route '{"id":7,"text":"x","_llm":{"classify":{"class":"public"}}}' -p "$P/canary-split.json"
	a=$(printf '%s' "$output" | jq -r '._llm.route.split')
	route '{"id":7,"text":"y","_llm":{"classify":{"class":"public"}}}' -p "$P/canary-split.json"
	[ "$(printf '%s' "$output" | jq -r '._llm.route.split')" = "$a" ]
}

@test "--explain: every rule tried and every exclusion, with reasons" {
	policy "{\"backends\":{$three},\"rules\":[
	  {\"name\":\"never\",\"when\":\".x == 1\",\"use\":[\"local\"]},
	  {\"name\":\"all\",\"default\":true,\"use\":[\"pub\",\"conf\",\"local\"]}]}"
	route "$(rec confidential)" -p "$T/p.json" --explain
	assert_jq '._llm.route.explain.rules' '[{"rule":"never","matched":false},{"rule":"all","matched":true,"why":"unconditional"}]'
	assert_jq '._llm.route.explain.excluded' '[{"backend":"pub","reason":"max_class public < confidential"}]'
	route "$(rec confidential)" -p "$T/p.json"
	assert_jq '._llm.route | has("explain")' 'false'
}

@test "pass-through: error and blocked records; a route on the input is decided afresh" {
	for r in '{"raw":"x","_llm":{"error":{"tool":"llm-classify","code":"not_json"}}}' \
		'{"text":"x","_llm":{"filter":{"stage":"input","verdict":"block","findings":[]}}}'; do
		route "$r" -p "$P/basic.json"
		assert_status 0
		[ "$output" = "$r" ]
	done
	# _llm.route on input is not evidence: replaced, and the old one noted.
	route '{"text":"x","_llm":{"route":{"backend":"old","chain":["old"],"rule":"r","policy":"sha256:00"},"classify":{"class":"public"}}}' -p "$P/basic.json"
	assert_jq '._llm.route | [.backend, .rule, .replaced]' '["openai","default",{"chain":["old"],"rule":"r"}]'
	# --reroute is accepted for old scripts and changes nothing.
	route '{"text":"x","_llm":{"route":{"backend":"old"},"classify":{"class":"public"}}}' -p "$P/basic.json" --reroute
	assert_jq '._llm.route | [.backend, .replaced]' '["openai",{"chain":null,"rule":null}]'
}

@test "bad input: error records in place, order kept, exit 4" {
	printf '%s\n' '{"id":1,"text":"a"}' 'not json' '[1,2]' '{"id":4,"text":"b","_llm":5}' '{"id":5,"text":"c"}' >"$T/in.ndjson"
	run llm-route -p "$P/basic.json" "$T/in.ndjson"
	assert_status 4
	[ "$(printf '%s\n' "$output" | grep -c '^{')" -eq 5 ]
	run bash -c "llm-route -p '$P/basic.json' '$T/in.ndjson' 2>/dev/null | jq -c '[.id, ._llm.error.code, ._llm.route.backend]'"
	[ "${lines[0]}" = '[1,null,"local"]' ]
	[ "${lines[1]}" = '[null,"not_json",null]' ]
	[ "${lines[2]}" = '[null,"not_object",null]' ]
	[ "${lines[3]}" = '[null,"bad_llm",null]' ]
	[ "${lines[4]}" = '[5,null,"local"]' ]
	# Error records name the tool as every binary does ("route", like "classify").
	run bash -c "llm-route -p '$P/basic.json' '$T/in.ndjson' 2>/dev/null | jq -r 'select(._llm.error) | ._llm.error.tool' | sort -u"
	[ "$output" = "route" ]
}

@test "a full pipeline: classify | route over the demo records" {
	run bash -c "llm-classify '$TESTDATA/demo/records.ndjson' | llm-route -p '$P/basic.json' | jq -c 'select(._llm.classify.class == \"restricted\" or ._llm.classify.class == \"confidential\") | ._llm.route.chain'"
	assert_status 0
	[ -n "$output" ]
	for l in "${lines[@]}"; do [ "$l" = '["local"]' ]; done
	n_in=$(grep -c . "$TESTDATA/demo/records.ndjson")
	n_out=$(llm-classify "$TESTDATA/demo/records.ndjson" | llm-route -p "$P/basic.json" | wc -l)
	[ "$n_in" -eq "$n_out" ]
}

@test "policy load errors name the key; exit 3" {
	policy '{"backends":{"a":{"kind":"openai","endpoint":"https://h","model":"m","max_clas":"public"}},"rules":[{"name":"r","use":["a"]}]}'
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *'backends.a: unknown key "max_clas"'* ]]
	policy '{"backends":{"a":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"secret"}},"rules":[{"name":"r","use":["a"]}]}'
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *'backends.a.max_class: unknown class "secret"'* ]]
	policy '{"backends":{"a":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public"}},"rules":[{"name":"r","when":".x ==","use":["a"]}]}'
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *'rules[0] (r).when: jq:'* ]]
	policy '{"backends":{"a":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public","headers":{"Authorization":"Bearer sk-x"}}},"rules":[{"name":"r","use":["a"]}]}'
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *"keys come from api_key_env or api_key_file"* ]]
	printf '{"backends":' >"$T/p.json"
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *"not valid JSON"* ]]
	run llm-route -p "$T/missing.json" </dev/null
	assert_status 3
	policy '{"backends":{"a":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public"}},"rules":[{"name":"r","use":["a"]}],"fallback_on":["auth"]}'
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *"fallback_on[0]: auth"* ]]
}

@test "--check: unknown backends are errors, and a run refuses the policy" {
	policy '{"backends":{"a":{"kind":"local","model_path":"/dev/null","max_class":"restricted"}},"rules":[{"name":"r","use":["a","ghost"]}]}'
	run llm-route --check "$T/p.json"
	assert_status 3
	[[ $output == *"error: rule 'r': unknown backend 'ghost'"* ]]
	[[ $output == *"1 error, "* ]]
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *"unknown backend 'ghost'"* ]]
}

@test "--check: unreachable rules (after a catch-all, constant false, duplicate condition)" {
	policy '{"backends":{"a":{"kind":"local","model_path":"/dev/null","max_class":"restricted"}},"rules":[
	  {"name":"x","when":".a == 1","use":["a"]},
	  {"name":"x2","when":".a == 1","use":["a"]},
	  {"name":"off","when":"false","use":["a"]},
	  {"name":"all","when":"true","use":["a"]},
	  {"name":"late","when":".b","use":["a"]},
	  {"name":"def","default":true,"use":["a"]}]}'
	run llm-route --check "$T/p.json"
	assert_status 3
	[[ $output == *"rule 'x2' is unreachable: rule 'x' before it has the same condition"* ]]
	[[ $output == *"rule 'off' is unreachable: its condition 'false' is never true"* ]]
	[[ $output == *"rule 'late' is unreachable: rule 'all' before it matches every record"* ]]
	[[ $output == *"rule 'def' is unreachable"* ]]
}

@test "--check: rules no backend can serve under the ceilings or require" {
	policy '{"backends":{
	  "pub":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public","region":"us"},
	  "loc":{"kind":"local","model_path":"/dev/null","max_class":"restricted"}},
	  "rules":[
	  {"name":"secrets","when":"._llm.classify.class == \"restricted\"","use":["pub"]},
	  {"name":"eu","when":".eu","require":{"region":"eu"},"use":["pub"]},
	  {"name":"mixed","when":".m","use":["pub"]},
	  {"name":"d","default":true,"use":["loc"]}]}'
	run llm-route --check "$T/p.json"
	assert_status 3
	[[ $output == *"error: rule 'secrets': no backend can serve it under the ceilings: it matches restricted records, its chain's highest max_class is public"* ]]
	[[ $output == *"error: rule 'eu': no backend in its chain meets its require"* ]]
	# A rule that cannot be probed by class is not an error.
	[[ $output != *"rule 'mixed': no backend"* ]]
}

@test "--check: warnings (missing key variables, unused backends, no default) keep exit 0" {
	policy '{"backends":{
	  "h":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public","api_key_env":"LLM_TEST_KEY_NOT_SET"},
	  "unused":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public","api_key_file":"/nonexistent/key"}},
	  "rules":[{"name":"r","when":".x","use":["h"]}]}'
	run llm-route --check "$T/p.json"
	assert_status 0
	[[ $output == *"warning: backend 'h': environment variable LLM_TEST_KEY_NOT_SET is not set"* ]]
	[[ $output == *"warning: backend 'unused' is not used by any rule"* ]]
	[[ $output == *"warning: backend 'unused': key file /nonexistent/key is not readable"* ]]
	[[ $output == *"warning: no default rule"* ]]
	LLM_TEST_KEY_NOT_SET=x run llm-route --check "$T/p.json"
	[[ $output != *"LLM_TEST_KEY_NOT_SET is not set"* ]]
	for f in "$P"/*.json; do
		run llm-route --check "$f"
		assert_status 0
	done
}

@test "--estimate: records, tokens and cost per backend, nothing routed" {
	printf '%s\n' "$(rec public)" "$(rec public)" "$(rec restricted)" >"$T/in.ndjson"
	policy "{\"defaults\":{\"max_output_tokens\":100},\"backends\":{$three},\"rules\":[{\"name\":\"all\",\"use\":[\"pub\",\"conf\",\"local\"]}]}"
	run llm-route -p "$T/p.json" --estimate "$T/in.ndjson"
	assert_status 0
	[ "${#lines[@]}" -eq 3 ]
	# "hello world": 11 bytes -> 3 tokens; pub costs $10/$20 per 1M.
	[ "$(printf '%s' "${lines[0]}" | jq -c '[.backend, .records, .input_tokens, .output_tokens, .cost_usd]')" = '["local",1,3,100,0]' ]
	[ "$(printf '%s' "${lines[1]}" | jq -c '[.backend, .records, .input_tokens, .output_tokens, .cost_usd]')" = '["pub",2,6,200,0.00406]' ]
	[ "$(printf '%s' "${lines[2]}" | jq -c '[.total, .records, .routed, .cost_usd]')" = '[true,3,3,0.00406]' ]
}

@test "--max-cost refuses a run that would exceed it (exit 6, no output), stdin spooled" {
	seq 1 100 | jq -c '{id: ., text: "hello world", _llm: {classify: {class: "public"}}}' >"$T/in.ndjson"
	policy "{\"defaults\":{\"max_output_tokens\":100},\"backends\":{$three},\"rules\":[{\"name\":\"all\",\"use\":[\"pub\"]}]}"
	# 100 x (3 x $10 + 100 x $20) / 1M = $0.203
	run bash -c "llm-route -p '$T/p.json' --max-cost 0.2 <'$T/in.ndjson' >'$T/out' 2>'$T/err'"
	assert_status 6
	[ ! -s "$T/out" ]
	grep -q 'estimated cost \$0.203000 for 100 records exceeds --max-cost \$0.200000; nothing was routed' "$T/err"
	run bash -c "llm-route -p '$T/p.json' --max-cost 0.21 <'$T/in.ndjson' | wc -l"
	assert_status 0
	[ "$output" -eq 100 ]
	run llm-route -p "$T/p.json" --estimate --max-cost 0.1 "$T/in.ndjson"
	assert_status 6
}

@test "budgets: without --state the run refuses; over budget goes to on_exceed or is denied (exit 6)" {
	run llm-route -p "$P/budgets.json" </dev/null
	assert_status 2
	[[ $output == *"--state"* ]]
	# Each record: 3 input + 100 output tokens = 103; support has 1000/day.
	seq 1 12 | jq -c '{id: ., workload: "support", text: "hello world", _llm: {classify: {class: "public"}}}' >"$T/s.ndjson"
	run llm-route -p "$P/budgets.json" --state "$T/state.db" "$T/s.ndjson"
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -r '._llm.route.rule' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = " 9 hosted; 3 overflow;" ]
	[[ $output == *"budget for workload 'support' exhausted today (tokens 927 + 103 > 1000)"* ]]
	# Other workloads share the "*" budget per workload: 2000 tokens or $0.01.
	seq 1 30 | jq -c '{id: ., workload: "adhoc", text: "hello world", _llm: {classify: {class: "public"}}}' >"$T/a.ndjson"
	run bash -c "llm-route -p '$P/budgets.json' --state '$T/state.db' '$T/a.ndjson' 2>'$T/err'"
	assert_status 6
	[ "$(printf '%s\n' "$output" | jq -r '._llm.route.denied // false' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = " 19 false; 11 true;" ]
	[ "$(printf '%s\n' "$output" | jq -c 'select(._llm.route.denied) | ._llm.route.budget' | sort -u)" = "true" ]
	grep -q "11 records denied: over budget" "$T/err"
	sqlite3 "$T/state.db" "select workload, tokens from budget_usage order by workload" >"$T/usage"
	[ "$(cat "$T/usage" | tr '\n' ' ')" = "adhoc|1957 support|927 " ]
}

@test "budgets: two successive runs share the day's usage; a new day starts afresh" {
	seq 1 5 | jq -c '{id: ., workload: "support", text: "hello world", _llm: {classify: {class: "public"}}}' >"$T/s.ndjson"
	day1=1767225600 # 2026-01-01T00:00:00Z
	LLM_NOW=$day1 llm-route -p "$P/budgets.json" --state "$T/st.db" "$T/s.ndjson" >"$T/o1"
	LLM_NOW=$((day1 + 3600)) llm-route -p "$P/budgets.json" --state "$T/st.db" "$T/s.ndjson" >"$T/o2"
	[ "$(jq -r '._llm.route.rule' "$T/o1" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = " 5 hosted;" ]
	[ "$(jq -r '._llm.route.rule' "$T/o2" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = " 4 hosted; 1 overflow;" ]
	LLM_NOW=$((day1 + 86400)) llm-route -p "$P/budgets.json" --state "$T/st.db" "$T/s.ndjson" >"$T/o3"
	[ "$(jq -r '._llm.route.rule' "$T/o3" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = " 5 hosted;" ]
}

@test "budgets: two concurrent processes never admit more than the budget together" {
	seq 1 400 | jq -c '{id: ., workload: "batch", text: "hello world", _llm: {classify: {class: "public"}}}' >"$T/b.ndjson"
	# "*" budget: 2000 tokens/day or $0.01; each record costs 103 tokens and $0.000060.
	llm-route -p "$P/budgets.json" --state "$T/c.db" "$T/b.ndjson" >"$T/c1" 2>/dev/null &
	llm-route -p "$P/budgets.json" --state "$T/c.db" "$T/b.ndjson" >"$T/c2" 2>/dev/null &
	wait
	[ "$(wc -l <"$T/c1")" -eq 400 ] && [ "$(wc -l <"$T/c2")" -eq 400 ]
	admitted=$(cat "$T/c1" "$T/c2" | jq -r 'select(._llm.route.denied | not) | .id' | wc -l)
	echo "admitted $admitted"
	[ "$admitted" -eq 19 ]
	[ "$(sqlite3 "$T/c.db" "select tokens from budget_usage where workload = 'batch'")" -eq $((19 * 103)) ]
}

@test "--estimate ignores budgets and needs no state" {
	seq 1 50 | jq -c '{id: ., workload: "support", text: "hello world", _llm: {classify: {class: "public"}}}' >"$T/s.ndjson"
	run llm-route -p "$P/budgets.json" --estimate "$T/s.ndjson"
	assert_status 0
	[ "$(printf '%s\n' "${lines[0]}" | jq -c '[.backend, .records]')" = '["hosted",50]' ]
}

@test "model and key paths in a policy are relative to the policy file" {
	mkdir -p "$T/conf"
	: >"$T/conf/model.gguf"
	printf '{"backends":{"l":{"kind":"local","model_path":"model.gguf","max_class":"restricted"}},"rules":[{"name":"d","default":true,"use":["l"]}]}\n' >"$T/conf/p.json"
	run llm-route --check "$T/conf/p.json"
	assert_status 0
	[[ $output != *"not readable"* ]]
}

@test "--check: the other warnings (weight 0 arm, default not last, on_exceed with a condition, partial coverage, model file)" {
	policy '{"backends":{
	  "pub":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public"},
	  "loc":{"kind":"local","model_path":"no-such-model.gguf","max_class":"restricted"}},
	  "rules":[
	  {"name":"d","default":true,"use":["loc"]},
	  {"name":"ab","when":".ab","split":[{"name":"off","weight":0,"use":["pub"]},{"name":"on","weight":1,"use":["loc"]}]},
	  {"name":"any-class","when":"._llm.classify.class != null","use":["pub"]},
	  {"name":"cheap","when":".cheap","use":["loc"]}],
	  "budgets":{"*":{"tokens_per_day":10,"on_exceed":"cheap"}}}'
	run llm-route --check "$T/p.json"
	[[ $output == *"warning: default rule 'd' is not the last rule"* ]]
	[[ $output == *"warning: rule 'ab' split arm 'off' has weight 0 and is never chosen"* ]]
	[[ $output == *"warning: rule 'any-class': internal, confidential, restricted records it matches are denied (its chain's highest max_class is public)"* ]]
	[[ $output == *"warning: budgets.*.on_exceed: rule 'cheap' has a condition; over budget it is used without it"* ]]
	[[ $output == *"warning: backend 'loc': model file $T/no-such-model.gguf is not readable"* ]]
	# The rules after the default are unreachable: that one is an error.
	[[ $output == *"error: rule 'ab' is unreachable: rule 'd' before it matches every record"* ]]
	assert_status 3
}

@test "policy load errors: Azure on a non-OpenAI backend, local with an endpoint, bad split, bad budget" {
	for bad in \
		'{"backends":{"a":{"kind":"anthropic","endpoint":"https://h","model":"m","max_class":"public","azure":true}},"rules":[{"name":"r","use":["a"]}]}|only an openai backend can be Azure' \
		'{"backends":{"a":{"kind":"local","model_path":"m","endpoint":"https://h","max_class":"public"}},"rules":[{"name":"r","use":["a"]}]}|a local backend takes model_path' \
		'{"backends":{"a":{"kind":"local","model_path":"m","max_class":"public"}},"rules":[{"name":"r","use":["a"],"split":[{"weight":1,"use":["a"]}]}]}|give exactly one of' \
		'{"backends":{"a":{"kind":"local","model_path":"m","max_class":"public"}},"rules":[{"name":"r","split":[{"weight":0,"use":["a"]}]}]}|the weights add up to 0' \
		'{"backends":{"a":{"kind":"local","model_path":"m","max_class":"public"}},"rules":[{"name":"r","use":["a"]}],"budgets":{"w":{}}}|give tokens_per_day, cost_per_day or both' \
		'{"backends":{"a":{"kind":"local","model_path":"m","max_class":"public"}},"rules":[{"name":"r","use":["a"]}],"budgets":{"w":{"tokens_per_day":5,"on_exceed":"nope"}}}|no rule named "nope"' \
		'{"backends":{"a":{"kind":"openai","model":"m","max_class":"public"}},"rules":[{"name":"r","use":["a"]}]}|"endpoint" is required' \
		'{"backends":{"a":{"kind":"openai","endpoint":"https://h","model":"m","max_class":"public","price":{"input":-1}}},"rules":[{"name":"r","use":["a"]}]}|price.input: -1 is out of range' \
		'{"backends":{"a":{"kind":"local","model_path":"m","max_class":"public"}},"rules":[{"name":"r","use":["a"],"require":{"region":[]}}]}|an empty list admits no backend'; do
		policy "${bad%|*}"
		run llm-route --check "$T/p.json"
		assert_status 3
		[[ $output == *"${bad##*|}"* ]] || { echo "wanted: ${bad##*|}"; echo "got: $output"; return 1; }
	done
}

@test "conditions outside the native subset run in libjq and decide the same" {
	policy "{\"backends\":{$three},\"rules\":[
	  {\"name\":\"re\",\"when\":\".text | test(\\\"^hel+o\\\")\",\"use\":[\"local\"]},
	  {\"name\":\"in\",\"when\":\".tier | IN(\\\"gold\\\", \\\"silver\\\")\",\"use\":[\"conf\"]},
	  {\"name\":\"d\",\"default\":true,\"use\":[\"local\"]}]}"
	route '{"text":"hello","_llm":{"classify":{"class":"public"}}}' -p "$T/p.json"
	assert_jq '._llm.route.rule' '"re"'
	route '{"text":"bye","tier":"silver","_llm":{"classify":{"class":"public"}}}' -p "$T/p.json"
	assert_jq '._llm.route.rule' '"in"'
	route '{"text":"bye","tier":"bronze","_llm":{"classify":{"class":"public"}}}' -p "$T/p.json"
	assert_jq '._llm.route.rule' '"d"'
}

@test "--raw-files and --field: documents routed straight from disk, tokens from the chosen field" {
	printf 'short note\n' >"$T/a.txt"
	printf '%s\n' "$(printf 'many words %.0s' $(seq 1 100))" >"$T/b.txt"
	run llm-route -p "$P/basic.json" --raw-files "$T/a.txt" "$T/b.txt"
	assert_status 0
	[ "${#lines[@]}" -eq 2 ]
	# Unclassified documents are restricted: local only.
	[ "$(printf '%s\n' "$output" | jq -c '._llm.route.chain' | sort -u)" = '["local"]' ]
	route '{"body":"four score and seven years ago","text":"x"}' -p "$P/basic.json" --field .body
	assert_jq '._llm.route.estimate.input_tokens' '8'
}

@test "--policy-from DB@LABEL: the policy kept in the audit ledger; moving the label switches (and rolls back)" {
	llm-audit policy --db "$T/a.db" add "$P/basic.json" >/dev/null
	v1=$(llm-route --check "$P/basic.json" | grep -o 'sha256:[0-9a-f]*')
	jq '.backends.openai.max_class = "public"' "$P/basic.json" >"$T/v2.json"
	llm-audit policy --db "$T/a.db" add "$T/v2.json" >/dev/null
	v2=$(llm-route --check "$T/v2.json" | grep -o 'sha256:[0-9a-f]*')
	llm-audit policy --db "$T/a.db" label production "$v1" >/dev/null
	route "$(rec internal)" --policy-from "$T/a.db@production"
	assert_status 0
	assert_jq '[._llm.route.policy, ._llm.route.chain]' "[\"$v1\",[\"openai\",\"local\"]]"
	llm-audit policy --db "$T/a.db" label production "$v2" >/dev/null
	route "$(rec internal)" --policy-from "$T/a.db@production"
	assert_jq '[._llm.route.policy, ._llm.route.chain]' "[\"$v2\",[\"local\"]]"
	# Rollback is one command, and is itself in the ledger.
	llm-audit policy --db "$T/a.db" label production "$v1" >/dev/null
	route "$(rec internal)" --policy-from "$T/a.db@production"
	assert_jq '._llm.route.policy' "\"$v1\""
	run llm-audit verify --db "$T/a.db"
	assert_status 0
	run llm-route --policy-from "$T/a.db@staging" </dev/null
	assert_status 3
	run llm-route --policy-from "$T/a.db" </dev/null
	assert_status 2
	run llm-route -p "$P/basic.json" --policy-from "$T/a.db@production" </dev/null
	assert_status 2
}

# A policy whose first rule's condition is $1, then a default.
spin_policy() {
	jq -n --arg w "$1" '{backends: {a: {kind: "openai", endpoint: "http://127.0.0.1:9/v1", model: "m", max_class: "restricted"}},
		rules: [{name: "spin", when: $w, use: ["a"]}, {name: "d", use: ["a"]}]}' >"$T/p.json"
}

@test "jq budgets: a condition that loops or hoards memory fails with exit 3 naming the rule (--check, start-up, run time)" {
	local w
	for w in 'def f: f; f' '[range(1e9)] | length > 0' 'repeat(.) | select(.nope)' 'last(range(1e12)) > 0'; do
		spin_policy "$w"
		run timeout 120 llm-route --check -p "$T/p.json"
		assert_status 3
		[[ $output == *"error: rule 'spin': its condition stopped after"*"budget (LLM_JQ_"* ]] || { echo "$w: $output" >&2; false; }
		run bash -c 'echo "{\"text\":\"x\"}" | timeout 120 llm-route -p "$1"' _ "$T/p.json"
		assert_status 3
		[[ $output == *"rule 'spin': its condition stopped after"* ]]
	done
	# Only some records make it loop: those are denied with the reason, the
	# rule stays stopped for the rest of the stream (fail closed), exit 3.
	spin_policy 'if .loop then (def f: f; f) else false end'
	run llm-route --check -p "$T/p.json"
	assert_status 0
	run bash -c 'printf "%s\n" "{\"id\":1,\"loop\":true}" "{\"id\":2}" | timeout 120 llm-route -p "$1" 2>/dev/null' _ "$T/p.json"
	assert_status 3
	[ "${#lines[@]}" -eq 2 ]
	output=${lines[0]}
	assert_jq '[._llm.route.denied, ._llm.route.rule, (._llm.route.reason | test("stopped after [0-9]+ ms of CPU, its time budget \\(LLM_JQ_TIME_MS\\)"))]' '[true,"spin",true]'
	output=${lines[1]}
	assert_jq '[._llm.route.denied, ._llm.route.rule]' '[true,"spin"]'
}

@test "jq budgets: the memory budget (LLM_JQ_MEMORY_MB) stops a condition that grows without bound" {
	spin_policy '[range(1e9)] | length > 0'
	LLM_JQ_TIME_MS=600000 LLM_JQ_MEMORY_MB=32 run timeout 300 llm-route --check -p "$T/p.json"
	assert_status 3
	[[ $output == *"rule 'spin': its condition stopped after growing the process by over 32 MiB, its memory budget (LLM_JQ_MEMORY_MB)"* ]]
	# A bad value is ignored (the default stands).
	LLM_JQ_TIME_MS=abc run timeout 120 llm-route --check -p "$T/p.json"
	assert_status 3
	[[ $output == *"stopped after 1000 ms of CPU"* ]]
}

@test "jq compile errors show libjq's own message" {
	spin_policy '.x |'
	run llm-route --check -p "$T/p.json"
	assert_status 3
	[[ $output == *"rules[0] (spin).when: jq: syntax error, unexpected \$end"*"line 1: .x |"* ]]
	[[ $output != *"compile error"* ]]
	spin_policy '.a | nosuch(1)'
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *"jq: nosuch/1 is not defined at <top-level>, line 1: .a | nosuch(1)"* ]]
}
