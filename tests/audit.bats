#!/usr/bin/env bats
# llm-audit: append (batched, --tee after commit, concurrent appenders),
# verify against tampering with the plain sqlite3 shell, proofs, signed
# checkpoints, erase / retain, stats, show, export, crash safety.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
	D=$T/audit.db
}

# N records with ids r1..rN in $T/in.ndjson, a realistic pipeline tail.
records() {
	local n=$1 i
	for ((i = 1; i <= n; i++)); do
		printf '{"id":"r%d","workload":"support","text":"ticket %d: please reset my password","_llm":{"classify":{"class":"%s","findings":[],"counts":{%s}},"filter":{"stage":"output","verdict":"%s","findings":[],"input":{"stage":"input","verdict":"pass","findings":[]}},"route":{"backend":"%s","chain":["%s"],"rule":"%s","reason":"r","policy":"sha256:abc"},"infer":{"backend":"%s","provider":"%s","model":"%s","output":"done %d","finish_reason":"stop","usage":{"input_tokens":%d,"output_tokens":%d},"latency_ms":%d.5,"ttft_ms":%d,"cost_usd":0.00%d}}}\n' \
			"$i" "$i" "$([ $((i % 3)) -eq 0 ] && echo restricted || echo internal)" \
			"$([ $((i % 3)) -eq 0 ] && echo '"email":1')" "$([ $((i % 5)) -eq 0 ] && echo redact || echo pass)" \
			"$([ $((i % 2)) -eq 0 ] && echo local || echo openai)" x default \
			"$([ $((i % 2)) -eq 0 ] && echo local || echo openai)" "$([ $((i % 2)) -eq 0 ] && echo llama || echo openai)" \
			"$([ $((i % 2)) -eq 0 ] && echo tiny || echo gpt-4o-mini)" "$i" $((10 + i)) $((i % 7)) $((100 * i)) $((10 * i)) $((i % 9 + 1))
	done >"$T/in.ndjson"
}

ledger() { # a ledger of $1 records (default 10) in $D
	records "${1:-10}"
	run llm-audit append --db "$D" "$T/in.ndjson"
	assert_status 0
}

verify() {
	run llm-audit verify --db "$D" "$@"
}

# verify must fail naming entry $1; the problem must mention $2.
assert_caught() {
	verify "${@:3}"
	assert_status 1
	local line
	line=$(printf '%s\n' "$output" | grep '^{' | head -n 1)
	output=$line
	assert_jq '.ok' false
	assert_jq '.entry' "$1"
	[[ $line == *"$2"* ]] || { echo "problem: $line, wanted: $2" >&2; return 1; }
}

@test "--help, --version and usage errors" {
	run llm-audit --help
	assert_status 0
	[[ $output == *"append --db FILE"* && $output == *"--tee"* && $output == *"Exit status"* ]]
	run llm-audit append --help
	assert_status 0
	run llm-audit --version
	assert_status 0
	run llm-audit
	assert_status 2
	run llm-audit frobnicate
	assert_status 2
	[[ $output == *"unknown subcommand"* ]]
	run llm-audit append
	assert_status 2
	[[ $output == *"--db FILE"* ]]
	run llm-audit verify --db "$D" --tee
	assert_status 2
	[[ $output == *"--tee does not apply to verify"* ]]
	run llm-audit keygen --db "$D" k
	assert_status 2
	run llm-audit stats --db "$D" --group-by nothing
	assert_status 2
	run llm-audit stats --db "$D" --since yesterday-ish
	assert_status 2
	run llm-audit verify --db "$T/absent.db"
	assert_status 7
	# Someone else's database is left alone.
	sqlite3 "$T/other.db" "CREATE TABLE t(x)"
	run llm-audit append --db "$T/other.db" /dev/null
	assert_status 7
	[[ $output == *"not an llm-audit ledger"* ]]
	run sqlite3 "$T/other.db" "SELECT group_concat(name) FROM sqlite_master"
	[ "$output" = t ]
}

@test "append stores every record with its columns; the views answer in the sqlite3 shell" {
	ledger 10
	run sqlite3 "$D" "SELECT count(*), count(DISTINCT rec_id), min(seq), max(seq) FROM entries"
	[ "$output" = "10|10|0|9" ]
	run sqlite3 "$D" "SELECT rec_id, workload, class, findings, filter_in, filter_out, backend, rule, policy, provider, model, status, latency_us, ttft_us, input_tokens, output_tokens, cost_micro_usd, prompt_bytes, output_bytes FROM entries WHERE seq = 2"
	[ "$output" = "r3|support|restricted|email|pass|pass|openai|default|sha256:abc|openai|gpt-4o-mini|ok|300500|30000|13|3|4000|34|6" ]
	run sqlite3 "$D" "SELECT id, latency_ms, cost_usd, erased FROM records WHERE id = 'r5'"
	[ "$output" = "r5|500.5|0.006|0" ]
	run sqlite3 "$D" "SELECT backend, records FROM daily ORDER BY backend"
	[ "$output" = "$(printf 'local|5\nopenai|5')" ]
	run sqlite3 "$D" "PRAGMA journal_mode"
	[ "$output" = wal ]
	verify
	assert_status 0
	assert_jq '[.ok, .entries, .payloads_checked]' '[true,10,10]'
}

@test "append --tee passes every line through unchanged" {
	records 25
	run bash -c 'llm-audit append --db "$1" --tee < "$2" > "$3"' _ "$D" "$T/in.ndjson" "$T/out"
	assert_status 0
	cmp "$T/in.ndjson" "$T/out"
}

@test "lines that are not records are stored as error records; exit 4" {
	printf '%s\n' '{"id":"a","text":"x"}' 'not json' '[1,2]' >"$T/in"
	run llm-audit append --db "$D" --tee "$T/in"
	assert_status 4
	run sqlite3 "$D" "SELECT seq, status, error_code FROM entries ORDER BY seq"
	[ "$output" = "$(printf '0||\n1|error|not_json\n2|error|not_object')" ]
	verify
	assert_status 0
}

