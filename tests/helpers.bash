# Shared by every bats file: a clean environment and small helpers.
# Load with: load helpers

# Tests must not see the developer's keys or toolkit settings.
for v in $(env | sed -n 's/^\(LLM_[A-Za-z0-9_]*\)=.*/\1/p; s/^\([A-Z0-9_]*_API_KEY\)=.*/\1/p'); do
	unset "$v"
done
unset OPENAI_BASE_URL ANTHROPIC_BASE_URL HTTP_PROXY HTTPS_PROXY http_proxy https_proxy

# The fingerprint key: one per test file, never the developer's (created on
# first use, 0600). A test that wants its own sets the variable itself.
export LLM_FINGERPRINT_KEY_FILE="${BATS_FILE_TMPDIR:-${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}}/fingerprint.key"

: "${BIN_DIR:=$BATS_TEST_DIRNAME/../bin}"
export BIN_DIR
PATH="$BIN_DIR:$PATH"
TESTDATA="$BATS_TEST_DIRNAME/../testdata"
export LC_ALL=C.UTF-8

# Runs llm-classify on the NDJSON given as $1 (a string), output in $output.
classify() {
	local input=$1
	shift
	run bash -c 'printf "%s\n" "$1" | llm-classify "${@:2}"' _ "$input" "$@"
}

# jq expression over $output, result compared with $2.
assert_jq() {
	local got
	got=$(printf '%s\n' "$output" | jq -c "$1" 2>&1)
	if [ "$got" != "$2" ]; then
		echo "jq '$1' gave: $got" >&2
		echo "wanted:        $2" >&2
		echo "output was: $output" >&2
		return 1
	fi
}

assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "exit status $status, wanted $1" >&2
		echo "output: $output" >&2
		return 1
	fi
}

# jq -s expression over every line of $output, compared with $2.
assert_jqs() {
	local got
	got=$(printf '%s\n' "$output" | jq -sc "$1" 2>&1)
	if [ "$got" != "$2" ]; then
		echo "jq -s '$1' gave: $got" >&2
		echo "wanted:           $2" >&2
		echo "output was: $output" >&2
		return 1
	fi
}

# Starts tests/fake-llm.py on loopback for a bats file: the port in $1/port,
# the request log in $1/server.log, the pid in $1/server.pid. Further
# arguments go to the server. Fails, showing its stderr, if it never listens.
start_fake_llm() {
	local d=$1 i
	shift
	python3 "$BATS_TEST_DIRNAME/fake-llm.py" --port-file "$d/port" --log "$d/server.log" "$@" >/dev/null 2>"$d/server.err" &
	echo $! >"$d/server.pid"
	for i in $(seq 1 100); do
		[ -s "$d/port" ] && break
		sleep 0.1
	done
	[ -s "$d/port" ] || { cat "$d/server.err" >&2; return 1; }
}
