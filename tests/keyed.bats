#!/usr/bin/env bats
# Values stay secret at rest (issue 15): keyed fingerprints and ids (the
# fingerprint key, its default place and variable, v1 baselines refused),
# key files that others may read named in a warning, and every file the
# toolkit creates that can hold record content or keys made 0600.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	export LLM_FINGERPRINT_KEY_FILE="$T/fp.key"
	umask 022
}

# The documented fingerprint, computed here without the toolkit:
# hex(HMAC-SHA256(key, "llm-fp/v2" NUL type ":" value))[:32].
# $1 key file, $2 type, $3 value.
want_fp() {
	python3 - "$@" <<'EOF'
import hashlib, hmac, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
print(hmac.new(key, b"llm-fp/v2\0" + sys.argv[2].encode() + b":" + sys.argv[3].encode(), hashlib.sha256).hexdigest()[:32])
EOF
}

# The unkeyed SHA-256 of type:value, as v1 wrote it (32 hex digits).
plain_fp() {
	printf '%s:%s' "$1" "$2" | sha256sum | cut -c1-32
}

@test "a fingerprint is the documented HMAC under the key, and changes with the key" {
	printf '%s\n' '{"text":"ssn 123-45-6789 card 4111 1111 1111 1111 mail jo@example.com"}' > "$T/in"
	run llm-classify "$T/in"
	assert_status 0
	[ "$(stat -c %a "$T/fp.key")" = 600 ]
	got=$(printf '%s\n' "$output" | jq -r '._llm.classify.findings[] | select(.type == "us_ssn") | .fingerprint')
	[ "$got" = "$(want_fp "$T/fp.key" us_ssn 123-45-6789)" ]
	got=$(printf '%s\n' "$output" | jq -r '._llm.classify.findings[] | select(.type == "email") | .fingerprint')
	[ "$got" = "$(want_fp "$T/fp.key" email jo@example.com)" ]
	# Another key, another fingerprint; the same key, the same one.
	first=$got
	run bash -c 'LLM_FINGERPRINT_KEY_FILE="$1" llm-classify "$2" | jq -r "._llm.classify.findings[] | select(.type == \"email\") | .fingerprint"' _ "$T/other.key" "$T/in"
	[ "$output" = "$(want_fp "$T/other.key" email jo@example.com)" ]
	[ "$output" != "$first" ]
	run bash -c 'llm-classify "$1" | jq -r "._llm.classify.findings[] | select(.type == \"email\") | .fingerprint"' _ "$T/in"
	[ "$output" = "$first" ]
}

@test "_llm.id is the documented keyed HMAC of the line" {
	line='{"text":"hello 123-45-6789"}'
	run bash -c 'printf "%s\n" "$1" | llm-classify | jq -r ._llm.id' _ "$line"
	want=$(python3 -c '
import hashlib, hmac, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
print("hmac-sha256:" + hmac.new(key, b"llm-id/v2\0" + sys.argv[2].encode(), hashlib.sha256).hexdigest())' "$T/fp.key" "$line")
	[ "$output" = "$want" ]
	[[ $output != *"$(printf '%s' "$line" | sha256sum | cut -c1-16)"* ]]
}

@test "raw records' _llm.id is the documented keyed HMAC of the record, at every length" {
	# lines across SHA-256's 64-byte blocks (the id hashes "llm-id/v2" NUL
	# and the record), escapes and non-ASCII; the same text as one file
	python3 - "$T/lines.txt" <<'EOF'
import sys
lines = [""]
for n in (1, 9, 20, 21, 22, 23, 54, 55, 56, 64, 100, 119, 120, 128, 200, 300, 1000):
    lines.append("".join("abcdefghij 0123456789"[(i * 7) % 21] for i in range(n)))
lines += ['say "hi"\\ \ttab', "Grüße 日本語 ✓", "mail jo@example.com 4111 1111 1111 1111"]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines) + "\n")
EOF
	cp "$T/lines.txt" "$T/other name.txt"
	llm-classify --raw-lines -o "$T/l.out" "$T/lines.txt" "$T/other name.txt"
	llm-classify --raw-files -o "$T/f.out" "$T/lines.txt" "$T/other name.txt"
	run python3 - "$T/fp.key" "$T/l.out" "$T/f.out" <<'EOF'
