#!/usr/bin/env bats
# The repository and its docs (issue 15, item 8): fuzz artifacts go to an
# ignored folder, and the README's vault example runs as written.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
}

@test "fuzz artifacts go to an ignored folder; none is committed" {
	local root="$BATS_TEST_DIRNAME/.."
	grep -qF -- '-artifact_prefix=build-fuzz/artifacts/' "$root/Makefile"
	git -C "$root" rev-parse --git-dir >/dev/null 2>&1 || skip "not a git checkout"
	[ -z "$(git -C "$root" ls-files | grep -E '(^|/)(crash|leak|timeout|slow-unit|oom)-[0-9a-f]{40}$')" ]
	git -C "$root" check-ignore -q build-fuzz/artifacts/fuzz_x/crash-0000
	git -C "$root" check-ignore -q slow-unit-7ce46bb7792a7d4d13a320b34dbb088557f467b9
}

@test "the README's vault example runs as written (pseudonymize, route, infer, restore)" {
	# The example's lines, from the README itself.
	local ex
	ex=$(awk '/^    llm-filter --keygen vault.key$/ { on = 1 } on && /^    / { print } on && !/^    / { exit }' \
		"$BATS_TEST_DIRNAME/../README.md" | sed 's/^    //')
	[[ $ex == *"llm-route -p policy.json"* ]]
	cd "$T"
	python3 "$BATS_TEST_DIRNAME/fake-llm.py" --port-file "$T/port" >/dev/null 2>&1 &
	local srv=$! k
	for k in $(seq 1 100); do [ -s "$T/port" ] && break; sleep 0.1; done
	cat >policy.json <<JSON
{"backends": {"m": {"kind": "openai", "endpoint": "http://127.0.0.1:$(cat "$T/port")/v1", "model": "m",
                    "api_key_env": "TEST_README_KEY", "max_class": "restricted"}},
 "rules": [{"name": "d", "default": true, "use": ["m"]}]}
JSON
	printf '%s\n' '{"text":"Write to bob@example.com"}' >in.ndjson
	TEST_README_KEY=sk-test-readme-0123456789 run bash -c "set -o pipefail; $ex"
	kill "$srv"
	assert_status 0
	# The fake model echoes its prompt: the pseudonym went out, the
	# address came back.
	assert_jq '._llm.infer.output' '"echo: Write to bob@example.com"'
	! grep -q 'bob@example.com' "$T/vault.db"
}

# common/README.md's ranks: a file includes its own folder, its subfolders,
# and folders ranked below its own, never above (the house reads like its
# architecture). A subfolder ranks just below its parent.
@test "common/: no include runs upward (common/README.md's ranks)" {
	run python3 - "$BATS_TEST_DIRNAME/../common" <<'PY'
import os, re, sys
root = sys.argv[1]
rank = {'core': 0, 'engine': 0, 'jq': 1, 'detect': 2, 'filter': 3, 'policy': 4,
        'audit': 5, 'infer': 6, 'index': 5, 'eval': 6}
def r(folder):
    top = folder.split('/')[0]
    if top not in rank:
        return None
    return rank[top] - (0.5 if '/' in folder else 0)
bad = 0
for d, _, fs in os.walk(root):
    src = os.path.relpath(d, root)
    for f in fs:
        if not f.endswith(('.c', '.h', '.cc')):
            continue
        if src == '.':
            print(f'{f}: a loose file in common/ (give it a folder)'); bad += 1; continue
        if r(src) is None:
            print(f'{src}/{f}: folder without a rank in common/README.md'); bad += 1; continue
        for inc in re.findall(r'#\s*include\s+"([^"]+)"', open(os.path.join(d, f)).read()):
            dst = os.path.dirname(inc)
            if dst == src or dst.startswith(src + '/'):
                continue
            if '/' not in inc or r(dst) is None:
                print(f'{src}/{f}: include "{inc}" is not a path under common/'); bad += 1; continue
            if src.split('/')[0] == 'engine' and dst != 'engine':
                print(f'{src}/{f}: the engine includes only engine/ ({inc})'); bad += 1; continue
            if r(dst) >= r(src):
                print(f'{src}/{f}: include "{inc}" runs upward'); bad += 1
sys.exit(1 if bad else 0)
PY
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "common/audit/: library code never prints or exits; cmd/llm-audit.c stays wiring" {
	local root="$BATS_TEST_DIRNAME/.."
	# Results go to the caller's stream (struct audit_cmd's out), messages
	# through its say callback; only cmd/ prints diagnostics and exits.
	run grep -nE '\b(printf|puts|putchar|perror|exit|_exit|die|error|warning)\s*\(|(^|[^"a-z_])(stdout|stderr)([^"a-z_]|$)|"core/usage\.h"' \
		"$root"/common/audit/*.c "$root"/common/audit/*.h
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$(wc -l <"$root/cmd/llm-audit.c")" -lt 400 ]
}
