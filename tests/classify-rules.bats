#!/usr/bin/env bats
# llm-classify rules files: custom detectors, class mapping, record rules,
# allowlists, and every way a rules file can be wrong.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	R=$TESTDATA/rules/example.json
}

cls() {
	run bash -c 'printf "%s\n" "$1" | llm-classify -r "$2" | jq -c "[._llm.classify.class, [._llm.classify.findings[].type], ._llm.classify.rule]"' _ "$1" "${2:-$R}"
}

@test "regex detector with keyword pre-filter and entropy gate" {
	cls '{"text":"token acme_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6 here"}'
	[ "$output" = '["restricted",["acme_token"],null]' ]
	# low entropy: a run of one letter is not a token
	cls '{"text":"token acme_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa here"}'
	[ "$output" = '["internal",[],null]' ]
}

@test "context words lower the score below the threshold" {
	cls '{"text":"example: acme_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6"}'
	[ "$output" = '["internal",[],null]' ]
}

@test "keyword detector matches whole words case-insensitively" {
	cls '{"text":"Project NIGHTJAR ships soon"}'
	[ "$output" = '["confidential",["codename"],null]' ]
	cls '{"text":"Bluebirds are birds"}'
	[ "$output" = '["internal",[],null]' ]
}

@test "capture group and luhn validation" {
	run bash -c 'printf "%s\n" "{\"text\":\"card EMP-4111111111111111\"}" "{\"text\":\"card EMP-4111111111111112\"}" | llm-classify -r "$1" | jq -c "[._llm.classify.findings[] | select(.type==\"employee_card\") | [.start,.end]]"' _ "$R"
	[ "$output" = $'[[9,25]]\n[]' ]
}

@test "classes remap built-ins; disabled built-ins are not run" {
	cls '{"text":"host 10.0.0.1 call 415-555-0199"}'
	[ "$output" = '["internal",["ip_address"],null]' ]
}

@test "record rules: jq predicates raise or override the class" {
	cls '{"department":"HR","text":"hello"}'
	[ "$output" = '["restricted",[],"hr-records"]' ]
	cls '{"source":"press-release","text":"write to press@example.com"}'
	[ "$output" = '["public",["email"],"press"]' ]
}

@test "allowlist regexes and fingerprints suppress findings" {
	cls '{"text":"mail noreply@example.invalid"}'
	[ "$output" = '["internal",[],null]' ]
	fp=$(printf '%s\n' '{"text":"AKIAIOSFODNN7EXAMPLE"}' | llm-classify | jq -r '._llm.classify.findings[0].fingerprint')
	printf '{"allowlist":{"fingerprints":["%s"]}}\n' "$fp" > "$T/allow.json"
	cls '{"text":"AKIAIOSFODNN7EXAMPLE"}' "$T/allow.json"
	[ "$output" = '["internal",[],null]' ]
}

@test "default_class and threshold" {
	printf '{"default_class":"public","threshold":0.99}\n' > "$T/r.json"
	cls '{"text":"nothing here"}' "$T/r.json"
	[ "$output" = '["public",[],null]' ]
}

@test "bad rules files are configuration errors (exit 3) naming the problem" {
	check() {
		printf '%s\n' "$1" > "$T/bad.json"
		run bash -c 'printf "{}\n" | llm-classify -r "$1" 2>&1' _ "$T/bad.json"
		assert_status 3
		[[ $output == *"$2"* ]] || { echo "message: $output (wanted: $2)"; return 1; }
	}
	check '{"detectorz":[]}' 'unknown key "detectorz"'
	check '{"default_class":"secret"}' 'class must be one of'
	check '{"threshold":2}' 'threshold must be between 0 and 1'
	check '{"classes":{"nope":"public"}}' 'unknown type "nope"'
	check '{"disable":["nope"]}' 'not a built-in type: nope'
	check '{"record_rules":[{"name":"r","when":".a ==","class":"public"}]}' 'record rule "r": bad jq program'
	check '{"detectors":[{"name":"x","regex":"("}]}' '"x"'
	check '{"detectors":[{"name":"x","regex":"a","bogus":1}]}' 'bogus'
	check 'not json' 'not valid JSON'
	check '{"placeholders":[]}' 'placeholders must be an object'
	check '{"placeholders":{"enabled":1}}' 'placeholders.enabled must be true or false'
	check '{"placeholders":{"builtin_values":"no"}}' 'placeholders.builtin_values must be true or false'
	check '{"placeholders":{"values":"AKIA"}}' 'placeholders.values must be an array of strings'
	check '{"placeholders":{"values":["ok",""]}}' 'placeholders.values[1] must be a non-empty string'
	check '{"placeholders":{"class":"secret"}}' 'placeholders.class: class must be one of'
	check '{"placeholders":{"enable":true}}' 'placeholders: unknown key "enable"'
	check '{"phone":["DE"]}' 'phone must be an object'
	check '{"phone":{"region":"DE"}}' 'phone: unknown key "region"'
	check '{"phone":{"regions":["DE,AT"]}}' 'phone.regions[0] must be one region code'
	check '{"phone":{"regions":["DE",7]}}' 'phone.regions[1] must be one region code'
	check '{"phone":{"regions":["QQ"]}}' 'phone.regions: unknown region "QQ"'
	check '{"phone":{"regions":[]}}' 'phone.regions: region list "" has an empty entry'
	check '{"phone":{"regions":7}}' 'phone.regions must be an array of region codes or a comma list'
	run bash -c 'llm-classify -r /nonexistent/rules.json </dev/null 2>&1'
	assert_status 3
	[[ $output == *"cannot open"* ]]
}