@test "records are batched: --batch N commits every N records, each commit a tree head" {
	records 10
	run llm-audit append --db "$D" --batch 3 "$T/in.ndjson"
	assert_status 0
	run sqlite3 "$D" "SELECT group_concat(size) FROM (SELECT size FROM heads ORDER BY size)"
	[ "$output" = "3,6,9,10" ]
	verify
	assert_status 0
	assert_jq '.heads' 4
}

@test "a second run appends after the first: sequence numbers stay gapless" {
	ledger 5
	run llm-audit append --db "$D" "$T/in.ndjson"
	assert_status 0
	run sqlite3 "$D" "SELECT count(*), max(seq) FROM entries"
	[ "$output" = "10|9" ]
	verify
	assert_status 0
}

@test "tamper: a payload edited with sqlite3 is caught and named" {
	ledger 10
	sqlite3 "$D" "UPDATE payloads SET data = (SELECT data FROM payloads WHERE seq = 1), raw_len = (SELECT raw_len FROM payloads WHERE seq = 1) WHERE seq = 3"
	assert_caught 3 "payload does not match its digest"
	verify --quick
	assert_status 0
}

@test "tamper: a payload's bytes damaged is caught and named" {
	ledger 10
	sqlite3 "$D" "UPDATE payloads SET data = zeroblob(length(data)) WHERE seq = 6"
	assert_caught 6 "payload does not match its digest"
}

@test "tamper: a payload's length or its dictionary changed is caught and named" {
	records 1500
	run llm-audit append --db "$D" --batch 500 "$T/in.ndjson"
	assert_status 0
	cp "$D" "$T/orig.db"
	sqlite3 "$D" "UPDATE payloads SET raw_len = raw_len + 1 WHERE seq = 2"
	assert_caught 2 "payload does not match its digest"
	# A dictionary rewritten: the first payload compressed with it is named.
	cp "$T/orig.db" "$D"
	first=$(sqlite3 "$D" "SELECT min(seq) FROM payloads WHERE dict = 1")
	[ "$first" -ge 1000 ]
	sqlite3 "$D" "UPDATE dicts SET data = CAST(data || x'00' AS BLOB) WHERE id = 1"
	assert_caught "$first" "payload does not match its digest"
	# A dictionary deleted.
	cp "$T/orig.db" "$D"
	sqlite3 "$D" "DELETE FROM dicts"
	assert_caught "$first" "dictionary 1 is missing"
	# A payload moved to another dictionary.
	cp "$T/orig.db" "$D"
	sqlite3 "$D" "UPDATE payloads SET dict = 1 WHERE seq = 5"
	assert_caught 5 "payload does not match its digest"
}

@test "payload_mac is HMAC-SHA256(key, SHA-256(dictionary) || le64(raw_len) || stored bytes), as the man page says" {
	records 1200
	run llm-audit append --db "$D" --batch 500 "$T/in.ndjson"
	assert_status 0
	# An independent implementation of the definition, over every entry.
	run python3 - "$D" <<'PY'
import hashlib, hmac, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
key = db.execute("SELECT value FROM meta WHERE name = 'payload_key'").fetchone()[0]
dicts = {i: hashlib.sha256(d).digest() for i, d in db.execute("SELECT id, data FROM dicts")}
n = 0
for mac, dict_id, raw_len, data in db.execute(
        "SELECT e.payload_mac, p.dict, p.raw_len, p.data FROM entries e JOIN payloads p ON p.seq = e.seq"):
    d = dicts[dict_id] if dict_id else bytes(32)
    want = hmac.new(key, d + raw_len.to_bytes(8, "little") + data, hashlib.sha256).digest()
    assert mac == want, "mismatch"
    n += 1
print(n, len(dicts))
PY
	assert_status 0
	[ "$output" = "1200 1" ]
}

@test "a schema 1 ledger (digests of the records) still verifies, reads, takes appends and merges" {
	gzip -dc "$TESTDATA/audit/ledger-v1.db.gz" >"$D"
	run sqlite3 "$D" "SELECT value FROM meta WHERE name = 'schema'"
	[ "$output" = 1 ]
	verify --checkpoint "$TESTDATA/audit/ledger-v1.checkpoint" --pubkey "$TESTDATA/audit/ledger-v1.key.pub"
	assert_status 0
	assert_jq '[.entries, .payloads_checked, .payloads_erased, .checkpoints]' '[1201,1199,1,2]'
	run llm-audit show --db "$D" r1200
	assert_jq '.record.id' '"r1200"'
	# Appends keep the ledger's schema and its kind of digest.
	records 20
	sed -i 's/"id":"r/"id":"n/' "$T/in.ndjson"
	run llm-audit append --db "$D" "$T/in.ndjson"
	assert_status 0
	verify --checkpoint "$TESTDATA/audit/ledger-v1.checkpoint"
	assert_status 0
	assert_jq '[.entries, .payloads_checked]' '[1221,1219]'
	run sqlite3 "$D" "SELECT value FROM meta WHERE name = 'schema'"
	[ "$output" = 1 ]
	# Merged into a new ledger: its payloads get schema 2 digests there.
	run llm-audit merge --db "$T/new.db" "$D"
	assert_status 0
	run llm-audit verify --db "$T/new.db"
	assert_status 0
	assert_jq '[.entries, .payloads_checked, .payloads_erased]' '[1222,1219,1]'
	# Tampering is still caught the schema 1 way (r7, entry 6, is erased).
	sqlite3 "$D" "UPDATE payloads SET data = zeroblob(length(data)) WHERE seq = 8"
	assert_caught 8 "does not decompress"
}

@test "tamper: a column edited with sqlite3 is caught and named" {
	ledger 10
	sqlite3 "$D" "UPDATE entries SET model = 'gpt-5' WHERE seq = 4"
	assert_caught 4 "do not match its leaf hash"
	[[ $output == *"id r5"* ]]
}

