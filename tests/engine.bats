#!/usr/bin/env bats
# The on-box engine: house rules that keep it a library, and the converter.

load helpers

ROOT="$BATS_TEST_DIRNAME/.."

@test "common/engine never includes jq, curl or SQLite, never prints or exits" {
	run grep -nE '#include *[<"](jq|jv|curl/|sqlite3)' "$ROOT"/common/engine/*.[ch]
	[ "$status" -eq 1 ]
	run grep -nE '\b(printf|puts|putchar|fprintf|perror|exit|_exit|abort)\s*\(' "$ROOT"/common/engine/*.c
	[ "$status" -eq 1 ] || { echo "$output"; false; }
	run grep -nE '\b(stdout|stderr)\b' "$ROOT"/common/engine/*.c
	[ "$status" -eq 1 ] || { echo "$output"; false; }
}

@test "llama2c-to-gguf converts the tiny checkpoint in every type" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	for t in f32 f16 q8_0 q4_0; do
		run "$TOOL_DIR/llama2c-to-gguf" --type "$t" "$TESTDATA/models/tiny260k.bin" "$BATS_TEST_TMPDIR/m-$t.gguf"
		assert_status 0
		[ "$(head -c 4 "$BATS_TEST_TMPDIR/m-$t.gguf")" = "GGUF" ]
	done
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/m-q4_0.gguf")" -lt "$(stat -c %s "$BATS_TEST_TMPDIR/m-f32.gguf")" ]
}

@test "llama2c-to-gguf rejects a truncated checkpoint with exit 3" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	head -c 1000 "$TESTDATA/models/tiny260k.bin" > "$BATS_TEST_TMPDIR/cut.bin"
	run "$TOOL_DIR/llama2c-to-gguf" "$BATS_TEST_TMPDIR/cut.bin" "$BATS_TEST_TMPDIR/x.gguf"
	assert_status 3
	[[ $output == "llama2c-to-gguf: error: "* ]]
	[ ! -e "$BATS_TEST_TMPDIR/x.gguf" ]
}
