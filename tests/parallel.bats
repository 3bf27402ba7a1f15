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

@test "the whole pipeline over 2 GNU parallel jobs, each with its own ledger, merged: same results, merged ledger verifies" {
	"$TOOL_DIR/gen-model" --shape tiny --type q8_0 --tokenizer "$BATS_TEST_DIRNAME/../testdata/models/llama2-tokenizer.bin" \
		-t 2 "$T/model.gguf" >/dev/null
	cat >"$T/p.json" <<JSON
{"defaults": {"max_output_tokens": 3},
 "backends": {"onbox": {"kind": "local", "model_path": "model.gguf", "max_class": "restricted", "threads": 1,
                        "context_window": 256, "params": {"temperature": 0}}},
 "rules": [{"name": "d", "default": true, "use": ["onbox"]}]}
JSON
	head -n 300 "$TESTDATA/corpus/labelled.ndjson" | jq -c '{id, text: .text[0:300]}' >"$T/dump.ndjson"
	stage="llm-classify | llm-filter | llm-route -p '$T/p.json' | llm-infer -p '$T/p.json'"
	# One job.
	bash -c "$stage | llm-audit append --db '$T/one.db' --tee" <"$T/dump.ndjson" >"$T/one.ndjson"
	# Two jobs, a ledger each, then merged.
	parallel --will-cite --pipe -j2 -N 150 "$stage | llm-audit append --db '$T/shard{#}.db' --tee" \
		<"$T/dump.ndjson" >"$T/two.ndjson"
	ls "$T"/shard*.db >/dev/null
	[ "$(ls "$T"/shard*.db | wc -l)" -eq 2 ]
	llm-audit merge --db "$T/all.db" "$T"/shard*.db
	run llm-audit verify --db "$T/all.db"
	assert_status 0
	# The same set of results (ids, classes, routes, answers), however sharded.
	proj='[.id, ._llm.classify.class, ._llm.filter.verdict, ._llm.route.chain, ._llm.infer.output, ._llm.infer.usage]'
	cmp <(jq -c "$proj" "$T/one.ndjson" | sort) <(jq -c "$proj" "$T/two.ndjson" | sort)
	[ "$(sqlite3 "$T/all.db" "SELECT count(DISTINCT rec_id) FROM entries WHERE kind = 'record'")" -eq 300 ]
	[ "$(llm-audit stats --db "$T/all.db" | jq .records)" -eq "$(llm-audit stats --db "$T/one.db" | jq .records)" ]
}