@test "tamper: a cost edited, a status nulled, a timestamp moved: each caught" {
	ledger 10
	cp "$D" "$T/orig.db"
	sqlite3 "$D" "UPDATE entries SET cost_micro_usd = 1 WHERE seq = 8"
	assert_caught 8 "leaf hash"
	cp "$T/orig.db" "$D"
	sqlite3 "$D" "UPDATE entries SET status = NULL WHERE seq = 1"
	assert_caught 1 "leaf hash"
	cp "$T/orig.db" "$D"
	sqlite3 "$D" "UPDATE entries SET ts_us = ts_us - 86400000000 WHERE seq = 0"
	assert_caught 0 "leaf hash"
	cp "$T/orig.db" "$D"
	sqlite3 "$D" "UPDATE entries SET latency_us = 'slow' WHERE seq = 2"
	assert_caught 2 "column latency_us"
}

@test "tamper: a deleted row is caught and named" {
	ledger 10
	sqlite3 "$D" "DELETE FROM entries WHERE seq = 5; DELETE FROM payloads WHERE seq = 5"
	assert_caught 5 "entry 5 is missing"
}

@test "tamper: a payload deleted without an erase entry is caught" {
	ledger 10
	sqlite3 "$D" "DELETE FROM payloads WHERE seq = 7"
	assert_caught 7 "no erase entry names it"
}

@test "tamper: reordered rows are caught and named" {
	ledger 10
	sqlite3 "$D" "UPDATE entries SET seq = -1 WHERE seq = 2; UPDATE entries SET seq = 2 WHERE seq = 6; UPDATE entries SET seq = 6 WHERE seq = -1;
		UPDATE payloads SET seq = -1 WHERE seq = 2; UPDATE payloads SET seq = 2 WHERE seq = 6; UPDATE payloads SET seq = 6 WHERE seq = -1"
	assert_caught 2 "leaf hash"
}

@test "tamper: a truncated tail is caught and named" {
	ledger 10
	sqlite3 "$D" "DELETE FROM entries WHERE seq >= 7; DELETE FROM payloads WHERE seq >= 7"
	assert_caught 7 "truncated"
}

@test "tamper: a tail truncated with the heads and meta rewritten is caught by an outside checkpoint" {
	ledger 10
	llm-audit keygen "$T/k"
	run llm-audit checkpoint --db "$D" --key "$T/k" -o "$T/cp10"
	assert_status 0
	sqlite3 "$D" "DELETE FROM entries WHERE seq >= 7; DELETE FROM payloads WHERE seq >= 7; DELETE FROM heads; DELETE FROM checkpoints; UPDATE meta SET value = 7 WHERE name = 'size'"
	verify
	assert_status 0 # nothing inside the file can tell
	assert_caught 7 "checkpoint" --checkpoint "$T/cp10" --pubkey "$T/k.pub"
}

@test "tamper: a rewritten stored checkpoint or tree head is caught" {
	ledger 10
	llm-audit keygen "$T/k"
	llm-audit checkpoint --db "$D" --key "$T/k" >/dev/null
	cp "$D" "$T/orig.db"
	sqlite3 "$D" "UPDATE checkpoints SET text = replace(text, 'size 10', 'size 11')"
	verify
	assert_status 1
	[[ $output == *"signature does not verify"* ]]
	cp "$T/orig.db" "$D"
	sqlite3 "$D" "UPDATE heads SET root = zeroblob(32)"
	assert_caught 0 "do not match the tree head at size 10"
}

@test "checkpoints: signed, exported, verified; a wrong key or another ledger is refused" {
	ledger 6
	run llm-audit keygen "$T/k"
	assert_status 0
	[ "$(stat -c %a "$T/k")" = 600 ]
	run llm-audit keygen "$T/k"
	assert_status 7
	run llm-audit checkpoint --db "$D" --key "$T/k"
	assert_status 0
	printf '%s\n' "$output" >"$T/cp"
	[[ $output == "llm-audit checkpoint v1"* && $output == *"size 6"* ]]
	run bash -c 'grep -c . "$1"' _ "$T/cp"
	[ "$output" = 7 ]
	verify --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 0
	assert_jq '.checkpoints' 2
	# More entries later: the old checkpoint still holds (a prefix).
	run llm-audit append --db "$D" "$T/in.ndjson"
	verify --checkpoint "$T/cp"
	assert_status 0
	llm-audit keygen "$T/other"
	verify --checkpoint "$T/cp" --pubkey "$T/other.pub"
	assert_status 1
	[[ $output == *"not signed by the given public key"* ]]
	records 3
	llm-audit append --db "$T/b.db" "$T/in.ndjson"
	run llm-audit verify --db "$T/b.db" --checkpoint "$T/cp"
	assert_status 1
	[[ $output == *"another ledger"* ]]
	printf 'garbage\n' >"$T/bad"
	verify --checkpoint "$T/bad"
	assert_status 3
	run llm-audit checkpoint --db "$D"
	assert_status 2
}

@test "prove and verify-proof: inclusion proofs checked without the database" {
	ledger 7
	run llm-audit prove --db "$D" r5 -o "$T/p"
	assert_status 0
	output=$(cat "$T/p")
	assert_jq '[.seq, .size, (.path | length), (.envelope | fromjson | .rec_id)]' '[4,7,3,"r5"]'
	run llm-audit verify-proof "$T/p"
	assert_status 0
	assert_jq '.ok' true
	# Every entry, against every size.
	local s q
	for s in 1 2 5 7; do
		for ((q = 0; q < s; q++)); do
			llm-audit prove --db "$D" --seq "$q" --size "$s"
		done
	done >"$T/all"
	run llm-audit verify-proof "$T/all"
	assert_status 0
	[ "$(printf '%s\n' "$output" | grep -c '"ok":true')" -eq 15 ]
	# A changed envelope, path or root fails.
	jq -c '.envelope |= sub("\"model\":\"gpt-4o-mini\""; "\"model\":\"big\"")' "$T/p" >"$T/p2"
	run llm-audit verify-proof "$T/p2"
	assert_status 1
	jq -c '.path[1] = ("0" * 64)' "$T/p" >"$T/p2"
	run llm-audit verify-proof "$T/p2"
	assert_status 1
	jq -c '.seq = 3' "$T/p" >"$T/p2"
	run llm-audit verify-proof "$T/p2"
	assert_status 1
	printf '{"v":1}\n' >"$T/p2"
	run llm-audit verify-proof "$T/p2"
	assert_status 4
	run llm-audit prove --db "$D" nosuch
	assert_status 1
}

