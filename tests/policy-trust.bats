#!/usr/bin/env bats
# Transport and trust of the policy (issue 14, item 7): plain http:// only to
# loopback or a self-hosted backend, in every binary that loads a policy;
# llm-route --policy-from verifies the ledger entries it routes by (leaf
# hash, payload digest, and a signed checkpoint when given).

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	P=$TESTDATA/policies
}

# A policy with one openai backend; $1 is the backend's extra members.
one_backend() {
	printf '{"backends":{"remote":{"kind":"openai","model":"m","max_class":"internal",%s}},"rules":[{"name":"r","default":true,"use":["remote"]}]}\n' "$1" >"$T/p.json"
}

@test "http:// to a hosted backend off this machine: --check, llm-route and llm-infer refuse it (exit 3, naming the backend)" {
	one_backend '"endpoint":"http://api.example.com/v1"'
	run llm-route --check "$T/p.json"
	assert_status 3
	[[ $output == *'backends.remote.endpoint: plain http://'* ]]
	run llm-route -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *'llm-route: error: '*'backends.remote.endpoint: plain http://'* ]]
	run llm-infer -p "$T/p.json" </dev/null
	assert_status 3
	[[ $output == *'llm-infer: error: '*'backends.remote.endpoint: plain http://'* ]]
	# "self_hosted": false says it outright.
	one_backend '"endpoint":"http://10.1.2.3:8000/v1","self_hosted":false'
	run llm-route --check "$T/p.json"
	assert_status 3
	[[ $output == *'backends.remote.endpoint'* ]]
}

@test "http:// hosts that only look like loopback are refused" {
	for url in http://127.0.0.1.example.com/v1 http://localhost.example.com/v1 \
		http://127.0.0.1@example.com/v1 http://example.com/127.0.0.1 http://example.com:80@127.0.0.1x/ \
		'http://[::2]/v1' 'http://[::ffff:10.0.0.1]/v1' http://127.1/v1 http://0x7f.0.0.1/v1 \
		http://127.0.0.%31/v1 http://2130706433/v1 http:///v1 http://localhost%2eexample.com/v1; do
		one_backend "\"endpoint\":\"$url\""
		run llm-route --check "$T/p.json"
		[ "$status" -eq 3 ] || { echo "accepted: $url ($output)" >&2; return 1; }
		[[ $output == *'backends.remote.endpoint: plain http://'* ]] || { echo "$url: $output" >&2; return 1; }
	done
}

@test "http:// to loopback, http:// to a self-hosted backend and https:// anywhere are accepted" {
	for url in http://127.0.0.1:8000/v1 http://127.9.8.7/v1 http://localhost:11434/v1 http://LOCALHOST/v1 \
		'http://[::1]:8080/v1' 'http://[::ffff:127.0.0.1]/v1' http://user:pw@localhost:1/v1 http://localhost \
		http://localhost?x=1 https://api.example.com/v1 https://10.0.0.1/v1; do
		one_backend "\"endpoint\":\"$url\""
		run llm-route --check "$T/p.json"
		[ "$status" -eq 0 ] || { echo "refused: $url ($output)" >&2; return 1; }
	done
	one_backend '"endpoint":"http://vllm.internal:8000/v1","self_hosted":true'
	run llm-route --check "$T/p.json"
	assert_status 0
	run bash -c 'echo "{\"id\":1,\"text\":\"hi\",\"_llm\":{\"classify\":{\"class\":\"public\"}}}" | llm-route -p "$1"' _ "$T/p.json"
	assert_status 0
	assert_jq '._llm.route.backend' '"remote"'
	run llm-infer -p "$T/p.json" </dev/null
	assert_status 0
	# Every policy shipped in testdata still loads.
	for f in "$P"/*.json; do
		run llm-route --check "$f"
		[ "$status" -eq 0 ] || { echo "$f: $output" >&2; return 1; }
	done
}