@test "a record rule that errors marks the record, fails closed, exits 3" {
	printf '{"record_rules":[{"name":"boom","when":".a | error(\\"x\\")","class":"public"}]}\n' > "$T/r.json"
	run bash -c 'printf "{\"text\":\"hi\",\"a\":1}\n{\"text\":\"second\"}\n" | llm-classify -r "$1" 2>/dev/null' _ "$T/r.json"
	assert_status 3
	[ "${#lines[@]}" -eq 2 ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -r '._llm.error.code')" = "rule_failed" ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -r '._llm.classify')" = "null" ]
}

@test "jq budgets: a record rule that loops or hoards memory fails the record with exit 3 naming the rule" {
	local w
	for w in 'def f: f; f' '[range(1e9)] | length > 0' 'repeat(.) | select(.nope)'; do
		jq -nc --arg w "$w" '{record_rules: [{name: "spin", when: $w, class: "public"}]}' >"$T/r.json"
		run bash -c 'printf "{\"text\":\"hi\"}\n{\"text\":\"two\"}\n" | timeout 120 llm-classify -r "$1" 2>/dev/null' _ "$T/r.json"
		assert_status 3
		[ "${#lines[@]}" -eq 2 ]
		output=${lines[1]}
		assert_jq '[._llm.error.code, (._llm.error.message | test("^record rule \"spin\": stopped after [0-9]+ ms of CPU, its time budget \\(LLM_JQ_TIME_MS\\)$"))]' '["rule_failed",true]'
	done
	jq -nc '{record_rules: [{name: "hog", when: "[range(1e9)] | length > 0", class: "public"}]}' >"$T/r.json"
	run bash -c 'echo "{\"text\":\"hi\"}" | LLM_JQ_TIME_MS=600000 LLM_JQ_MEMORY_MB=32 timeout 300 llm-classify -r "$1" 2>&1' _ "$T/r.json"
	assert_status 3
	[[ $output == *'record rule \"hog\": stopped after growing the process by over 32 MiB, its memory budget (LLM_JQ_MEMORY_MB)'* ]]
}

@test "a record rule's compile error shows libjq's own message" {
	printf '{"record_rules":[{"name":"r","when":".a | nosuch(1)","class":"public"}]}\n' >"$T/r.json"
	run bash -c 'llm-classify -r "$1" </dev/null 2>&1' _ "$T/r.json"
	assert_status 3
	[[ $output == *'record rule "r": bad jq program: nosuch/1 is not defined at <top-level>, line 1: .a | nosuch(1)'* ]]
}

@test "placeholders: the rules file turns them off, adds values, drops the built-in list, sets their class" {
	ex='{"text":"AKIAIOSFODNN7EXAMPLE"}'
	mine='{"text":"AKIAY34FZKBOKMUTVV7A"}'
	pl() {
		printf '%s\n' "$1" > "$T/p.json"
		run bash -c 'printf "%s\n" "$1" | llm-classify -r "$2" | jq -c "[._llm.classify.class, [._llm.classify.findings[].placeholder]]"' _ "$2" "$T/p.json"
	}
	pl '{}' "$ex"
	[ "$output" = '["internal",[true]]' ]
	pl '{"placeholders":{"enabled":false}}' "$ex"
	[ "$output" = '["restricted",[null]]' ]
	gh='{"text":"token ghp_16C7e42F292c6912E7710c838347Ae178B4a"}'
	pl '{}' "$gh"
	[ "$output" = '["internal",[true]]' ]
	pl '{"placeholders":{"builtin_values":false}}' "$gh"
	[ "$output" = '["restricted",[null]]' ]
	# the shape rules stay without the list
	pl '{"placeholders":{"builtin_values":false}}' '{"text":"AKIA0000000000000000"}'
	[ "$output" = '["internal",[true]]' ]
	pl '{"placeholders":{"values":["AKIAY34FZKBOKMUTVV7A"]}}' "$mine"
	[ "$output" = '["internal",[true]]' ]
	pl '{"placeholders":{"class":"public"}}' "$ex"
	[ "$output" = '["public",[true]]' ]
	pl '{"placeholders":{"class":"confidential"}}' "$ex"
	[ "$output" = '["confidential",[true]]' ]
}

@test "phone: the rules file's regions, and --region over them" {
	de='{"text":"Ruf an: 030 512 7788"}'
	ph() {
		printf '%s\n' "$1" > "$T/ph.json"
		run bash -c 'printf "%s\n" "$1" | llm-classify -r "$2" ${3:+--region "$3"} | jq -c "[._llm.classify.findings[] | [.type, .start, .end, .detector]]"' _ "$2" "$T/ph.json" "${3:-}"
	}
	want='[["phone",8,20,"libphonenumber"]]'
	ph '{}' "$de"
	[ "$output" = "$want" ]
	ph '{"phone":{"regions":["US","GB"]}}' "$de"
	[ "$output" = '[]' ]
	ph '{"phone":{"regions":"us, de"}}' "$de"
	[ "$output" = "$want" ]
	ph '{"phone":{"regions":["US"]}}' "$de" de
	[ "$output" = "$want" ]
	ph '{"phone":{"regions":["DE"]}}' "$de" US
	[ "$output" = '[]' ]
	# with its country code, any list reads it
	ph '{"phone":{"regions":["US"]}}' '{"text":"Ruf an: +49 30 512 7788"}'
	[ "$output" = '[["phone",8,23,"libphonenumber"]]' ]
}