@test "verify-proof against a signed checkpoint" {
	ledger 5
	llm-audit keygen "$T/k"
	llm-audit checkpoint --db "$D" --key "$T/k" -o "$T/cp"
	run llm-audit append --db "$D" "$T/in.ndjson"
	llm-audit prove --db "$D" --seq 2 --size 5 >"$T/p5"
	llm-audit prove --db "$D" --seq 2 >"$T/p10"
	run llm-audit verify-proof --checkpoint "$T/cp" --pubkey "$T/k.pub" "$T/p5"
	assert_status 0
	run llm-audit verify-proof --checkpoint "$T/cp" "$T/p10"
	assert_status 1
	[[ $output == *"not the checkpoint's"* ]]
}

@test "erase drops a record's payload, appends an erase entry, and the ledger still verifies" {
	ledger 10
	run llm-audit prove --db "$D" r4 -o "$T/p"
	run llm-audit erase --db "$D" --id r4 --reason "GDPR request 17"
	assert_status 0
	assert_jq '.erased' 1
	run sqlite3 "$D" "SELECT count(*) FROM payloads WHERE seq = 3; SELECT kind, rec_id, note FROM entries WHERE seq = 10; SELECT erased FROM records WHERE id = 'r4'"
	[ "$output" = "$(printf '0\nerase|GDPR request 17|3\n1')" ]
	verify
	assert_status 0
	assert_jq '[.entries, .payloads_erased]' '[11,1]'
	# The old proof still holds for its tree size; the entry still shows.
	run llm-audit verify-proof "$T/p"
	assert_status 0
	run llm-audit show --db "$D" r4
	assert_status 0
	assert_jq '[.erased, .record, .entry.model]' '[true,null,"tiny"]'
	# The WAL that held the freed (zeroed) pages was truncated.
	[ ! -s "$D-wal" ]
	run llm-audit erase --db "$D" --id nosuch
	assert_status 0
	assert_jq '.erased' 0
	run llm-audit erase --db "$D"
	assert_status 2
}

@test "retain erases payloads older than DAYS in one erase entry" {
	records 6
	LLM_NOW=1700000000 llm-audit append --db "$D" "$T/in.ndjson"
	LLM_NOW=1700900000 llm-audit append --db "$D" "$T/in.ndjson"
	run env LLM_NOW=1701000000 llm-audit retain --db "$D" --older-than 7
	assert_status 0
	assert_jq '.erased' 6
	run sqlite3 "$D" "SELECT note FROM entries WHERE kind = 'erase'; SELECT count(*) FROM payloads"
	[ "$output" = "$(printf '0-5\n6')" ]
	verify
	assert_status 0
	assert_jq '.payloads_erased' 6
	run llm-audit retain --db "$D"
	assert_status 2
}

@test "stats: counts, rates, percentiles, tokens and cost, grouped" {
	ledger 10
	run llm-audit stats --db "$D"
	assert_status 0
	assert_jq '[.records, .errors, .redact_rate, .input_tokens, .output_tokens, .cost_usd, .latency_ms_p50, .latency_ms_p99, .ttft_ms_p95]' \
		'[10,0,0.2,155,27,0.047,500.5,1000.5,100]'
	run llm-audit stats --db "$D" --group-by backend
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -c '[.backend, .records]' | tr '\n' ' ')" = '["local",5] ["openai",5] ' ]
	run llm-audit stats --db "$D" --group-by class
	[ "$(printf '%s\n' "$output" | jq -c '[.class, .records]' | tr '\n' ' ')" = '["internal",7] ["restricted",3] ' ]
	run llm-audit stats --db "$D" --until 2000-01-01
	assert_status 0
	[ -z "$output" ]
	run llm-audit stats --db "$D" --since 1d
	assert_jq '.records' 10
}

@test "show and export give the records back, decompressed" {
	ledger 10
	run llm-audit show --db "$D" r2
	assert_status 0
	assert_jq '[.seq, .entry.rec_id, .record.id, .erased]' '[1,"r2","r2",false]'
	run llm-audit show --db "$D" --seq 9
	assert_jq '.record.text' '"ticket 10: please reset my password"'
	run llm-audit show --db "$D" nosuch
	assert_status 1
	run llm-audit export --db "$D" -o "$T/x"
	assert_status 0
	[ "$(jq -c 'del(._llm.audit)' "$T/x" | cmp - <(jq -c . "$T/in.ndjson") && echo same)" = same ]
	[ "$(jq -c '._llm.audit.seq' "$T/x" | tr '\n' ' ')" = "0 1 2 3 4 5 6 7 8 9 " ]
	run llm-audit export --db "$D" --otel
	assert_status 0
	output=$(printf '%s\n' "$output" | head -n 1)
	assert_jq '[."gen_ai.request.model", ."gen_ai.usage.input_tokens", ."gen_ai.response.finish_reasons", ."llm.record.id"]' \
		'["gpt-4o-mini",11,["stop"],"r1"]'
}

@test "dictionary: trained once enough records exist; old rows stay readable" {
	records 1500
	run llm-audit append --db "$D" --batch 500 "$T/in.ndjson"
	assert_status 0
	run sqlite3 "$D" "SELECT count(*) FROM dicts; SELECT count(DISTINCT dict) FROM payloads"
	[ "$output" = "$(printf '1\n2')" ]
	verify
	assert_status 0
	assert_jq '.payloads_checked' 1500
	run llm-audit show --db "$D" r1
	assert_jq '.record.id' '"r1"'
	run llm-audit show --db "$D" r1500
	assert_jq '.record.id' '"r1500"'
}

