#!/usr/bin/env bats
#
# corpus: llm-classify scored against the labelled corpus, and the corpus
# itself (deterministic, and equal to what its generator makes, so it cannot
# drift silently). The corpus and its provenance: testdata/corpus/README.md.

load helpers

setup() {
	: "${BIN_DIR:=$BATS_TEST_DIRNAME/../bin}"
	ROOT="$BATS_TEST_DIRNAME/.."
	CORPUS="$ROOT/testdata/corpus/labelled.ndjson"
	GEN="$ROOT/scripts/gen-corpus.py"
	SCORE="$ROOT/scripts/score-corpus.py"
}

# Prints each line of $output as a TAP comment, so the table shows in the log.
tap_comment() {
	local line
	while IFS= read -r line; do
		echo "# $line" >&3
	done <<<"$output"
}

@test "corpus: llm-classify reaches precision and recall >= 0.95 per type" {
	local out="$BATS_TEST_TMPDIR/out" rc=0
	"$BIN_DIR/llm-classify" "$CORPUS" >"$out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$BATS_TEST_TMPDIR/err"
		echo "llm-classify exited $rc"
		return 1
	fi
	[ "$(wc -l <"$out")" -eq "$(wc -l <"$CORPUS")" ]
	run python3 "$SCORE" "$out"
	tap_comment
	[ "$status" -eq 0 ]
}

@test "corpus: the generator is deterministic for a seed" {
	python3 "$GEN" --labelled 60 --seed 7 >"$BATS_TEST_TMPDIR/a"
	python3 "$GEN" --labelled 60 --seed 7 >"$BATS_TEST_TMPDIR/b"
	python3 "$GEN" --labelled 60 --seed 8 >"$BATS_TEST_TMPDIR/c"
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	! cmp -s "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/c"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/a")" -eq 60 ]
}

@test "corpus: the committed corpus equals a regeneration with seed 1" {
	python3 "$GEN" --labelled 3600 --seed 1 >"$BATS_TEST_TMPDIR/regen"
	cmp "$BATS_TEST_TMPDIR/regen" "$CORPUS"
}

@test "corpus: the bench generator is deterministic and about the size asked" {
	python3 "$GEN" --bench 0.5 --seed 3 >"$BATS_TEST_TMPDIR/a"
	python3 "$GEN" --bench 0.5 --seed 3 >"$BATS_TEST_TMPDIR/b"
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	local n
	n=$(wc -c <"$BATS_TEST_TMPDIR/a")
	[ "$n" -ge 524288 ] && [ "$n" -lt 540000 ]
	run python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    assert isinstance(r["id"], str) and isinstance(r["text"], str) and "expect" not in r' "$BATS_TEST_TMPDIR/a"
	[ "$status" -eq 0 ]
}

# The scorer's arithmetic, on hand-made output with known answers:
#   c1 email exact (TP); c2 phone shifted but overlapping 10/12 (TP), email
#   missed (FN) and one elsewhere (FP); c3 password found only inside a
#   decoded substring (FN, or TP with --decode); c4 iban overlap 4 of 10 (FP
#   and FN); c5 ip overlap exactly half (TP); c6 jwt found twice (TP + FP);
#   c7 a finding on another path (FP + FN).
scorer_fixture() {
	local t='"text":"0123456789012345678901234567890123456789012345678901234567890"'
	cat <<JSON
{"id":"c1",$t,"expect":[{"type":"email","path":".text","start":5,"end":20}],"_llm":{"classify":{"class":"confidential","findings":[{"type":"email","path":".text","start":5,"end":20}]}}}
{"id":"c2",$t,"expect":[{"type":"phone","path":".text","start":0,"end":12},{"type":"email","path":".text","start":20,"end":30}],"_llm":{"classify":{"class":"confidential","findings":[{"type":"phone","path":".text","start":2,"end":12},{"type":"email","path":".text","start":40,"end":50}]}}}
{"id":"c3",$t,"expect":[{"type":"password","path":".text","start":10,"end":14}],"_llm":{"classify":{"class":"restricted","findings":[{"type":"password","path":".text","start":10,"end":14,"decoded":"base64"}]}}}
{"id":"c4",$t,"expect":[{"type":"iban","path":".text","start":0,"end":10}],"_llm":{"classify":{"class":"confidential","findings":[{"type":"iban","path":".text","start":0,"end":4}]}}}
{"id":"c5",$t,"expect":[{"type":"ip_address","path":".text","start":0,"end":10}],"_llm":{"classify":{"class":"internal","findings":[{"type":"ip_address","path":".text","start":5,"end":10}]}}}
{"id":"c6",$t,"expect":[{"type":"jwt","path":".text","start":0,"end":10}],"_llm":{"classify":{"class":"restricted","findings":[{"type":"jwt","path":".text","start":0,"end":10},{"type":"jwt","path":".text","start":1,"end":10}]}}}
{"id":"c7","messages":[{"role":"user","content":"a"},{"role":"user","content":"call 555-123-4567"}],"expect":[{"type":"phone","path":".messages[1].content","start":5,"end":17}],"_llm":{"classify":{"class":"confidential","findings":[{"type":"phone","path":".messages[0].content","start":5,"end":17}]}}}
{"id":"c8",$t,"expect":[]}
JSON
}

