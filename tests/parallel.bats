#!/usr/bin/env bats
# Scale-out with GNU parallel: a dump sharded over 2 jobs gives the same
# results as one job (the tools keep no state across records but the
# vault and budget files, which are safe to share).

load helpers

setup() {
	command -v parallel >/dev/null || skip "GNU parallel is not installed (scripts/install-deps)"
	T=$BATS_TEST_TMPDIR
	python3 "$BATS_TEST_DIRNAME/../scripts/gen-corpus.py" --bench 1 --seed 7 -o "$T/dump.ndjson"
}

@test "classify | filter | route over 2 shards = one job (same set; same order with --keep-order)" {
	pipeline='llm-classify | llm-filter | llm-route -p '"$TESTDATA/policies/basic.json"
	bash -c "$pipeline" <"$T/dump.ndjson" >"$T/one.ndjson"
	parallel --will-cite --pipe -j2 --block 100k "$pipeline" <"$T/dump.ndjson" >"$T/two.ndjson"
	parallel --will-cite --pipe -j2 --block 100k --keep-order "$pipeline" <"$T/dump.ndjson" >"$T/ordered.ndjson"
	[ "$(wc -l <"$T/dump.ndjson")" -eq "$(wc -l <"$T/two.ndjson")" ]
	cmp <(sort "$T/one.ndjson") <(sort "$T/two.ndjson")
	cmp "$T/one.ndjson" "$T/ordered.ndjson"
	# More than one shard really ran.
	[ "$(wc -c <"$T/dump.ndjson")" -gt 200000 ]
}

@test "budgets hold across shards sharing one state file" {
	seq 1 400 | jq -c '{id: ., workload: "batch", text: "hello world", _llm: {classify: {class: "public"}}}' >"$T/b.ndjson"
	parallel --will-cite --pipe -j2 -N 50 "llm-route -p '$TESTDATA/policies/budgets.json' --state '$T/st.db'" <"$T/b.ndjson" >"$T/out.ndjson" || true
	[ "$(wc -l <"$T/out.ndjson")" -eq 400 ]
	[ "$(jq -r 'select(._llm.route.denied | not) | .id' "$T/out.ndjson" | wc -l)" -eq 19 ]
}