@test "append: the ledger's bytes do not depend on --threads (1 vs 4, dictionary trained mid-stream)" {
	records 6000
	# Bad lines among good ones: stored as error records, warned about in order.
	awk '{ print } NR % 1000 == 7 { print "not json " NR } NR == 4000 { print "[1,2]" }' "$T/in.ndjson" >"$T/mixed"
	echo '{"id":"seed"}' | LLM_NOW=1700000000 llm-audit append --db "$T/a.db"
	cp "$T/a.db" "$T/b.db" # the same payload key and origin for both
	[ ! -e "$T/a.db-wal" ] || cp "$T/a.db-wal" "$T/b.db-wal"
	LLM_NOW=1700000000 llm-audit append -j 1 --batch 700 --tee --db "$T/a.db" "$T/mixed" >"$T/tee1" 2>"$T/err1" || true
	LLM_NOW=1700000000 llm-audit append --threads 4 --batch 700 --tee --db "$T/b.db" "$T/mixed" >"$T/tee4" 2>"$T/err4" || true
	run sqlite3 "$T/a.db" "SELECT count(*), count(DISTINCT dict) FROM payloads; SELECT count(*) FROM heads"
	[ "$output" = "$(printf '6008|2\n%d' $(( (6008 + 699) / 700 + 1 )))" ]
	sqlite3 "$T/a.db" .dump >"$T/a.sql"
	sqlite3 "$T/b.db" .dump >"$T/b.sql"
	cmp "$T/a.sql" "$T/b.sql"
	cmp "$T/tee1" "$T/tee4"
	cmp "$T/err1" "$T/err4"
	[ "$(wc -l <"$T/tee1")" -eq 6007 ]
	grep -q 'mixed:4005: ' "$T/err1"
	D=$T/a.db verify
	assert_status 0
	local root=$output
	D=$T/b.db verify --threads 1
	assert_status 0
	[ "$output" = "$root" ]
}

@test "append: a stream that pauses is committed and teed before the read blocks (any --threads)" {
	local th i pid
	for th in 1 3; do
		rm -f "$T/f" "$T/tee" "$T/p.db"*
		mkfifo "$T/f"
		llm-audit append -j "$th" --db "$T/p.db" --tee <"$T/f" >"$T/tee" &
		pid=$!
		exec 5>"$T/f"
		printf '{"id":"p1"}\n{"id":"p2"}\n{"id":"p3"}\n' >&5
		for ((i = 0; i < 100; i++)); do
			[ "$(wc -l <"$T/tee")" -eq 3 ] && break
			sleep 0.05
		done
		[ "$(wc -l <"$T/tee")" -eq 3 ]
		run sqlite3 "$T/p.db" "SELECT count(*) FROM entries"
		[ "$output" = 3 ]
		printf '{"id":"p4"}\n' >&5
		exec 5>&-
		wait "$pid"
		[ "$(wc -l <"$T/tee")" -eq 4 ]
	done
}

@test "two concurrent appenders x 50,000 records: all stored exactly once, each in its order" {
	seq 1 50000 | awk '{printf "{\"id\":\"a%d\",\"n\":%d}\n", $1, $1}' >"$T/a"
	seq 1 50000 | awk '{printf "{\"id\":\"b%d\",\"n\":%d}\n", $1, $1}' >"$T/b"
	llm-audit append --db "$D" --batch 1000 "$T/a" &
	local pa=$!
	llm-audit append --db "$D" --batch 1000 "$T/b" &
	local pb=$!
	wait $pa
	wait $pb
	run sqlite3 "$D" "SELECT count(*), count(DISTINCT rec_id), max(seq) FROM entries"
	[ "$output" = "100000|100000|99999" ]
	# Each appender's records in its input order; batches interleaved whole.
	run sqlite3 "$D" "SELECT count(*) FROM (SELECT n, lag(n) OVER (ORDER BY seq) AS p FROM (SELECT seq, CAST(substr(rec_id, 2) AS INTEGER) AS n FROM entries WHERE rec_id LIKE 'a%')) WHERE p IS NOT NULL AND n != p + 1"
	[ "$output" = 0 ]
	run sqlite3 "$D" "SELECT count(*) FROM (SELECT n, lag(n) OVER (ORDER BY seq) AS p FROM (SELECT seq, CAST(substr(rec_id, 2) AS INTEGER) AS n FROM entries WHERE rec_id LIKE 'b%')) WHERE p IS NOT NULL AND n != p + 1"
	[ "$output" = 0 ]
	verify
	assert_status 0
	assert_jq '.entries' 100000
}

@test "crash: kill -9 an appender mid-stream 20 times; every line --tee emitted is stored and verify passes" {
	local i pid prod st killed=0
	for ((i = 1; i <= 20; i++)); do
		mkfifo "$T/fifo$i"
		# A producer far longer than the appender lives (finite all the same).
		(seq 1 3000000 | awk -v r="$i" '{ printf "{\"id\":\"c%d-%d\",\"text\":\"x\"}\n", r, $1; if ($1 % 500 == 0) fflush() }') >"$T/fifo$i" &
		prod=$!
		llm-audit append --db "$D" --batch 700 --tee <"$T/fifo$i" >"$T/tee$i" &
		pid=$!
		sleep 0.$((RANDOM % 3 + 1))
		kill -9 "$pid" 2>/dev/null || true
		st=0
		wait "$pid" || st=$?
		[ "$st" -eq 137 ] && killed=$((killed + 1))
		kill "$prod" 2>/dev/null || true
		wait "$prod" 2>/dev/null || true
	done
	[ "$killed" -ge 15 ]
	cat "$T"/tee* | jq -r .id | sort >"$T/teed"
	sqlite3 "$D" "SELECT rec_id FROM entries" | sort >"$T/stored"
	[ -s "$T/teed" ]
	run comm -23 "$T/teed" "$T/stored"
	[ -z "$output" ]
	verify
	assert_status 0
	assert_jq '.ok' true
}

