# Sourced by tests/sh/*.sh: counters, assertions and the closing summary line.
# Run from the repository root; $BIN holds the tools under test.
BIN=${BIN:-bin}
pass=0; fail=0
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
ok() { pass=$((pass + 1)); echo "ok $1"; }
not_ok() { fail=$((fail + 1)); echo "FAIL $1"; }
# expect NAME EXPECTED ACTUAL: exact string comparison
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; printf '  expected: %s\n  actual:   %s\n' "$2" "$3"; fi
}
# expect_file NAME EXPECTED_FILE ACTUAL_FILE
expect_file() {
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1"; diff "$2" "$3" | head -20 | sed 's/^/  /'; fi
}
finish() { echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; }
