#!/usr/bin/env bats
# llm-classify: detectors end to end, classes, rules file, baseline, bad input.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
}

# Findings of one text as "type:value" lines, for compact assertions.
found() {
	run bash -c 'jq -nc --arg t "$1" "{text:\$t}" | llm-classify "${@:2}" | jq -r ".text as \$t | ._llm.classify.findings[] | \"\(.type):\(\$t | .[.start:.end] // empty)\""' _ "$1" "${@:2}"
}

# jq's string slicing is by code point; spans are bytes. Use a byte-exact
# extractor for values.
values() {
	run bash -c 'jq -nc --arg t "$1" "{text:\$t}" | llm-classify "${@:2}" | python3 -c "
import json,sys
for line in sys.stdin:
    r=json.loads(line); t=r[\"text\"].encode()
    for f in r[\"_llm\"][\"classify\"][\"findings\"]:
        print(f[\"type\"]+\":\"+t[f[\"start\"]:f[\"end\"]].decode())"' _ "$1" "${@:2}"
}

@test "--help lists options on stdout and exits 0; --version" {
	run llm-classify --help
	assert_status 0
	[[ $output == *"--rules"* && $output == *"--raw-files"* && $output == *"Exit status"* ]]
	run llm-classify --version
	assert_status 0
	[[ $output == "llm-classify "* ]]
}

@test "usage errors exit 2 with a short usage on stderr" {
	run llm-classify --no-such-option
	assert_status 2
	[[ $output == *"unknown option"* && $output == *"usage:"* ]]
	run llm-classify --threshold
	assert_status 2
	run llm-classify --threshold 7
	assert_status 2
	run llm-classify --raw-lines --raw-files
	assert_status 2
	run llm-classify --field 'no-dot'
	assert_status 2
	run llm-classify --fail-on sometimes
	assert_status 2
}

@test "email: found with exact byte span after multibyte text" {
	values 'Grüße — bitte an jürgen.müller@example.de? oder bob.smith+tag@mail.example.co.uk.'
	assert_status 0
	[[ $output == *"email:bob.smith+tag@mail.example.co.uk"* ]]
	run bash -c 'jq -nc "{text: \"é x@example.com\"}" | llm-classify | jq -c "._llm.classify.findings[0] | [.start,.end,.path]"'
	[ "$output" = '[3,16,".text"]' ]
}

@test "credit cards: Luhn-valid found, Luhn-invalid ignored" {
	values 'visa 4111 1111 1111 1111, amex 3782-822463-10005, mc 5555555555554444, bad 4111 1111 1111 1112'
	[[ $output == *"credit_card:4111 1111 1111 1111"* ]]
	[[ $output == *"credit_card:3782-822463-10005"* ]]
	[[ $output == *"credit_card:5555555555554444"* ]]
	[[ $output != *"1112"* ]]
}

@test "iban: valid checksum found, wrong checksum and wrong length ignored" {
	values 'pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432; not DE89370400440532013001 nor GB82WEST1234569876543'
	[[ $output == *"iban:DE89 3704 0044 0532 0130 00"* ]]
	[[ $output == *"iban:GB82WEST12345698765432"* ]]
	[[ $output != *"DE89370400440532013001"* ]]
	[[ $output != *"GB82WEST1234569876543"$'\n'* && $output != *"iban:GB82WEST1234569876543" ]]
}

@test "us_ssn: valid ranges only" {
	values 'SSN 123-45-6789 ok; 000-12-3456 666-12-3456 900-12-3456 123-00-4567 123-45-0000 are not'
	[ "$output" = "us_ssn:123-45-6789" ]
}

# Issue 14 (6): values typed with other characters, or with invisible ones
# inside, are found, and their spans are byte offsets into the original
# text that cover the invisible characters too.
@test "reformatted values: fullwidth digits, other scripts' digits, look-alike letters" {
	values $'pay \uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11 now'
	assert_status 0
	[ "$output" = $'credit_card:\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11' ]
	values $'ssn \uff11\uff12\uff13\uff0d\uff14\uff15\uff0d\uff16\uff17\uff18\uff19.'
	[ "$output" = $'us_ssn:\uff11\uff12\uff13\uff0d\uff14\uff15\uff0d\uff16\uff17\uff18\uff19' ]
	values $'iban \uff27\uff22\uff18\uff12\uff37\uff25\uff33\uff34\uff11\uff12\uff13\uff14\uff15\uff16\uff19\uff18\uff17\uff16\uff15\uff14\uff13\uff12 ok'
	[ "$output" = $'iban:\uff27\uff22\uff18\uff12\uff37\uff25\uff33\uff34\uff11\uff12\uff13\uff14\uff15\uff16\uff19\uff18\uff17\uff16\uff15\uff14\uff13\uff12' ]
	values $'phone \uff15\uff15\uff15-\uff12\uff13\uff14-\uff15\uff16\uff17\uff18 today'
	[ "$output" = $'phone:\uff15\uff15\uff15-\uff12\uff13\uff14-\uff15\uff16\uff17\uff18' ]
	values $'\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661'
	[ "$output" = $'credit_card:\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661' ]
	values $'key \u0410KIAIOSFODNN7EXAMPLE here'
	[ "$output" = $'aws_access_key_id:\u0410KIAIOSFODNN7EXAMPLE' ]
}

@test "reformatted values: zero-width characters, soft hyphen, BOM, word joiner inside" {
	local zw
	for zw in $'\u200b' $'\u200d' $'\u200c' $'\u00ad' $'\ufeff' $'\u2060'; do
		values "card 4111${zw}1111${zw}1111${zw}1111, ssn 123${zw}-45-67${zw}89, iban GB82${zw}WEST12345698765432"
		assert_status 0
		[ "$output" = "credit_card:4111${zw}1111${zw}1111${zw}1111
us_ssn:123${zw}-45-67${zw}89
iban:GB82${zw}WEST12345698765432" ]
	done
	# the span is in bytes: 5 + 3 (ZWSP) + 16 digits
	run bash -c $'jq -nc --arg t \'card 41\u200b11111111111111.\' \'{text:$t}\' | llm-classify | jq -c "._llm.classify.findings[] | [.type,.start,.end]"'
	[ "$output" = '["credit_card",5,24]' ]
}

@test "reformatted values: punctuation before a value, any separator, IBAN in any case" {
	values 'charge(4111111111111111, 1999) and (123-45-6789) and call(555-234-5678)'
	assert_status 0
	[ "$output" = 'credit_card:4111111111111111
us_ssn:123-45-6789
phone:555-234-5678' ]
	local v
	for v in '4111 1111 1111 1111' '4111-1111-1111-1111' '4111.1111.1111.1111' '4111/1111/1111/1111' \
		$'4111\t1111\t1111\t1111' '4111 1111-1111.1111'; do
		values "paid with $v."
		[ "$output" = "credit_card:$v" ]
	done
	for v in '123-45-6789' '123 45 6789' '123.45.6789' '123/45/6789' $'123\t45\t6789' '123-45 6789'; do
		values "ssn $v."
		[ "$output" = "us_ssn:$v" ]
	done
	for v in 'gb82west12345698765432' 'Gb82WeSt12345698765432' 'gb82 west 1234 5698 7654 32' \
		'GB82-WEST-1234-5698-7654-32' 'de89.3704.0044.0532.0130.00'; do
		values "iban $v."
		[ "$output" = "iban:$v" ]
	done
	for v in '555-234-5678' '555.234.5678' '555/234/5678' $'555\t234\t5678' '555.234-5678'; do
		values "phone $v."
		[ "$output" = "phone:$v" ]
	done
}

@test "reformatted values: text in other scripts stays quiet" {
	values 'Привет, как дела? Всё хорошо. 今日は良い天気ですね。１２月７日です。Ελληνικά κείμενα.'
	assert_status 0
	[ "$output" = "" ]
}

@test "ip addresses v4 and v6, not versions or times" {
	values 'hosts 192.168.1.20 and 2001:db8::8a2e:370:7334 and ::1; version 1.2.3.4.5, 999.1.1.1, at 12:30:45'
	[[ $output == *"ip_address:192.168.1.20"* ]]
	[[ $output == *"ip_address:2001:db8::8a2e:370:7334"* ]]
	[[ $output != *"999.1.1.1"* && $output != *"12:30:45"* && $output != *"1.2.3.4"* ]]
}

@test "phone numbers in common formats" {
	values 'call +1 (415) 555-0132 or 415-555-0199 or +44 20 7946 0958'
	[[ $output == *"phone:"*"415) 555-0132"* ]]
	[[ $output == *"phone:415-555-0199"* ]]
	[[ $output == *"phone:+44 20 7946 0958"* ]]
}

@test "cloud and SaaS keys by format" {
	gh="ghp_$(printf 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8')"
	values "aws AKIAIOSFODNN7EXAMPLE gh $gh google AIzaSyA1234567890abcdefghijklmnopqrstuv stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
	[[ $output == *"aws_access_key_id:AKIAIOSFODNN7EXAMPLE"* ]]
	[[ $output == *"github_token:$gh"* ]]
	[[ $output == *"google_api_key:AIzaSyA1234567890abcdefghijklmnopqrstuv"* ]]
	[[ $output == *"stripe_key:sk_live_4eC39HqLyjWDarjtT1zdp7dc"* ]]
	[[ $output == *"slack_token:xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"* ]]
}

@test "openai and anthropic keys" {
	oa="sk-proj-$(head -c 120 /dev/zero | tr '\0' 'x' | head -c 20)Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3lN5pR7tV9xZ1bD3fH5jL7nP9rT1vX3zB5dF7hJ9lN1pQ3sT5vX7zA"
	an="sk-ant-api03-$(printf 'Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3lN5pR7tV9xZ1bD3fH5jL7nP9rT1vX3zB5dF7hJ9lN1pQ3sT5vX7zB9dF1hJ3lN5p_-xyz' | head -c 93)AA"
	values "openai $oa anthropic $an"
	[[ $output == *"openai_api_key:$oa"* ]]
	[[ $output == *"anthropic_api_key:$an"* ]]
	[[ $output != *"openai_api_key:sk-ant"* ]]
}

@test "jwt needs a JSON header with alg" {
	jwt='eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
	fake='eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
	values "token $jwt and $fake"
	[ "$output" = "jwt:$jwt" ]
}

@test "private key PEM block covers the whole block" {
	key=$'-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----'
	pub=$'-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----'
	run bash -c 'jq -nc --arg t "$1" "{text:\$t}" | llm-classify | jq -r "._llm.classify.findings[] | .type"' _ "key:"$'\n'"$key"$'\n'"$pub"
	[ "$output" = "private_key" ]
}

@test "password assignments: the value only, not prose" {
	values $'db:\n  password: hunter2-Secret!\n{"password": "s3cr3t-Value"}\nexport PGPASSWORD=Zx9!kk2p\nI forgot my password yesterday.'
	[[ $output == *"password:hunter2-Secret!"* ]]
	[[ $output == *"password:s3cr3t-Value"* ]]
	[[ $output == *"password:Zx9!kk2p"* ]]
	[[ $output != *"yesterday"* ]]
}

@test "look-alikes stay quiet: SHAs, UUIDs, digests, key-like words" {
	values 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 uuid 123e4567-e89b-12d3-a456-426614174000 md5 d41d8cd98f00b204e9800998ecf8427e sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 skeleton sk-learn AKIA1234 ghp_short'
	assert_status 0
	[ "$output" = "" ]
}

@test "classes: nothing -> internal, email -> confidential, secret -> restricted" {
	run bash -c 'printf "%s\n" "{\"text\":\"hello\"}" "{\"text\":\"a x@example.com\"}" "{\"text\":\"AKIAY34FZKBOKMUTVV7A and x@example.com\"}" | llm-classify | jq -r "._llm.classify.class"'
	[ "$output" = $'internal\nconfidential\nrestricted' ]
}

@test "every string of the record is scanned, keys included; --field narrows what is listed, not the class" {
	run bash -c 'printf "%s\n" "{\"text\":\"a@example.com\",\"prompt\":\"b@example.com\"}" "{\"messages\":[{\"role\":\"system\",\"content\":\"x\"},{\"role\":\"user\",\"content\":\"c@example.com\"}]}" "{\"body\":{\"t\":\"d@example.com\"}}" "{\"m\":{\"e@example.com\":1}}" "{\"t\":\"x\",\"_llm\":{\"note\":\"f@example.com\"}}" | llm-classify | jq -c "[._llm.classify.findings[].path]"'
	[ "$output" = $'[".text",".prompt"]\n[".messages[1].content"]\n[".body.t"]\n["(.m|keys_unsorted[0])"]\n[]' ]
	run bash -c 'printf "%s\n" "{\"body\":{\"t\":\"d@example.com\"},\"x\":[\"e@example.com\",1],\"k\":\"4111111111111111\"}" | llm-classify --field .body.t --field ".x[]" | jq -c "[[._llm.classify.findings[].path], ._llm.classify.class, ._llm.classify.outside_fields]"'
	[ "$output" = '[[".body.t",".x[0]"],"restricted",1]' ]
}

@test "_llm.id set from content when .id is missing, kept otherwise" {
	run bash -c 'printf "%s\n" "{\"text\":\"a\"}" "{\"text\":\"a\"}" "{\"id\":5,\"text\":\"a\"}" | llm-classify | jq -c "._llm.id"'
	[ "${lines[0]}" = "${lines[1]}" ]
	[[ ${lines[0]} =~ ^\"hmac-sha256:[0-9a-f]{64}\"$ ]]
	[ "${lines[2]}" = "null" ]
}

@test "user fields are never changed or reordered; re-running replaces classify" {
	in='{"z":1.50,"a":"x@example.com" ,"m":[1,{"k":"v"}],"text":"hi x@example.com","_llm":{"other":{"keep":true}}}'
	run bash -c 'printf "%s\n" "$1" | llm-classify | llm-classify' _ "$in"
	assert_status 0
	[[ $output == '{"z":1.50,"a":"x@example.com" ,"m":[1,{"k":"v"}],"text":"hi x@example.com","_llm":{"other":{"keep":true},"id":"hmac-sha256:'*'"classify":{"class":"confidential"'* ]]
	[ "$(printf '%s' "$output" | grep -o '"classify"' | wc -l)" -eq 1 ]
}

@test "bad input: non-JSON, array, invalid UTF-8, bad _llm become error records in place" {
	printf '%s\n' '{"id":1,"text":"ok"}' 'not json' '[1,2]' '{"text":"x","_llm":"oops"}' > "$T/in"
	printf '{"text":"caf\xe9"}\n' >> "$T/in"
	printf '%s\n' '{"id":6,"text":"last"}' >> "$T/in"
	run bash -c 'llm-classify "$1" 2>"$1.err"' _ "$T/in"
	assert_status 4
	[ "${#lines[@]}" -eq 6 ]
	assert_jq '[.[] ] | length' '6' || true
	run bash -c 'llm-classify "$1" 2>/dev/null | jq -c "[.id, ._llm.error.code, ._llm.error.line]"' _ "$T/in"
	[ "$output" = $'[1,null,null]\n[null,"not_json",2]\n[null,"not_object",3]\n[null,"bad_llm",4]\n[null,"not_json",5]\n[6,null,null]' ]
	run bash -c 'llm-classify "$1" 2>/dev/null | sed -n 5p | jq -r ".raw_base64" | base64 -d | od -An -c | tr -s " "' _ "$T/in"
	[[ $output == *'c a f 351 " }'* ]]
	grep -q 'warning: .*in:2: not JSON' "$T/in.err"
}

@test "empty input gives empty output and exit 0; empty lines are error records" {
	run bash -c ': | llm-classify'
	assert_status 0
	[ -z "$output" ]
	run bash -c 'printf "\n{\"text\":\"a\"}\r\n{\"text\":\"b\"}" | llm-classify 2>/dev/null | jq -c "[._llm.error.code, .text]"'
	[ "$output" = $'["not_json",null]\n[null,"a"]\n[null,"b"]' ]
}

@test "a 50 MB line is processed; with --max-line it becomes an error record" {
	python3 -c '
import json
t = "x " * (25 * 1024 * 1024) + "end@example.com"
print(json.dumps({"id": "big", "text": t}))
print(json.dumps({"id": "after", "text": "z@example.com"}))' > "$T/big"
	run bash -c 'llm-classify "$1" | jq -c "[.id, ._llm.classify.counts.email]"' _ "$T/big"
	assert_status 0
	[ "$output" = $'["big",1]\n["after",1]' ]
	run bash -c 'llm-classify --max-line 1M "$1" 2>/dev/null | jq -c "[.id, ._llm.error.code, .raw_bytes, (.raw|length)]"' _ "$T/big"
	[ "$output" = $'[null,"line_too_long",52428840,4096]\n["after",null,null,0]' ]
}

@test "one line in, one line out, in order, over 5000 mixed records" {
	python3 -c '
import json
for i in range(5000):
    if i % 97 == 0: print("garbage %d" % i)
    else: print(json.dumps({"id": i, "text": "n%d mail u%d@example.com" % (i, i) if i % 3 else "plain"}))' > "$T/mixed"
	run bash -c 'llm-classify "$1" 2>/dev/null | jq -r "if .id then .id else (.raw | sub(\"garbage \"; \"\")) end" | diff - <(seq 0 4999)' _ "$T/mixed"
	assert_status 0
}

@test "settled records pass through untouched" {
	in='{"text":"x@example.com","_llm":{"error":{"tool":"t","code":"c"}}}'
	run bash -c 'printf "%s\n" "$1" | llm-classify' _ "$in"
	[ "$output" = "$in" ]
	in='{"text":"x@example.com","_llm":{"filter":{"verdict":"block"}}}'
	run bash -c 'printf "%s\n" "$1" | llm-classify' _ "$in"
	[ "$output" = "$in" ]
}

@test "--raw-lines and --raw-files build records with source" {
	printf 'hello\ncontact a@example.com\n' > "$T/doc.txt"
	run bash -c 'llm-classify --raw-lines "$1" | jq -c "[.source==\$f, .line, .text, ._llm.classify.class]" --arg f "$1"' _ "$T/doc.txt"
	[ "$output" = $'[true,1,"hello","internal"]\n[true,2,"contact a@example.com","confidential"]' ]
	printf 'key AKIAY34FZKBOKMUTVV7A\n' > "$T/b.txt"
	run bash -c 'llm-classify --raw-files "$1" "$2" | jq -c "[.text, ._llm.classify.class]"' _ "$T/doc.txt" "$T/b.txt"
	[ "$output" = $'["hello\\ncontact a@example.com","confidential"]\n["key AKIAY34FZKBOKMUTVV7A","restricted"]' ]
}

@test "a missing input file is an I/O error (7) but other files are still read" {
	printf '{"text":"a"}\n' > "$T/ok"
	run bash -c 'llm-classify "$1" /nonexistent/x "$1" 2>&1 >/dev/null; echo "rc=$?"' _ "$T/ok"
	[[ $output == *"cannot open '/nonexistent/x'"* && $output == *"rc=7"* ]]
	run bash -c 'llm-classify "$1" /nonexistent/x "$1" 2>/dev/null | wc -l' _ "$T/ok"
	[ "$output" -eq 2 ]
}

@test "-o writes to a file" {
	run bash -c 'printf "{\"text\":\"a\"}\n" | llm-classify -o "$1" && jq -r ._llm.classify.class "$1"' _ "$T/out"
	[ "$output" = "internal" ]
}

@test "fingerprints are stable hashes, never the value" {
	run bash -c 'printf "%s\n" "{\"text\":\"x AKIAIOSFODNN7EXAMPLE\"}" "{\"text\":\"y AKIAIOSFODNN7EXAMPLE\"}" | llm-classify'
	[[ $output != *"AKIAIOSFODNN7EXAMPLE\",\"_llm"*"AKIAIOSFODNN7EXAMPLE\"}"* ]] || true
	fp=$(printf '%s\n' "$output" | jq -r '._llm.classify.findings[0].fingerprint' | sort -u)
	[ "$(printf '%s\n' "$fp" | wc -l)" -eq 1 ]
	[[ $fp =~ ^[0-9a-f]{32}$ ]]
	run bash -c 'printf "%s\n" "$1" | jq -c "._llm.classify"' _ "$output"
	[[ $output != *AKIA* ]]
}

@test "baseline: written, then accepted findings are suppressed" {
	printf '%s\n' '{"text":"old AKIAIOSFODNN7EXAMPLE"}' > "$T/a"
	run llm-classify --write-baseline "$T/base.json" "$T/a"
	assert_status 0
	jq -e '.fingerprints | length == 1' "$T/base.json"
	printf '%s\n' '{"text":"old AKIAIOSFODNN7EXAMPLE and new AKIAI44QH8DHBEXAMPLE"}' > "$T/b"
	run bash -c 'llm-classify --baseline "$1" "$2" | jq -c "[._llm.classify.counts, ._llm.classify.suppressed]"' _ "$T/base.json" "$T/b"
	[ "$output" = '[{"aws_access_key_id":1},1]' ]
	run llm-classify --baseline "$T/nonexistent" "$T/b"
	assert_status 3
}

@test "--fail-on gates CI; bad input outranks it" {
	printf '%s\n' '{"text":"hello"}' > "$T/clean"
	printf '%s\n' '{"text":"x@example.com"}' > "$T/conf"
	run bash -c 'llm-classify --fail-on finding "$1" >/dev/null' _ "$T/clean"
	assert_status 0
	run bash -c 'llm-classify --fail-on finding "$1" >/dev/null' _ "$T/conf"
	assert_status 1
	run bash -c 'llm-classify --fail-on restricted "$1" >/dev/null' _ "$T/conf"
	assert_status 0
	run bash -c 'llm-classify --fail-on confidential "$1" >/dev/null' _ "$T/conf"
	assert_status 1
	printf 'junk\n' >> "$T/conf"
	run bash -c 'llm-classify --fail-on finding "$1" >/dev/null 2>&1' _ "$T/conf"
	assert_status 4
}

@test "--summary prints counts per class and type to stderr" {
	run bash -c 'printf "%s\n" "{\"text\":\"x@example.com\"}" "{\"text\":\"hi\"}" | llm-classify --summary 2>&1 >/dev/null'
	[[ $output == *"2 records"* ]]
	[[ $output =~ confidential\ +1 ]]
	[[ $output =~ email\ +1 ]]
}

@test "--sarif writes a SARIF 2.1.0 log with fingerprints and no values" {
	printf 'line one\nkey AKIAIOSFODNN7EXAMPLE here\n' > "$T/doc.txt"
	run llm-classify --raw-files --sarif "$T/out.sarif" -o /dev/null "$T/doc.txt"
	assert_status 0
	run jq -c '[.version, (.runs[0].results[0] | .ruleId, .locations[0].physicalLocation.region.startLine, .locations[0].physicalLocation.region.byteOffset, (.partialFingerprints["llmFingerprint/v2"] | length))]' "$T/out.sarif"
	[ "$output" = '["2.1.0","aws_access_key_id",2,13,32]' ]
	! grep -q AKIAIOSFODNN7EXAMPLE "$T/out.sarif"
	run bash -c 'llm-classify --baseline "$1" --raw-files "$2" | jq -c ._llm.classify.suppressed' _ "$T/out.sarif" "$T/doc.txt"
	[ "$output" = "1" ]
}

@test "--sarif on --raw-files: each finding's line, many findings and a file name with one" {
	# Lines are counted forward from the previous finding (one pass over
	# the file); a finding in .source restarts the count.
	for i in $(seq 1 3000); do
		if [ $((i % 3)) -eq 0 ]; then echo "user$i@example.com logged in"; else echo "plain line $i"; fi
	done > "$T/many.log"
	printf 'a\nb\nc x@example.com\n' > "$T/ann@example.org.txt"
	cd "$T"
	run llm-classify --raw-files --sarif out.sarif -o /dev/null many.log ann@example.org.txt
	assert_status 0
	run jq -c '[.runs[0].results[].locations[0].physicalLocation.region.startLine] | [length, .[0], .[1], .[999], .[1000:]]' "$T/out.sarif"
	[ "$output" = '[1002,3,6,3000,[1,3]]' ]
	run jq -r '.runs[0].results[1000].properties.path' "$T/out.sarif"
	[ "$output" = ".source" ]
	# Lines are counted in the text as decoded: invalid bytes (U+FFFD, 3
	# bytes each there), CRLF, empty lines, no newline at the end.
	printf 'a\xff\xfe\xfd b\r\nx@example.com\r\n\xc3(\n\n\nAKIAQWERTYUIOPASDFGH y@example.org\nlast z@example.net' > w.txt
	run llm-classify --raw-files --sarif w.sarif -o /dev/null w.txt
	run jq -c '[.runs[0].results[] | .locations[0].physicalLocation.region | [.startLine, .byteOffset]]' w.sarif
	[ "$output" = '[[2,13],[6,34],[6,55],[7,74]]' ]
}

@test "--raw-lines and --raw-files records read as the same NDJSON would" {
	# The raw modes hand the stream a record they built (not scanned
	# again): fed back as NDJSON, each gets the same classification.
	printf 'tab\there "q" \\ x@example.com\n\xff\xfe bad utf-8 4111 1111 1111 1111\r\n\xc3\xa9t\xc3\xa9 AKIAIOSFODNN7EXAMPLE\n' > "$T/r.txt"
	for mode in --raw-lines --raw-files; do
		llm-classify $mode "$T/r.txt" > "$T/raw.out"
		jq -c 'del(._llm)' "$T/raw.out" | llm-classify > "$T/nd.out"
		run bash -c 'set -o pipefail; cmp <(jq -c ._llm "$1") <(jq -c ._llm "$2")' _ "$T/raw.out" "$T/nd.out"
		assert_status 0
	done
	run jq -c '[.line, .text]' < <(llm-classify --raw-lines "$T/r.txt")
	[ "${lines[0]}" = '[1,"tab\there \"q\" \\ x@example.com"]' ]
	run jq -c '[.line, (.text | explode[0:3])]' < <(llm-classify --raw-lines "$T/r.txt" | sed -n 2p)
	[ "$output" = '[2,[65533,65533,32]]' ]
}

@test "--raw-lines: a file name and lines seen again get the findings a fresh scan gives" {
	# The raw modes remember the last few strings scanned (the file name
	# is every line's "source"): each record must still list what NDJSON
	# input of the same records gives, baseline suppressions included.
	mkdir -p "$T/bob@example.com"
	f=$T/bob@example.com/notes.txt
	for i in 1 2 3; do
		printf 'key AKIAY34FZKBOKMUTVV7A\n\ncall 415-555-0132\nnothing here\nx@example.org\n4111 1111 1111 1111\nkey AKIAY34FZKBOKMUTVV7A\n' >> "$f"
	done
	jq -nc '{text:"AKIAY34FZKBOKMUTVV7A"}' | llm-classify --write-baseline "$T/base.json" >/dev/null
	for opt in "" "--baseline $T/base.json"; do
		llm-classify --raw-lines $opt "$f" > "$T/raw.out"
		jq -c 'del(._llm)' "$T/raw.out" | llm-classify $opt > "$T/nd.out"
		run bash -c 'set -o pipefail; cmp <(jq -c ._llm "$1") <(jq -c ._llm "$2")' _ "$T/raw.out" "$T/nd.out"
		assert_status 0
	done
	run jq -c '[.line, ._llm.classify.suppressed, [._llm.classify.findings[] | [.type, .path]]]' "$T/raw.out"
	[ "${lines[0]}" = '[1,1,[["email",".source"]]]' ]
	[ "${lines[1]}" = '[2,null,[["email",".source"]]]' ]
	[ "${lines[20]}" = '[21,1,[["email",".source"]]]' ]
	[ "${#lines[@]}" -eq 21 ]
}

@test "--raw-files: a file read in one go gives what reading it line by line gives" {
	# A regular file is read whole and escaped in one pass; a pipe is read
	# line by line. Both must build the same record and SARIF lines:
	# CRLF, a lone CR, no last newline, invalid UTF-8, control bytes, NUL.
	printf 'x@example.com\r\nline 2 4111 1111 1111 1111\r\n' > "$T/crlf.txt"
	printf 'a\rb\r\nc\r' > "$T/cr.txt"
	printf 'call 415-555-0132\nkey AKIAY34FZKBOKMUTVV7A' > "$T/nonl.txt"
	printf '\xff\xfe 4111 1111 1111 1111\nok x@example.com\n\xc3\n\n' > "$T/bad.txt"
	printf 'tab\there "q" \\ \001\037 a\000b x@example.com\n\n\nAKIAY34FZKBOKMUTVV7A\n' > "$T/ctl.txt"
	: > "$T/empty.txt"
	printf '\n' > "$T/nl.txt"
	for f in crlf cr nonl bad ctl empty nl; do
		llm-classify --raw-files --sarif "$T/w.sarif" - < "$T/$f.txt" > "$T/whole.out"
		jq -c '[.runs[0].results[] | .locations[0].physicalLocation.region]' "$T/w.sarif" > "$T/whole.lines"
		cat "$T/$f.txt" | llm-classify --raw-files --sarif "$T/p.sarif" - > "$T/pipe.out"
		jq -c '[.runs[0].results[] | .locations[0].physicalLocation.region]' "$T/p.sarif" > "$T/pipe.lines"
		cmp "$T/whole.out" "$T/pipe.out" || { echo "differs: $f"; false; }
		cmp "$T/whole.lines" "$T/pipe.lines" || { echo "lines differ: $f"; false; }
	done
	run jq -c '[.text, ._llm.classify.class]' "$T/whole.out"
	[ "$output" = '["","internal"]' ]
	llm-classify --raw-files --sarif "$T/w.sarif" - < "$T/ctl.txt" > "$T/whole.out"
	run jq -c '[.text, [.runs[0].results[]?]]' "$T/whole.out"
	[ "$output" = '["tab\there \"q\" \\ \u0001\u001f a\u0000b x@example.com\n\n\nAKIAY34FZKBOKMUTVV7A",[]]' ]
	run jq -c '[.runs[0].results[] | .locations[0].physicalLocation.region.startLine]' "$T/w.sarif"
	[ "$output" = '[1,4]' ]
	# a file whose size says 0 (procfs) is read to its end, every byte kept
	if [ -r /proc/version ] && [ ! -s /proc/version ]; then
		run bash -c 'set -o pipefail; llm-classify --raw-files /proc/version | jq -r .text'
		assert_status 0
		[ "$output" = "$(cat /proc/version)" ]
	fi
	# over --max-line: the same error record either way
	head -c 5000 /dev/zero | tr '\0' 'a' > "$T/long.txt"
	llm-classify --raw-files --max-line 4096 - < "$T/long.txt" > "$T/whole.out" 2>/dev/null || true
	cat "$T/long.txt" | llm-classify --raw-files --max-line 4096 - > "$T/pipe.out" 2>/dev/null || true
	cmp "$T/whole.out" "$T/pipe.out"
	run jq -r '._llm.error.code' "$T/whole.out"
	[ "$output" = line_too_long ]
}

@test "--decode finds secrets inside base64 and hex" {
	b64=$(printf 'key AKIAIOSFODNN7EXAMPLE' | base64 -w0)
	run bash -c 'jq -nc --arg t "blob $1" "{text:\$t}" | llm-classify --decode | jq -c "[._llm.classify.findings[] | [.type, .decoded]]"' _ "$b64"
	[ "$output" = '[["aws_access_key_id","base64"]]' ]
	run bash -c 'jq -nc --arg t "blob $1" "{text:\$t}" | llm-classify | jq -c "._llm.classify.findings"' _ "$b64"
	[ "$output" = '[]' ]
}

@test "placeholders are findings marked placeholder:true that count at most internal" {
	ph() {
		run bash -c 'printf "%s\n" "$1" | llm-classify | jq -c "[._llm.classify.class, [._llm.classify.findings[] | [.type, .placeholder]]]"' _ "$1"
	}
	ph '{"text":"aws_access_key_id = AKIAIOSFODNN7EXAMPLE"}'
	[ "$output" = '["internal",[["aws_access_key_id",true]]]' ]
	ph '{"text":"GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}'
	[ "$output" = '["internal",[["github_token",true]]]' ]
	ph '{"text":"key: AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"}'
	[ "$output" = '["internal",[["google_api_key",true]]]' ]
	ph '{"text":"AKIA1234567890ABCDEF"}'
	[ "$output" = '["internal",[["aws_access_key_id",true]]]' ]
	ph '{"text":"-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"}'
	[ "$output" = '["internal",[["private_key",true]]]' ]
	ph '{"text":"-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----"}'
	[ "$output" = '["internal",[["private_key",true]]]' ]
	# a real-looking key beside a placeholder keeps the record restricted
	ph '{"text":"AKIAIOSFODNN7EXAMPLE then AKIAY34FZKBOKMUTVV7A"}'
	[ "$output" = '["restricted",[["aws_access_key_id",true],["aws_access_key_id",null]]]' ]
	# an email beside a placeholder: confidential wins over the capped key
	ph '{"text":"AKIAIOSFODNN7EXAMPLE x@corp.example"}'
	[ "$output" = '["confidential",[["aws_access_key_id",true],["email",null]]]' ]
	# test card numbers stay restricted
	ph '{"text":"stripe test card 4242424242424242"}'
	[ "$output" = '["restricted",[["credit_card",null]]]' ]
	ph '{"text":"card 4111 1111 1111 1111"}'
	[ "$output" = '["restricted",[["credit_card",null]]]' ]
}

@test "secret examples (testdata/secrets): every expected finding in .text, and nothing else" {
	run bash -c 'set -o pipefail; llm-classify "$1" | python3 -c "
import json, sys
bad = 0
for i, line in enumerate(sys.stdin, 1):
    r = json.loads(line); t = r[\"text\"].encode()
    got = sorted(f[\"type\"] + \":\" + t[f[\"start\"]:f[\"end\"]].decode()
                 for f in r[\"_llm\"][\"classify\"][\"findings\"] if f[\"path\"] == \".text\")
    if got != r[\"expect\"]:
        bad += 1
        print(\"line\", i, \"got\", len(got), \"want\", len(r[\"expect\"]))
print(\"bad\", bad)
sys.exit(1 if bad else 0)
"' _ "$BATS_TEST_DIRNAME/../testdata/secrets/examples.ndjson"
	echo "$output"
	assert_status 0
	[[ $output == *"bad 0"* ]]
}

@test "held-out set (testdata/detect/outside): precision and recall >= 0.95 per type, placeholders at most internal" {
	run "$BATS_TEST_DIRNAME/../scripts/eval-detect-outside"
	echo "$output"
	assert_status 0
	[[ $output == *"failing types: none"* ]]
	[[ $output == *"records with placeholders only: 24, above internal: 0"* ]]
}

@test "held-out set: the committed files equal a rerun of its writer" {
	run python3 "$BATS_TEST_DIRNAME/../testdata/detect/outside/write.py" "$T"
	assert_status 0
	for f in "$BATS_TEST_DIRNAME"/../testdata/detect/outside/*.ndjson; do
		cmp "$f" "$T/$(basename "$f")"
	done
}

@test "new provider keys are restricted by default, and --help lists their types" {
	values "GITLAB_TOKEN=glpat-aB3xY9kQ7mZ2pL5nW8rT"
	[ "$output" = "gitlab_token:glpat-aB3xY9kQ7mZ2pL5nW8rT" ]
	run bash -c 'jq -nc "{text:\"tok dapi0a1b2c3d4e5f60718293a4b5c6d7e8f9\"}" | llm-classify | jq -r ._llm.classify.class'
	[ "$output" = "restricted" ]
	run llm-classify --help
	for t in gitlab_token npm_token pypi_token huggingface_token azure_storage_key twilio_key \
		sendgrid_key mailgun_key shopify_token databricks_token azure_sas_key; do
		[[ $output == *"$t"* ]]
	done
}

@test "bench-classify prints NDJSON, --raw-lines and --raw-files rows, with and without --sarif" {
	run env BENCH_DIR="$T/bench" BENCH_MB=0.2 BENCH_REPS=1 BIN_DIR="$(dirname "$(command -v llm-classify)")" \
		"$BATS_TEST_DIRNAME/../scripts/bench-classify"
	assert_status 0
	for r in "llm-classify (NDJSON)" "llm-classify --sarif" "llm-classify --raw-lines --sarif" \
		"llm-classify --raw-files --sarif" "jq -c ." "grep -cE '<secrets re>' (lines)" \
		"target: --raw-lines >= NDJSON" "target: SARIF < 15% of a run (raw-files)"; do
		[[ $output == *"$r"* ]] || { echo "missing: $r"; false; }
	done
	[ "$(find "$T/bench" -name '*.txt' -path '*files*' | wc -l)" -gt 1 ]
}

@test "phone numbers: national formats, extensions, plain runs; --region; look-alikes stay quiet" {
	cat >"$BATS_TEST_TMPDIR/in" <<'EOF'
{"text":"Ruf an: 030 512 7788, danke"}
{"text":"office (02) 9374 4000 Sydney"}
{"text":"portable 06 12 34 56 78."}
{"text":"call (415)555-0132x204 now"}
{"text":"+1-212-555-0187 ext. 33"}
{"text":"my number is 4155550132"}
{"text":"order 4155550132 shipped on 2024-01-15 10:30:00 from 192.168.100.200, total $12345678.90"}
EOF
	run bash -c 'set -o pipefail; llm-classify "$1" | jq -c "[._llm.classify.class, [._llm.classify.findings[] | [.type, .start, .end]]]"' _ "$BATS_TEST_TMPDIR/in"
	assert_status 0
	[ "$output" = '["confidential",[["phone",8,20]]]
["confidential",[["phone",7,21]]]
["confidential",[["phone",9,23]]]
["confidential",[["phone",5,22]]]
["confidential",[["phone",0,23]]]
["confidential",[["phone",13,23]]]
["confidential",[["ip_address",53,68]]]' ]
	run bash -c 'set -o pipefail; llm-classify --region US "$1" | jq -c "[._llm.classify.findings[].type]"' _ "$BATS_TEST_TMPDIR/in"
	assert_status 0
	[ "$output" = '[]
[]
[]
["phone"]
["phone"]
["phone"]
["ip_address"]' ]
	run bash -c 'llm-classify --region US,XX </dev/null 2>&1'
	assert_status 2
	[[ $output == *'--region: unknown region "XX"'* ]]
	run bash -c 'llm-classify --region "" </dev/null 2>&1'
	assert_status 2
}