@test "verify in parallel ranges names the same first entry as in one" {
	seq 1 6000 | awk '{ printf "{\"id\":\"r%d\",\"text\":\"t %d\",\"_llm\":{\"infer\":{\"model\":\"m\",\"output\":\"o\"}}}\n", $1, $1 }' >"$T/in"
	run llm-audit append --db "$D" --batch 1000 "$T/in"
	assert_status 0
	run llm-audit erase --db "$D" --id r10
	assert_status 0
	local th
	for th in 1 4; do
		LLM_AUDIT_THREADS=$th verify
		assert_status 0
		assert_jq '[.entries, .payloads_checked, .payloads_erased]' '[6001,5999,1]'
	done
	cp "$D" "$T/orig.db"
	sqlite3 "$D" "UPDATE entries SET model = 'x' WHERE seq IN (4500, 5800)"
	for th in 1 4; do
		LLM_AUDIT_THREADS=$th assert_caught 4500 "leaf hash"
	done
	cp "$T/orig.db" "$D"
	sqlite3 "$D" "DELETE FROM entries WHERE seq = 3000; DELETE FROM payloads WHERE seq = 1500"
	for th in 1 4; do
		LLM_AUDIT_THREADS=$th assert_caught 1500 "no erase entry names it"
	done
}

@test "backup: a consistent, verified copy with a signed checkpoint" {
	ledger 8
	llm-audit keygen "$T/k"
	run llm-audit backup --db "$D" -o "$T/copy.db" --key "$T/k"
	assert_status 0
	assert_jq '[.entries, (.checkpoint | startswith("llm-audit checkpoint v1"))]' '[8,true]'
	printf '%s' "$(printf '%s\n' "$output" | jq -r .checkpoint)" >"$T/cp"
	printf '\n' >>"$T/cp"
	[ "$(stat -c %a "$T/copy.db")" = 600 ]
	run llm-audit verify --db "$T/copy.db" --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 0
	assert_jq '[.entries, .payloads_checked, .checkpoints]' '[8,8,2]'
	run llm-audit verify --db "$D" --checkpoint "$T/cp"
	assert_status 0
	run llm-audit backup --db "$D" -o "$T/copy.db"
	assert_status 7
	run llm-audit backup --db "$D"
	assert_status 2
}

@test "feedback: linked to entries by id, in the log, counted by stats" {
	ledger 4
	printf '%s\n' '{"id":"r1","score":1,"comment":"great"}' '{"id":"r2","score":0.5,"label":"ok"}' \
		'{"id":"r2","label":"wrong"}' '{"id":"nosuch","score":0}' '{"id":"r3"}' 'nope' >"$T/fb"
	run llm-audit feedback --db "$D" "$T/fb"
	assert_status 4
	output=$(printf '%s\n' "$output" | grep '^{')
	assert_jq '[.feedback, .unlinked]' '[4,1]'
	run sqlite3 "$D" "SELECT rec_id, note FROM entries WHERE kind = 'feedback' ORDER BY seq"
	[ "$output" = "$(printf '%s\n' 'r1|{"score_milli":1000}' 'r2|{"label":"ok","score_milli":500}' 'r2|{"label":"wrong"}' 'nosuch|{"score_milli":0}')" ]
	verify
	assert_status 0
	assert_jq '[.entries, .payloads_checked]' '[8,8]'
	run llm-audit stats --db "$D"
	assert_jq '[.records, .feedback, .score_mean]' '[4,3,0.75]'
	run llm-audit stats --db "$D" --group-by backend
	[ "$(printf '%s\n' "$output" | jq -c '[.backend, .feedback]' | tr '\n' ' ')" = '["local",2] ["openai",1] ' ]
	# A comment is a payload: erased with the record's.
	run llm-audit erase --db "$D" --id r1
	assert_jq '.erased' 2
	verify
	assert_status 0
}

@test "drift: the same distribution passes, a shifted one fails (exit 1) with an NDJSON report" {
	# 600 records a day for three days; day 3's latency and classes shift.
	local d
	for d in 0 1 2; do
		seq 1 600 | awk -v d="$d" '{
			srand($1 * 7 + 1); lat = 100 + 20 * rand() + (d == 2 ? 60 : 0);
			cls = (d == 2 && $1 % 3 == 0) ? "restricted" : ($1 % 2 ? "internal" : "public");
			printf "{\"id\":\"d%d-%d\",\"text\":\"x\",\"_llm\":{\"classify\":{\"class\":\"%s\",\"counts\":{}},\"infer\":{\"backend\":\"local\",\"model\":\"m\",\"output\":\"y\",\"latency_ms\":%.2f}}}\n", d, $1, cls, lat }' >"$T/day$d"
		LLM_NOW=$((1700000000 + d * 86400)) llm-audit append --db "$D" "$T/day$d"
	done
	run llm-audit drift --db "$D" --baseline @1700000000..@1700086400 --window @1700086400..@1700172800
	assert_status 0
	output=$(printf '%s\n' "$output" | tail -n 1)
	assert_jq '[.baseline_records, .window_records, .drift]' '[600,600,false]'
	run llm-audit drift --db "$D" --baseline @1700000000..@1700086400 --window @1700172800.. -o "$T/report"
	assert_status 1
	[ "$(jq -c 'select(.group == "all" and .feature == "latency_ms") | [.test, .drift, .psi_band]' "$T/report")" = '["ks",true,"major"]' ]
	[ "$(jq -c 'select(.group == "all" and .feature == "class") | [.test, .drift, .window.restricted]' "$T/report")" = '["chi_square",true,0.3333]' ]
	[ "$(jq -c 'select(.group.backend == "local" and .feature == "latency_ms") | .drift' "$T/report")" = true ]
	run llm-audit drift --db "$D" --baseline 2026-01-01 --window ..
	assert_status 2
}

