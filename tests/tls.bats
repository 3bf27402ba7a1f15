#!/usr/bin/env bats
# llm-infer over HTTPS for real: a loopback TLS server (tests/fake-tls.py,
# Debian's python3 with python3-h2) with certificates from a test CA made
# here by openssl. A valid certificate works and HTTP/2 is negotiated where
# offered; a wrong host name or an unknown CA is refused with a clear
# error, never retried and never downgraded to plain HTTP; keep-alive
# carries one connection across records.

load helpers

PY=/usr/bin/python3

setup_file() {
	local d=$BATS_FILE_TMPDIR
	command -v openssl >/dev/null || skip "openssl is not installed"
	$PY -c 'import h2' 2>/dev/null || skip "python3-h2 is not installed (scripts/install-deps)"
	cd "$d"
	# A test CA, a server certificate for 127.0.0.1/localhost, one for
	# another name, and a second CA nobody trusts.
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca 2>/dev/null
	openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 2 -subj /CN=other-ca 2>/dev/null
	for n in good wrong; do
		openssl req -newkey rsa:2048 -nodes -keyout $n.key -out $n.csr -subj /CN=$n 2>/dev/null
	done
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >good.ext
	printf 'subjectAltName=DNS:wrong.example\n' >wrong.ext
	for n in good wrong; do
		openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile $n.ext -out $n.pem 2>/dev/null
	done
	start() { # name cert [flags]
		local name=$1 cert=$2
		shift 2
		$PY "$BATS_TEST_DIRNAME/fake-tls.py" --cert "$cert.pem" --key "$cert.key" --port-file "$name.port" \
			--log "$name.log" "$@" >/dev/null 2>&1 &
		echo $! >>pids
		local i
		for i in $(seq 1 100); do [ -s "$name.port" ] && break; sleep 0.1; done
		: >>"$name.log"
	}
	start h2 good
	start h1 good --no-h2
	start wrong wrong
	cat >policy.json <<EOF2
{"backends": {
   "h2":    {"kind": "openai", "endpoint": "https://127.0.0.1:$(cat h2.port)/v1", "model": "m", "max_class": "restricted", "ca_file": "$d/ca.pem"},
   "h1":    {"kind": "openai", "endpoint": "https://localhost:$(cat h1.port)/v1", "model": "m", "max_class": "restricted", "ca_file": "$d/ca.pem"},
   "wrong": {"kind": "openai", "endpoint": "https://127.0.0.1:$(cat wrong.port)/v1", "model": "m", "max_class": "restricted", "ca_file": "$d/ca.pem"},
   "noca":  {"kind": "openai", "endpoint": "https://127.0.0.1:$(cat h2.port)/v1", "model": "m", "max_class": "restricted"},
   "otherca": {"kind": "openai", "endpoint": "https://127.0.0.1:$(cat h2.port)/v1", "model": "m", "max_class": "restricted", "ca_file": "$d/other-ca.pem"}},
 "rules": [{"name": "d", "default": true, "use": ["h2", "h1", "wrong", "noca", "otherca"]}]}
EOF2
}

teardown_file() {
	[ -f "$BATS_FILE_TMPDIR/pids" ] && kill $(cat "$BATS_FILE_TMPDIR/pids") 2>/dev/null || true
}

setup() {
	D=$BATS_FILE_TMPDIR
	P=$D/policy.json
}

# n records of text $1 to backend $2; output in $output (stderr apart).
send() {
	local text=$1 backend=$2 n=${3:-1}
	shift 3
	run bash -c 'for i in $(seq 1 "$1"); do printf "{\"text\":\"%s %d\",\"_llm\":{\"classify\":{\"class\":\"public\"}}}\n" "$2" "$i"; done | llm-infer -p "$3" --backend "$4" "${@:5}" 2>/dev/null' _ "$n" "$text" "$P" "$backend" "$@"
}

@test "a valid certificate from the backend's ca_file: answered over HTTP/2" {
	send "hello h2" h2 1 -j 1
	assert_status 0
	assert_jq '[._llm.infer.output, ._llm.infer.attempts[0].http]' '["ok tls","2"]'
	run jq -sc 'map(select(.proto)) | map(.proto) | unique' "$D/h2.log"
	[ "$output" = '["h2"]' ]
}

@test "a server without h2: HTTP/1.1 over TLS, by host name" {
	send "hello h1" h1 1 -j 1
	assert_status 0
	assert_jq '[._llm.infer.output, ._llm.infer.attempts[0].http]' '["ok tls","1.1"]'
}

@test "keep-alive: one connection carries every record, HTTP/2 and HTTP/1.1" {
	local before
	before=$(jq -s 'map(select(.conn)) | map(.conn) | max // 0' "$D/h1.log")
	send "keepalive h1" h1 6 -j 1
	assert_status 0
	run jq -sc --argjson b "$before" '[.[] | select(.proto and .conn > $b) | .conn] | unique | length' "$D/h1.log"
	[ "$output" = 1 ]
	before=$(jq -s 'map(select(.conn)) | map(.conn) | max // 0' "$D/h2.log")
	send "keepalive h2" h2 6 -j 1
	assert_status 0
	run jq -sc --argjson b "$before" '[.[] | select(.proto and .conn > $b) | .conn] | unique | length' "$D/h2.log"
	[ "$output" = 1 ]
}

@test "a certificate for another host name is refused: clear error, not retried, nothing sent" {
	send "wrong host" wrong 1 --retries 3
	assert_status 5
	assert_jq '._llm.infer.attempts | length' '1'
	assert_jq '._llm.infer.attempts[0].error' '"bad_request"'
	assert_jq '._llm.infer.attempts[0].message | test("^TLS: .*(certificate|host|name)")' 'true'
	run jq -sc 'map(select(.proto)) | length' "$D/wrong.log"
	[ "$output" = 0 ]
}

@test "an unknown CA is refused, with the system store or another CA file; --cacert trusts it" {
	local before
	before=$(jq -s 'map(select(.proto)) | length' "$D/h2.log")
	send "no ca" noca 1
	assert_status 5
	assert_jq '._llm.infer.attempts[0].message | startswith("TLS: ")' 'true'
	send "other ca" otherca 1
	assert_status 5
	assert_jq '._llm.infer.attempts[0].message | startswith("TLS: ")' 'true'
	# The server saw handshakes fail, and no request.
	[ "$(jq -s 'map(select(.proto)) | length' "$D/h2.log")" = "$before" ]
	[ "$(jq -s 'map(select(.handshake)) | length' "$D/h2.log")" -ge 2 ]
	send "cacert flag" noca 1 --cacert "$D/ca.pem"
	assert_status 0
	assert_jq '._llm.infer.output' '"ok tls"'
}

@test "a ca_file that cannot be read is a configuration error naming the backend" {
	jq '.backends.h2.ca_file = "/nonexistent/ca.pem"' "$P" >"$BATS_TEST_TMPDIR/p.json"
	run llm-route --check "$BATS_TEST_TMPDIR/p.json"
	assert_status 3
	[[ $output == *"backends.h2.ca_file: cannot read"* ]]
}