import hashlib, hmac, json, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
n = bad = 0
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        # the record is the line without _llm, its last member
        rec = line[:line.index(',"_llm":{')] + "}"
        want = "hmac-sha256:" + hmac.new(key, b"llm-id/v2\0" + rec.encode(), hashlib.sha256).hexdigest()
        n += 1
        if json.loads(line)["_llm"]["id"] != want:
            bad += 1
            print("wrong id:", rec[:80])
print(n, "records,", bad, "wrong")
EOF
	assert_status 0
	[ "$output" = "44 records, 0 wrong" ]
}

@test "no unkeyed hash of a value in records, SARIF, baselines or llm-filter's output" {
	printf '%s\n' '{"text":"ssn 123-45-6789 card 4111 1111 1111 1111 mail jo@example.com phone +1 415 555 0132"}' > "$T/in"
	run llm-classify --sarif "$T/c.sarif" --write-baseline "$T/base.json" -o "$T/c.out" "$T/in"
	assert_status 0
	llm-filter --sarif "$T/f.sarif" -o "$T/f.out" "$T/in"
	jq -r '._llm.classify.findings[] | "\(.type)\t\(.start)\t\(.end)"' "$T/c.out" > "$T/spans"
	[ "$(wc -l < "$T/spans")" -ge 3 ]
	text=$(jq -r .text "$T/in")
	while IFS=$'\t' read -r type start end; do
		value=${text:start:end-start}
		plain=$(plain_fp "$type" "$value")
		keyed=$(want_fp "$T/fp.key" "$type" "$value")
		for f in "$T/c.out" "$T/c.sarif" "$T/base.json" "$T/f.out" "$T/f.sarif"; do
			if grep -q "${plain:0:12}" "$f"; then
				echo "unkeyed hash of $type in $f" >&2
				return 1
			fi
		done
		grep -q "$keyed" "$T/c.out"
		grep -q "$keyed" "$T/c.sarif"
		grep -q "$keyed" "$T/base.json"
		grep -q "$keyed" "$T/f.sarif"
	done < "$T/spans"
	jq -e '.runs[0].results | all(.partialFingerprints | keys == ["llmFingerprint/v2"])' "$T/c.sarif"
	jq -e '.fingerprint == "llmFingerprint/v2" and (.key_id | test("^[0-9a-f]{16}$"))' "$T/base.json"
}

@test "the key is created 0600 on first use at the documented place, in a 0700 folder" {
	unset LLM_FINGERPRINT_KEY_FILE
	export HOME="$T/home" XDG_CONFIG_HOME="$T/xdg"
	mkdir -p "$HOME"
	run bash -c 'printf "{\"text\":\"jo@example.com\"}\n" | llm-classify'
	assert_status 0
	[ "$(stat -c %a "$T/xdg/llm-toolkit/fingerprint.key")" = 600 ]
	[ "$(stat -c %a "$T/xdg/llm-toolkit")" = 700 ]
	fp=$(printf '%s\n' "$output" | jq -r '._llm.classify.findings[0].fingerprint')
	[ "$fp" = "$(want_fp "$T/xdg/llm-toolkit/fingerprint.key" email jo@example.com)" ]
	[ ! -e "$HOME/.config" ]
	# Without XDG_CONFIG_HOME: ~/.config/llm-toolkit/fingerprint.key.
	unset XDG_CONFIG_HOME
	run bash -c 'printf "{\"text\":\"jo@example.com\"}\n" | llm-classify'
	assert_status 0
	[ "$(stat -c %a "$HOME/.config/llm-toolkit/fingerprint.key")" = 600 ]
	# llm-filter reads the same key.
	run bash -c 'printf "{\"text\":\"jo@example.com\"}\n" | llm-filter | jq -r "._llm.filter.findings[0].fingerprint"'
	[ "$output" = "$(want_fp "$HOME/.config/llm-toolkit/fingerprint.key" email jo@example.com)" ]
	# No place for it at all: a configuration error that says what to set.
	run env -u HOME -u XDG_CONFIG_HOME llm-classify /dev/null
	assert_status 3
	[[ $output == *LLM_FINGERPRINT_KEY_FILE* ]]
}

@test "processes creating the key at once agree on one key" {
	printf '%s\n' '{"text":"jo@example.com"}' > "$T/in"
	for i in 1 2 3 4 5 6; do
		llm-classify -o "$T/out$i" "$T/in" &
	done
	wait
	[ "$(cat "$T"/out? | jq -r '._llm.classify.findings[0].fingerprint' | sort -u | wc -l)" -eq 1 ]
	[ "$(jq -r '._llm.classify.findings[0].fingerprint' "$T/out1")" = "$(want_fp "$T/fp.key" email jo@example.com)" ]
	[ -z "$(ls "$T" | grep '\.tmp$')" ]
}