@test "policy history: versions by hash, labels moved by ledger entries, show and diff" {
	local P=$TESTDATA/policies v1 v2
	run llm-audit policy --db "$D" add "$P/basic.json" "$P/budgets.json" "$P/basic.json"
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -c .added | tr '\n' ' ')" = "true true false " ]
	v1=$(llm-route --check "$P/basic.json" | sed -n 's/.*version //p')
	v2=$(llm-route --check "$P/budgets.json" | sed -n 's/.*version //p')
	[ "$(printf '%s\n' "$output" | head -n 1 | jq -r .version)" = "$v1" ]
	run llm-audit policy --db "$D" label prod "$v1"
	assert_status 0
	assert_jq '[.version, .previous]' "[\"$v1\",null]"
	run llm-audit policy --db "$D" label prod "${v2:7:12}"
	assert_jq '[.version, .previous]' "[\"$v2\",\"$v1\"]"
	run llm-audit policy --db "$D" list
	[ "$(printf '%s\n' "$output" | jq -c '[.file, .labels]' | tr '\n' ' ')" = '["basic.json",[]] ["budgets.json",["prod"]] ' ]
	run llm-audit policy --db "$D" show prod
	assert_status 0
	[ "$output" = "$(cat "$P/budgets.json")" ]
	run llm-audit policy --db "$D" diff "$v1" prod
	assert_status 1
	[[ $output == *'+  "version": "budgets-1",'* && $output == *'-  "version": "basic-1",'* ]]
	run llm-audit policy --db "$D" diff prod prod
	assert_status 0
	run sqlite3 "$D" "SELECT kind, rec_id FROM entries ORDER BY seq"
	[ "$output" = "$(printf 'policy|\npolicy|\nlabel|prod\nlabel|prod')" ]
	verify
	assert_status 0
	run llm-audit policy --db "$D" label prod sha256:nosuch
	assert_status 1
	run llm-audit policy --db "$D" show nosuch
	assert_status 1
	run llm-audit policy --db "$D" frob
	assert_status 2
	printf '{"rules": 1}\n' >"$T/bad.json"
	run llm-audit policy --db "$D" add "$T/bad.json"
	assert_status 3
}

@test "merge: shard ledgers from parallel runs folded into one; shard proofs still hold" {
	seq 1 30 | awk '{ printf "{\"id\":\"a%d\",\"text\":\"a\"}\n", $1 }' >"$T/a"
	seq 1 20 | awk '{ printf "{\"id\":\"b%d\",\"text\":\"b\"}\n", $1 }' >"$T/b"
	llm-audit append --db "$T/s1.db" "$T/a"
	llm-audit append --db "$T/s2.db" "$T/b"
	llm-audit erase --db "$T/s2.db" --id b3 >/dev/null
	llm-audit keygen "$T/k"
	llm-audit checkpoint --db "$T/s1.db" --key "$T/k" -o "$T/cp1"
	llm-audit prove --db "$T/s1.db" a7 -o "$T/p1"
	run llm-audit merge --db "$D" "$T/s1.db" "$T/s2.db"
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -c '[.size, .first, .merge_entry]' | tr '\n' ' ')" = '[30,0,30] [21,31,52] ' ]
	run sqlite3 "$D" "SELECT count(*) FROM entries WHERE kind = 'record'; SELECT note FROM entries WHERE kind = 'erase'; SELECT count(*) FROM entries WHERE kind = 'merge'"
	[ "$output" = "$(printf '50\n33\n2')" ]
	verify
	assert_status 0
	assert_jq '[.entries, .payloads_checked, .payloads_erased]' '[53,49,1]'
	run llm-audit show --db "$D" b20
	assert_jq '.record.id' '"b20"'
	# A shard's proofs are checked against its own checkpoints, as before.
	run llm-audit verify-proof --checkpoint "$T/cp1" "$T/p1"
	assert_status 0
	# The merged ledger records each shard's tree head.
	run sqlite3 "$D" "SELECT note FROM entries WHERE seq = 30"
	[[ $output == *"size=30 root=$(sed -n 's/^root //p' "$T/cp1") first=0" ]]
	# A tampered shard is refused whole; a ledger is not merged into itself.
	sqlite3 "$T/s2.db" "UPDATE entries SET rec_id = 'x' WHERE seq = 4"
	run llm-audit merge --db "$T/m2.db" "$T/s1.db" "$T/s2.db"
	assert_status 1
	run sqlite3 "$T/m2.db" "SELECT count(*) FROM entries"
	[ "$output" = 31 ]
	run llm-audit merge --db "$T/s1.db" "$T/s1.db"
	assert_status 2
}

@test "stats by day and workload; export by time range" {
	records 4
	LLM_NOW=1700000000 llm-audit append --db "$D" "$T/in.ndjson"
	LLM_NOW=1700086400 llm-audit append --db "$D" "$T/in.ndjson"
	run llm-audit stats --db "$D" --group-by day
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -c '[.day, .records]' | tr '\n' ' ')" = '["2023-11-14",4] ["2023-11-15",4] ' ]
	run llm-audit stats --db "$D" --group-by workload --since 2023-11-15
	assert_jq '[.workload, .records]' '["support",4]'
	run llm-audit export --db "$D" --since @1700000000 --until 2023-11-14T23:59:59Z
	assert_status 0
	[ "$(printf '%s\n' "$output" | jq -c '._llm.audit.seq' | tr '\n' ' ')" = "0 1 2 3 " ]
	run llm-audit stats --db "$D" --group-by model -o "$T/s"
	assert_status 0
	[ "$(jq -s length "$T/s")" = 2 ]
}

# N records whose text holds a distinct SSN and a distinct hex token
# (values an erasure must remove), with ids s1..sN.
ssn_records() {
	python3 - "$1" >"$T/in.ndjson" <<'PY'
import hashlib, sys
for i in range(1, int(sys.argv[1]) + 1):
    print('{"id":"s%d","workload":"support","text":"customer note %d: my social security number is %s and my card is %s, please update my address","_llm":{"classify":{"class":"restricted","findings":[],"counts":{"ssn":1}}}}'
          % (i, i, "%03d-%02d-%04d" % (100 + i % 800, 10 + i % 89, 1000 + i), hashlib.sha256(b"%d" % i).hexdigest()[:16]))
PY
}

# The erased values (SSNs and tokens) of records s$1..s$2 that occur in the
# raw bytes of the ledger, its WAL and any other file beside it: prints them.
leaked() {
	python3 - "$1" "$2" "$D" <<'PY'
import glob, hashlib, sys
lo, hi, db = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
data = b"".join(open(f, "rb").read() for f in sorted(glob.glob(db + "*")))
for i in range(lo, hi + 1):
    for v in ("%03d-%02d-%04d" % (100 + i % 800, 10 + i % 89, 1000 + i), hashlib.sha256(b"%d" % i).hexdigest()[:16]):
        if v.encode() in data:
            print(i, v)
PY
}