# Prints "expected found TP FP FN precision recall" for a type in $output.
row() {
	awk -v t="$1" '$1 == t { print $2, $3, $4, $5, $6, $7, $8 }' <<<"$output"
}

@test "corpus: the scorer counts matches, misses and extras correctly" {
	scorer_fixture >"$BATS_TEST_TMPDIR/fix"
	run python3 "$SCORE" --examples 1 "$BATS_TEST_TMPDIR/fix"
	echo "$output"   # shown only if the test fails
	[ "$status" -eq 1 ]
	[ "$(row email)" = "2 2 1 1 1 0.500 0.500" ]
	[ "$(row phone)" = "2 2 1 1 1 0.500 0.500" ]
	[ "$(row iban)" = "1 1 0 1 1 0.000 0.000" ]
	[ "$(row ip_address)" = "1 1 1 0 0 1.000 1.000" ]
	[ "$(row jwt)" = "1 2 1 1 0 0.500 1.000" ]
	[ "$(row password)" = "1 0 0 0 1 1.000 0.000" ]
	[ "$(row TOTAL)" = "8 8 4 4 4 0.500 0.500" ]
	[[ "$output" == *"records: 8,"* ]]
	[[ "$output" == *"failing types: email phone iban jwt password"* ]]
	# examples go to stderr, with the span marked
	[[ "$output" == *"FN phone c7 .messages[1].content[5:17] call [[555-123-4567]]"* ]]

	run python3 "$SCORE" --decode "$BATS_TEST_TMPDIR/fix"
	[ "$(row password)" = "1 1 1 0 0 1.000 1.000" ]

	run python3 "$SCORE" --min 0.5 "$BATS_TEST_TMPDIR/fix"
	[ "$status" -eq 1 ]   # iban is at 0
	head -n 1 "$BATS_TEST_TMPDIR/fix" >"$BATS_TEST_TMPDIR/one"
	run python3 "$SCORE" "$BATS_TEST_TMPDIR/one"
	[ "$status" -eq 0 ]
	[ "$(row email)" = "1 1 1 0 0 1.000 1.000" ]
}

# Placeholders: p1 a placeholder found as one (TP); p2 a placeholder found
# as a real key (FP of its type, FN placeholder) and, holding only a
# placeholder label, classed restricted (fails); p3 a real key marked a
# placeholder (FP placeholder, FN of its type); p4 internal with only a
# placeholder (fine).
@test "corpus: the scorer pools placeholders and fails a placeholder-only record above internal" {
	local t='"text":"0123456789012345678901234567890123456789"'
	cat >"$BATS_TEST_TMPDIR/ph" <<JSON
{"id":"p1",$t,"expect":[{"type":"github_token","path":".text","start":0,"end":10,"placeholder":true}],"_llm":{"classify":{"class":"internal","findings":[{"type":"github_token","path":".text","start":0,"end":10,"placeholder":true}]}}}
{"id":"p2",$t,"expect":[{"type":"github_token","path":".text","start":0,"end":10,"placeholder":true}],"_llm":{"classify":{"class":"restricted","findings":[{"type":"github_token","path":".text","start":0,"end":10}]}}}
{"id":"p3",$t,"expect":[{"type":"stripe_key","path":".text","start":0,"end":10}],"_llm":{"classify":{"class":"internal","findings":[{"type":"stripe_key","path":".text","start":0,"end":10,"placeholder":true}]}}}
{"id":"p4",$t,"expect":[{"type":"stripe_key","path":".text","start":0,"end":10,"placeholder":true}],"_llm":{"classify":{"class":"internal","findings":[{"type":"stripe_key","path":".text","start":0,"end":10,"placeholder":true}]}}}
JSON
	run python3 "$SCORE" --examples 3 "$BATS_TEST_TMPDIR/ph"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$(row placeholder)" = "3 3 2 1 1 0.667 0.667" ]
	[ "$(row github_token)" = "0 1 0 1 0 0.000 1.000" ]
	[ "$(row stripe_key)" = "1 0 0 0 1 1.000 0.000" ]
	[[ "$output" == *"records with placeholders only: 3, above internal: 1"* ]]
	[[ "$output" == *"placeholder-only record p2 is restricted"* ]]
	# the class alone fails a run whose rows all pass
	sed -n 1p "$BATS_TEST_TMPDIR/ph" | sed 's/"class":"internal"/"class":"confidential"/' >"$BATS_TEST_TMPDIR/ph1"
	run python3 "$SCORE" "$BATS_TEST_TMPDIR/ph1"
	[ "$status" -eq 1 ]
	[[ "$output" == *"failing types: none"* ]]
}

@test "corpus: the scorer counts labels of records without _llm.classify as missed" {
	head -n 3 "$CORPUS" >"$BATS_TEST_TMPDIR/in"
	run python3 "$SCORE" "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 1 ]
	[[ "$output" == *"3 records have no _llm.classify"* ]]
	printf 'not json\n' >"$BATS_TEST_TMPDIR/bad"
	run python3 "$SCORE" "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 2 ]
}