@test "--keygen writes a 0600 key and never overwrites one" {
	run llm-classify --keygen "$T/k"
	assert_status 0
	[ "$(stat -c %a "$T/k")" = 600 ]
	grep -Eqx '[0-9a-f]{64}' "$T/k"
	cp "$T/k" "$T/k.saved"
	run llm-classify --keygen "$T/k"
	assert_status 3
	[[ $output == *"already exists"* ]]
	cmp "$T/k" "$T/k.saved"
	# llm-filter --keygen makes the same format.
	llm-filter --keygen "$T/k2"
	run bash -c 'printf "{\"text\":\"jo@example.com\"}\n" | LLM_FINGERPRINT_KEY_FILE="$1" llm-classify | jq -r "._llm.classify.findings[0].fingerprint"' _ "$T/k2"
	[ "$output" = "$(want_fp "$T/k2" email jo@example.com)" ]
	# A key file that is not 64 hex digits is a configuration error.
	printf 'short\n' > "$T/bad"
	run env LLM_FINGERPRINT_KEY_FILE="$T/bad" llm-classify /dev/null
	assert_status 3
	[[ $output == *"64 hex digits"* ]]
}

@test "a v1 baseline, or one made under another key, is refused saying how to move it over" {
	printf '%s\n' '{"text":"AKIAIOSFODNN7EXAMPLE"}' > "$T/in"
	printf '{"tool":"llm-classify","fingerprints":["%s"]}\n' "$(plain_fp aws_access_key_id AKIAIOSFODNN7EXAMPLE)" > "$T/v1.json"
	run llm-classify --baseline "$T/v1.json" "$T/in"
	assert_status 3
	[[ $output == *"v1 baseline"* && $output == *"--write-baseline"* ]]
	run llm-filter --baseline "$T/v1.json" "$T/in"
	assert_status 3
	[[ $output == *"v1 baseline"* ]]
	printf '{"runs":[{"results":[{"partialFingerprints":{"llmFingerprint/v1":"%s"}}]}]}\n' "$(plain_fp aws_access_key_id AKIAIOSFODNN7EXAMPLE)" > "$T/v1.sarif"
	run llm-classify --baseline "$T/v1.sarif" "$T/in"
	assert_status 3
	[[ $output == *"v1 baseline"* ]]
	# Moving over: the same scan, under the key, writes the new baseline.
	llm-classify --write-baseline "$T/v2.json" --sarif "$T/v2.sarif" -o /dev/null "$T/in"
	run bash -c 'llm-classify --baseline "$1" "$2" | jq -c "[._llm.classify.counts, ._llm.classify.suppressed]"' _ "$T/v2.json" "$T/in"
	[ "$output" = '[{},1]' ]
	run bash -c 'llm-classify --baseline "$1" "$2" | jq -c ._llm.classify.suppressed' _ "$T/v2.sarif" "$T/in"
	[ "$output" = 1 ]
	# Under another key the baseline would match nothing: refused instead.
	run env LLM_FINGERPRINT_KEY_FILE="$T/other.key" llm-classify --baseline "$T/v2.json" "$T/in"
	assert_status 3
	[[ $output == *"another fingerprint key"* ]]
	run env LLM_FINGERPRINT_KEY_FILE="$T/other.key" llm-classify --baseline "$T/v2.sarif" "$T/in"
	assert_status 3
}

@test "key files others may read are named in a warning" {
	llm-classify --keygen "$T/fp.key.new"
	mv "$T/fp.key.new" "$T/fp.key"
	chmod 644 "$T/fp.key"
	run bash -c 'llm-classify /dev/null 2>&1 >/dev/null'
	assert_status 0
	[[ $output == *"warning: key file $T/fp.key can be read by group or others"* ]]
	run bash -c 'llm-filter /dev/null 2>&1 >/dev/null'
	[[ $output == *"warning: key file $T/fp.key can be read"* ]]
	chmod 600 "$T/fp.key"
	run bash -c 'llm-classify /dev/null 2>&1 >/dev/null'
	[ -z "$output" ]
	# The vault key and the hash key, by name.
	llm-filter --keygen "$T/v.key"
	llm-filter --keygen "$T/h.key"
	chmod 640 "$T/v.key"
	chmod 604 "$T/h.key"
	run bash -c 'printf "{\"text\":\"jo@example.com\"}\n" | llm-filter -a email=pseudonymize --vault "$1/v.db" --vault-key "$1/v.key" --hash-key "$1/h.key" 2>&1 >/dev/null' _ "$T"
	assert_status 0
	[[ $output == *"warning: key file $T/v.key can be read by group or others"* ]]
	[[ $output == *"warning: key file $T/h.key can be read by group or others"* ]]
	chmod 600 "$T/v.key" "$T/h.key"
	run bash -c 'printf "{\"text\":\"jo@example.com\"}\n" | llm-filter -a email=pseudonymize --vault "$1/v.db" --vault-key "$1/v.key" --hash-key "$1/h.key" 2>&1 >/dev/null' _ "$T"
	[ -z "$output" ]
}