@test "erase and retain leave no byte of an erased value in the file, its WAL or its dictionaries" {
	ssn_records 1500
	run llm-audit append --db "$D" --batch 500 "$T/in.ndjson"
	assert_status 0
	# The dictionary is keys-only: no value of any record is in it.
	run sqlite3 "$D" "SELECT id, kind FROM dicts"
	[ "$output" = "1|keys" ]
	sqlite3 "$D" "SELECT writefile('$T/dict', data) FROM dicts" >/dev/null
	run python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print(sum(t in d for t in (b"social", b"security", b"-45-", b"customer note")))' "$T/dict"
	[ "$output" = 0 ]
	llm-audit keygen "$T/k"
	llm-audit checkpoint --db "$D" --key "$T/k" -o "$T/cp" >/dev/null
	llm-audit prove --db "$D" s1105 -o "$T/p1105" # erased below
	llm-audit prove --db "$D" s1200 -o "$T/p1200"
	# The test can see what it looks for: payloads compressed with the
	# dictionary keep these values as literals.
	run leaked 1101 1110
	[ "$(printf '%s\n' "$output" | grep -c .)" -ge 15 ]
	local i
	for i in $(seq 1101 1110); do
		run llm-audit erase --db "$D" --id "s$i"
		assert_status 0
		assert_jq '[.erased, .wal_truncated]' '[1,true]'
	done
	run leaked 1101 1110
	[ -z "$output" ] || { echo "left behind: $output" >&2; false; }
	verify --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 0
	assert_jq '[.entries, .payloads_checked, .payloads_erased]' '[1510,1490,10]'
	run llm-audit verify-proof --checkpoint "$T/cp" --pubkey "$T/k.pub" "$T/p1105"
	assert_status 0
	run llm-audit show --db "$D" s1200
	assert_jq '.record.text | test("'"$(printf 1200 | sha256sum | cut -c1-16)"'")' true
	# retain: everything, then VACUUM with the sqlite3 shell.
	run llm-audit retain --db "$D" --older-than 0
	assert_status 0
	assert_jq '.erased' 1490
	run leaked 1 1500
	[ -z "$output" ] || { echo "left behind: $output" >&2; false; }
	[ ! -s "$D-wal" ]
	verify --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 0
	assert_jq '[.payloads_checked, .payloads_erased]' '[0,1500]'
	run llm-audit verify-proof --checkpoint "$T/cp" --pubkey "$T/k.pub" "$T/p1200"
	assert_status 0
	# Proofs made after the erasure still verify against the checkpoint.
	run bash -c 'set -o pipefail; llm-audit prove --db "$1" --size 1500 s1105 | llm-audit verify-proof --checkpoint "$2" --pubkey "$3"' _ "$D" "$T/cp" "$T/k.pub"
	assert_status 0
	sqlite3 "$D" VACUUM
	run leaked 1 1500
	[ -z "$output" ]
	verify --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 0
	# New records after the erasure still append, compress and verify.
	ssn_records 3
	sed -i 's/"id":"s/"id":"t/' "$T/in.ndjson"
	run llm-audit append --db "$D" "$T/in.ndjson"
	assert_status 0
	run llm-audit show --db "$D" t2
	assert_jq '.record.id' '"t2"'
	verify --checkpoint "$T/cp" --pubkey "$T/k.pub"
	assert_status 0
}

@test "erase: a schema 1 ledger's dictionary trained on record text is dropped, its payloads recompressed" {
	gzip -dc "$TESTDATA/audit/ledger-v1.db.gz" >"$D"
	run sqlite3 "$D" "SELECT id, count(*) FROM dicts; SELECT count(*) FROM payloads WHERE dict = 1"
	[ "$output" = "$(printf '1|1\n200')" ]
	run llm-audit erase --db "$D" --id r1100
	assert_status 0
	assert_jq '[.erased, .recompressed, .dictionaries_dropped]' '[1,199,1]'
	run sqlite3 "$D" "SELECT count(*) FROM dicts; SELECT DISTINCT dict FROM payloads"
	[ "$output" = "$(printf '0\n0')" ]
	verify --checkpoint "$TESTDATA/audit/ledger-v1.checkpoint" --pubkey "$TESTDATA/audit/ledger-v1.key.pub"
	assert_status 0
	assert_jq '[.entries, .payloads_checked, .payloads_erased]' '[1202,1198,2]'
	run llm-audit show --db "$D" r1150
	assert_jq '.record.id' '"r1150"'
}

@test "erase: a schema 2 dictionary trained on record text stays (with a warning) while payloads need it" {
	ssn_records 1200
	run llm-audit append --db "$D" --batch 500 "$T/in.ndjson"
	assert_status 0
	# What a ledger made before dictionaries were keys-only looks like.
	sqlite3 "$D" "UPDATE dicts SET kind = NULL"
	run llm-audit erase --db "$D" --id s1150
	assert_status 0
	[[ $output == *"dictionary trained on record text"*"stays while 199 payloads"* ]]
	output=$(printf '%s\n' "$output" | grep '^{')
	assert_jq '[.erased, .dictionaries_dropped, .dictionaries_kept]' '[1,0,1]'
	verify
	assert_status 0
	# New payloads no longer use it: a keys-only one is trained (after the
	# commit that brought the ledger past the threshold again).
	ssn_records 1
	sed -i 's/"id":"s/"id":"t/' "$T/in.ndjson"
	llm-audit append --db "$D" "$T/in.ndjson"
	run sqlite3 "$D" "SELECT id, ifnull(kind, 'text') FROM dicts ORDER BY id; SELECT dict FROM payloads ORDER BY seq DESC LIMIT 1"
	[ "$output" = "$(printf '1|text\n2|keys\n0')" ]
	# Once its payloads are all erased, it goes.
	run llm-audit retain --db "$D" --older-than 0
	assert_status 0
	assert_jq '[.erased, .dictionaries_dropped]' '[1200,1]'
	run sqlite3 "$D" "SELECT id FROM dicts"
	[ "$output" = 2 ]
	verify
	assert_status 0
}
