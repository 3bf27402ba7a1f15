#!/usr/bin/env bats
# llm-audit report: one self-contained HTML page. Checked as text, and in a
# real browser: Debian's chromium, headless, renders it to a PNG and dumps
# its DOM; the page must load without a console message (a blocked fetch,
# a CSP violation or a script error each print one) and its charts must be
# in the DOM. The browser tests skip only where chromium is not installed
# (scripts/install-deps installs it).

load helpers

setup_file() {
	# The demo ledger, made as tests/demo.bats makes it (scripts/demo).
	local w=$BATS_FILE_TMPDIR/w root="$BATS_TEST_DIRNAME/.."
	mkdir -p "$w"
	cp -r "$root/scripts" "$root/testdata" "$w/"
	(unset OPENAI_API_KEY; BIN_DIR="$BIN_DIR" TOOL_DIR="$TOOL_DIR" "$w/scripts/demo" >"$w/demo.log" 2>&1) || true
}

setup() {
	T=$BATS_TEST_TMPDIR
	DEMO_DB=$BATS_FILE_TMPDIR/w/demo/audit.db
}

need_chromium() {
	command -v chromium >/dev/null || skip "chromium is not installed (scripts/install-deps installs it)"
}

# Renders the HTML file $1 with headless chromium into $1.png (1280x2400),
# $1.dom (the DOM once loaded) and $1.log (chromium's stderr, where each
# console message is an INFO:CONSOLE line).
render() {
	local f=$1
	local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$T/chromium"
		--enable-logging=stderr --v=0)
	timeout 120 chromium "${flags[@]}" --window-size=1280,2400 --screenshot="$f.png" "file://$f" >/dev/null 2>"$f.log"
	timeout 120 chromium "${flags[@]}" --dump-dom "file://$f" >"$f.dom" 2>>"$f.log"
}

# Width and height of a PNG from its IHDR chunk.
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 "x" $5*16777216 + $6*65536 + $7*256 + $8 }'
}

@test "report: the demo ledger as one self-contained page, 0600 like the ledger" {
	[ -f "$DEMO_DB" ] || { cat "$BATS_FILE_TMPDIR/w/demo.log" >&2; false; }
	# one "generated" time for both runs: the pages must be byte for byte the same
	export LLM_NOW=1795392000
	run llm-audit report --db "$DEMO_DB" -o "$T/r.html"
	assert_status 0
	[ -z "$output" ]
	grep -q 'generated 2026-11-23 00:00:00 UTC' "$T/r.html"
	[ "$(stat -c %a "$T/r.html")" = 600 ]
	grep -q '<meta http-equiv="Content-Security-Policy" content="default-src '"'none'"'; style-src '"'sha256-" "$T/r.html"
	# nothing to fetch: no script, no link, no src or href, no url()
	! grep -qiE '<script|<link|<img|<iframe|src="|href="|url\(|@import' "$T/r.html"
	[ "$(grep -o '<svg' "$T/r.html" | wc -l)" -ge 12 ]
	grep -q 'local / model.gguf' "$T/r.html"
	grep -q '>11</b><span>records<' "$T/r.html"
	for s in traffic latency cost classes outcomes drift feedback erasures; do
		grep -q "<h2 id=\"$s\">" "$T/r.html"
	done
	# stdout without -o: the same page
	run llm-audit report --db "$DEMO_DB"
	assert_status 0
	[ "$output" = "$(cat "$T/r.html")" ]
}