# The modes of path and, when they exist, its -wal and -shm files.
modes() {
	local f
	for f in "$1" "$1-wal" "$1-shm" "$1-journal"; do
		[ -e "$f" ] && printf '%s %s\n' "${f##*/}" "$(stat -c %a "$f")"
	done
	return 0
}

# Keeps a SQLite file open (WAL, a read done) while $2.. runs, then prints
# the modes of the file and its -wal and -shm: SQLite makes those only
# while a connection is open and removes them with the last one.
modes_while_open() {
	python3 - "$@" <<'EOF'
import os, sqlite3, subprocess, sys
path = sys.argv[1]
con = sqlite3.connect(path)
con.execute("SELECT count(*) FROM sqlite_master").fetchall()
subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)
con.execute("SELECT count(*) FROM sqlite_master").fetchall()
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        print(os.path.basename(path + suffix), oct(os.stat(path + suffix).st_mode & 0o777)[2:])
con.close()
EOF
}

@test "files holding records or keys are 0600 from creation under umask 022" {
	[ "$(umask)" = 0022 ]
	# The response cache (llm-infer --cache): made at start-up.
	llm-infer --base-url http://127.0.0.1:1/v1 --model m --cache "$T/cache.db" < /dev/null
	[ "$(modes "$T/cache.db")" = "cache.db 600" ]
	run modes_while_open "$T/cache.db" llm-infer --base-url http://127.0.0.1:1/v1 --model m --cache "$T/cache.db"
	assert_status 0
	[ "$output" = $'cache.db 600\ncache.db-wal 600\ncache.db-shm 600' ]
	# The budget state (llm-route --state).
	llm-route -p "$TESTDATA/policies/budgets.json" --state "$T/state.db" < /dev/null
	[ "$(modes "$T/state.db")" = "state.db 600" ]
	run modes_while_open "$T/state.db" llm-route -p "$TESTDATA/policies/budgets.json" --state "$T/state.db"
	[ "$output" = $'state.db 600\nstate.db-wal 600\nstate.db-shm 600' ]
	# The vault and its key.
	llm-filter --keygen "$T/v.key"
	[ "$(stat -c %a "$T/v.key")" = 600 ]
	printf '{"text":"jo@example.com"}\n' | llm-filter -a email=pseudonymize --vault "$T/v.db" --vault-key "$T/v.key" > /dev/null
	[ "$(modes "$T/v.db")" = "v.db 600" ]
	# The ledger, its WAL and shared memory, a backup and an export.
	printf '{"id":"r1","text":"jo@example.com"}\n' > "$T/rec"
	llm-audit append --db "$T/audit.db" "$T/rec"
	[ "$(modes "$T/audit.db")" = "audit.db 600" ]
	run modes_while_open "$T/audit.db" llm-audit append --db "$T/audit.db" "$T/rec"
	assert_status 0
	[ "$output" = $'audit.db 600\naudit.db-wal 600\naudit.db-shm 600' ]
	llm-audit backup --db "$T/audit.db" -o "$T/backup.db"
	[ "$(stat -c %a "$T/backup.db")" = 600 ]
	llm-audit export --db "$T/audit.db" -o "$T/export.ndjson"
	[ "$(stat -c %a "$T/export.ndjson")" = 600 ]
	# Key files: the fingerprint key (first use), --keygen of each tool.
	[ "$(stat -c %a "$T/fp.key")" = 600 ]
	llm-classify --keygen "$T/k1"
	llm-filter --keygen "$T/k2"
	llm-audit keygen "$T/sign.key" > /dev/null 2>&1
	[ "$(stat -c %a "$T/sign.key")" = 600 ]
	[ "$(stat -c %a "$T/k1")" = 600 ]
	[ "$(stat -c %a "$T/k2")" = 600 ]
}
