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

rec() { # class -> a classified record
	printf '{"id":"r1","text":"hello world","_llm":{"classify":{"class":"%s","findings":[],"counts":{}}}}' "$1"
}

# A ledger with two policies: v1 (basic.json, compact) labelled production,
# and v2 (openai capped at public). Sets $v1, $v2, $s1, $s2 (their add entries).
two_policies() {
	jq -c . "$P/basic.json" >"$T/v1.json"
	jq -c '.backends.openai.max_class = "public"' "$P/basic.json" >"$T/v2.json"
	llm-audit policy --db "$T/a.db" add "$T/v1.json" "$T/v2.json" >/dev/null
	v1=$(llm-route --check "$T/v1.json" | grep -o 'sha256:[0-9a-f]*')
	v2=$(llm-route --check "$T/v2.json" | grep -o 'sha256:[0-9a-f]*')
	s1=$(sqlite3 "$T/a.db" "SELECT seq FROM entries WHERE kind = 'policy' AND policy = '$v1'")
	s2=$(sqlite3 "$T/a.db" "SELECT seq FROM entries WHERE kind = 'policy' AND policy = '$v2'")
	llm-audit policy --db "$T/a.db" label production "$v1" >/dev/null
}

route_from() { # ref, extra options...
	run bash -c 'printf "%s\n" "$1" | llm-route --policy-from "$2" "${@:3}"' _ "$(rec internal)" "$@"
}

@test "--policy-from: an untouched ledger routes; a label entry pointed elsewhere with sqlite3 is refused, naming the label" {
	two_policies
	route_from "$T/a.db@production"
	assert_status 0
	assert_jq '[._llm.route.policy, ._llm.route.chain]' "[\"$v1\",[\"openai\",\"local\"]]"
	sqlite3 "$T/a.db" "UPDATE entries SET policy = '$v2' WHERE kind = 'label' AND rec_id = 'production'"
	route_from "$T/a.db@production"
	assert_status 3
	[[ $output == *"refusing policy 'production': the label's entry does not verify: entry "*"its columns do not match its leaf hash"* ]]
	[[ $output != *'"_llm"'* ]]
	run llm-route --check --policy-from "$T/a.db@production"
	assert_status 3
}

@test "--policy-from: the stored policy bytes replaced (same version, other bytes) are refused by the payload digest" {
	two_policies
	# The same policy pretty-printed: the same version, other bytes, stored
	# by llm-audit in a second ledger and copied over v1's payload.
	jq . "$T/v1.json" >"$T/v1-pretty.json"
	llm-audit policy --db "$T/b.db" add "$T/v1-pretty.json" >/dev/null
	sqlite3 "$T/a.db" "ATTACH '$T/b.db' AS o;
		UPDATE payloads SET dict = (SELECT dict FROM o.payloads), raw_len = (SELECT raw_len FROM o.payloads),
		data = (SELECT data FROM o.payloads) WHERE seq = $s1"
	route_from "$T/a.db@production"
	assert_status 3
	[[ $output == *"refusing policy 'production': the policy's entry does not verify: entry $s1: the payload does not match its digest"* ]]
	# By version too.
	route_from "$T/a.db@$v1"
	assert_status 3
	[[ $output == *"refusing policy '$v1'"* ]]
}

@test "--policy-from: another policy's text and version written over an entry are refused" {
	two_policies
	# Rewrite v1's add entry and the label to hold v2, copying v2's payload.
	sqlite3 "$T/a.db" "UPDATE payloads SET raw_len = (SELECT raw_len FROM payloads WHERE seq = $s2),
		data = (SELECT data FROM payloads WHERE seq = $s2) WHERE seq = $s1;
		DELETE FROM payloads WHERE seq = $s2; DELETE FROM entries WHERE seq = $s2;
		UPDATE entries SET policy = '$v2' WHERE seq = $s1 OR kind = 'label'"
	route_from "$T/a.db@production"
	assert_status 3
	[[ $output == *"refusing policy 'production'"*"does not verify"* ]]
}

@test "--policy-from with --checkpoint/--pubkey: held to the signed checkpoint" {
	two_policies
	llm-audit keygen "$T/k"
	llm-audit keygen "$T/other"
	llm-audit checkpoint --db "$T/a.db" --key "$T/k" -o "$T/cp" >/dev/null
	route_from "$T/a.db@production" --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 0
	assert_jq '._llm.route.policy' "\"$v1\""
	# A checkpoint signed by another key than the one given.
	route_from "$T/a.db@production" --checkpoint "$T/cp" --pubkey "$T/other.pub"
	assert_status 3
	[[ $output == *"refusing policy 'production': the ledger does not verify against checkpoint $T/cp"*"not signed by the given public key"* ]]
	# A checkpoint of another ledger.
	llm-audit policy --db "$T/b.db" add "$T/v1.json" >/dev/null
	llm-audit checkpoint --db "$T/b.db" --key "$T/k" -o "$T/cp-b" >/dev/null
	route_from "$T/a.db@production" --checkpoint "$T/cp-b" --pubkey "$T/k.pub"
	assert_status 3
	[[ $output == *"another ledger"* ]]
	# The label moved after the checkpoint: not covered by it.
	llm-audit policy --db "$T/a.db" label production "$v2" >/dev/null
	route_from "$T/a.db@production" --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 3
	[[ $output == *"is newer than checkpoint $T/cp"*"not covered"* ]]
	# A new checkpoint covers it.
	llm-audit checkpoint --db "$T/a.db" --key "$T/k" -o "$T/cp2" >/dev/null
	route_from "$T/a.db@production" --checkpoint "$T/cp2" --pubkey "$T/k.pub"
	assert_status 0
	assert_jq '._llm.route.policy' "\"$v2\""
	# Hiding the newest label entry rolls the label back to v1: entries
	# alone cannot see it, the checkpoint does.
	sqlite3 "$T/a.db" "UPDATE entries SET rec_id = 'staging' WHERE seq = (SELECT max(seq) FROM entries WHERE kind = 'label')"
	route_from "$T/a.db@production" --checkpoint "$T/cp2" --pubkey "$T/k.pub"
	assert_status 3
	[[ $output == *"does not verify against checkpoint"*"do not match its leaf hash"* ]]
}

@test "--checkpoint and --pubkey: only together, only with --policy-from" {
	two_policies
	llm-audit keygen "$T/k"
	llm-audit checkpoint --db "$T/a.db" --key "$T/k" -o "$T/cp" >/dev/null
	route_from "$T/a.db@production" --checkpoint "$T/cp"
	assert_status 2
	route_from "$T/a.db@production" --pubkey "$T/k.pub"
	assert_status 2
	run llm-route -p "$P/basic.json" --checkpoint "$T/cp" --pubkey "$T/k.pub" </dev/null
	assert_status 2
	route_from "$T/a.db@production" --checkpoint "$T/nonexistent" --pubkey "$T/k.pub"
	assert_status 3
}