@test "report renders in chromium: a PNG, no console message, every chart in the DOM" {
	need_chromium
	[ -f "$DEMO_DB" ]
	llm-audit report --db "$DEMO_DB" -o "$T/r.html"
	render "$T/r.html"
	[ -s "$T/r.html.png" ]
	[ "$(head -c 8 "$T/r.html.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
	[ "$(png_size "$T/r.html.png")" = 1280x2400 ]
	# non-trivial: charts and text compress far less than a blank page
	[ "$(stat -c %s "$T/r.html.png")" -gt 40000 ]
	if grep -E ':CONSOLE' "$T/r.html.log" >&2; then false; fi
	grep -q '<title>llm-audit report</title>' "$T/r.html.dom"
	[ "$(grep -o '<svg' "$T/r.html.dom" | wc -l)" -eq "$(grep -o '<svg' "$T/r.html" | wc -l)" ]
	[ "$(grep -o '<svg' "$T/r.html.dom" | wc -l)" -ge 12 ]
	[ "$(grep -o '<rect' "$T/r.html.dom" | wc -l)" -ge 20 ]
	! grep -q '<script' "$T/r.html.dom"
}

@test "the console check catches a fetch the page's CSP refuses (the browser test can fail)" {
	need_chromium
	[ -f "$DEMO_DB" ]
	llm-audit report --db "$DEMO_DB" -o "$T/r.html"
	sed 's|</h1>|</h1><img src="https://example.invalid/x.png">|' "$T/r.html" >"$T/bad.html"
	render "$T/bad.html"
	grep -E ':CONSOLE.*Content Security Policy' "$T/bad.html.log"
}

@test "record fields are escaped: <script> in a workload and markup in a model name" {
	cat >"$T/in.ndjson" <<'EOF'
{"id":"x1","workload":"<script>document.title='pwned'</script>","_llm":{"classify":{"class":"internal","findings":[{"type":"<b>x</b>","path":".text","start":0,"end":1,"detector":"d"}]},"route":{"backend":"b&b","rule":"<i>r</i>","policy":"sha256:00"},"infer":{"backend":"b&b","provider":"p","model":"\"><img src=x onerror=alert(1)>","latency_ms":5,"ttft_ms":1,"usage":{"input_tokens":1,"output_tokens":1}}}}
{"id":"x2","workload":"w","_llm":{"error":{"tool":"infer","code":"<svg onload=alert(1)>","message":"m"}}}
EOF
	llm-audit append --db "$T/x.db" "$T/in.ndjson" || true
	run llm-audit report --db "$T/x.db" -o "$T/x.html"
	assert_status 0
	grep -qF '&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;' "$T/x.html"
	grep -qF 'b&amp;b / &quot;&gt;&lt;img src=x onerror=alert(1)&gt;' "$T/x.html"
	grep -qF '&lt;b&gt;x&lt;/b&gt;' "$T/x.html"
	grep -qF '&lt;i&gt;r&lt;/i&gt;' "$T/x.html"
	grep -qF '&lt;svg onload=alert(1)&gt;' "$T/x.html"
	! grep -qE '<script|<img|<b>|<i>|<svg onload' "$T/x.html"
	need_chromium
	render "$T/x.html"
	if grep -E ':CONSOLE' "$T/x.html.log" >&2; then false; fi
	grep -q '<title>llm-audit report</title>' "$T/x.html.dom"
	! grep -qE '<script|<img|<svg onload' "$T/x.html.dom"
	grep -qF '&lt;script&gt;document.title=' "$T/x.html.dom"
}

@test "an empty ledger is a valid page that says there is no data" {
	llm-audit append --db "$T/e.db" </dev/null
	run llm-audit report --db "$T/e.db" -o "$T/e.html"
	assert_status 0
	grep -q 'There is no data in this ledger: no record, feedback or erase entries.' "$T/e.html"
	! grep -q '<svg' "$T/e.html"
	tail -n 1 "$T/e.html" | grep -q '</body></html>'
	run llm-audit report --db "$DEMO_DB" --until 2000-01-01 -o "$T/e2.html"
	assert_status 0
	grep -q 'There is no data in this ledger for this range' "$T/e2.html"
	need_chromium
	render "$T/e.html"
	if grep -E ':CONSOLE' "$T/e.html.log" >&2; then false; fi
	grep -q 'There is no data' "$T/e.html.dom"
}

@test "scripts/demo-report: a week with every section drawn; --since narrows it; drift ranges" {
	run env BIN_DIR="$BIN_DIR" "$BATS_TEST_DIRNAME/../scripts/demo-report" "$T/wk"
	assert_status 0
	local h=$T/wk/report.html
	grep -q 'Records from 2026-11-23 00:30:00 UTC to 2026-11-29 23:30:00 UTC' "$h"
	grep -q 'one point per 6 hours' "$h"
	grep -q 'openai / gpt-4o-mini-2025-01-31' "$h"
	grep -q 'backend_failed' "$h"
	# the new model version is slower to its first token: drift says so
	grep -q '<tr class="drift"><td class="k">all</td><td class="k">ttft_ms</td>' "$h"
	grep -qE '2 erase entries in this range dropped [0-9]+ payloads' "$h"
	grep -q '>158</b><span>feedback entries<' "$h"
	! grep -q '>no data<' "$h"
	run llm-audit report --db "$T/wk/week.db" --since 2026-11-29 --until 2026-11-30
	assert_status 0
	[[ $output == *"Records from 2026-11-29 00:30:00 UTC to 2026-11-29 23:30:00 UTC"* ]]
	[[ $output == *"one point per 1 hour"* ]]
	run llm-audit report --db "$T/wk/week.db" --baseline 2026-11-23..2026-11-24 --window 2026-11-29..
	assert_status 0
	[[ $output == *"Baseline: 2026-11-23 00:00:00 UTC to 2026-11-24 00:00:00 UTC; window: 2026-11-29 00:00:00 UTC to now"* ]]
}

@test "report: usage errors exit 2" {
	run llm-audit report
	assert_status 2
	[[ $output == *"needs the ledger"* ]]
	run llm-audit report --db "$DEMO_DB" --tee
	assert_status 2
	run llm-audit report --db "$DEMO_DB" --baseline 14d..7d
	assert_status 2
	[[ $output == *"--baseline and --window go together"* ]]
	run llm-audit report --db "$DEMO_DB" extra
	assert_status 2
	run llm-audit report --db "$T/none.db"
	assert_status 7
}
