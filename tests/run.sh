#!/bin/sh
# The test runner: data cases, unit tests and script tests, one summary line.
#
#   tests/<tool>/NAME.in     input, given to bin/<tool> as a file argument
#   tests/<tool>/NAME.args   options (shell words; `{}` stands for the input
#                            path, which is otherwise appended last)
#   tests/<tool>/NAME.out    expected standard output, exactly
#   tests/<tool>/NAME.err    expected standard error, exactly (optional)
#   tests/<tool>/NAME.status expected exit status (optional, default 0)
#   $B/unit/*                unit-test programs; last line `N passed, N failed`
#   tests/sh/*.sh            script tests; last line `N passed, N failed`
#
# Runs from the repository root. BIN (default bin) holds the tools under test.
LC_ALL=C.UTF-8; export LC_ALL
BIN=${BIN:-bin}; B=${B:-build}; export BIN B
pass=0; fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

for dir in tests/*/; do
	tool=$(basename "$dir")
	case $tool in unit|sh|fuzz|fixtures) continue ;; esac
	[ -x "$BIN/$tool" ] || continue
	for in in "$dir"*.in; do
		[ -e "$in" ] || continue
		base=${in%.in}
		args=
		[ -f "$base.args" ] && args=$(cat "$base.args")
		case $args in
		*'{}'*) cmd="\"\$BIN/$tool\" $(printf '%s' "$args" | sed "s|{}|$in|g")" ;;
		*) cmd="\"\$BIN/$tool\" $args $in" ;;
		esac
		eval "$cmd" >"$tmp/out" 2>"$tmp/err"
		status=$?
		want=0
		[ -f "$base.status" ] && want=$(cat "$base.status")
		why=
		[ "$status" = "$want" ] || why="exit $status, expected $want"
		if [ -z "$why" ] && ! cmp -s "$tmp/out" "$base.out"; then
			why="stdout differs:"; diff "$base.out" "$tmp/out" | head -20 >"$tmp/diff"
		fi
		if [ -z "$why" ] && [ -f "$base.err" ] && ! cmp -s "$tmp/err" "$base.err"; then
			why="stderr differs:"; diff "$base.err" "$tmp/err" | head -20 >"$tmp/diff"
		fi
		if [ -z "$why" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $base: $why"
			case $why in *differs*) sed 's/^/    /' "$tmp/diff" ;; esac
		fi
	done
done

count() { # $1: name; reads the program's output, adds its summary line
	out=$1
	last=$(tail -n 1 "$out")
	p=$(printf '%s' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
	f=$(printf '%s' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
	if [ -z "$p" ]; then
		fail=$((fail + 1)); echo "FAIL $2: no summary line"; sed 's/^/    /' "$out" | tail -20
		return
	fi
	pass=$((pass + p)); fail=$((fail + f))
	[ "$f" = 0 ] || [ "$3" = 0 ] || grep -v '^ok' "$out" | sed 's/^/    /' | head -40
}

for t in "$B"/unit/*; do
	[ -x "$t" ] || continue
	"$t" >"$tmp/unit" 2>&1
	st=$?
	count "$tmp/unit" "$t"
	[ $st = 0 ] || grep -q ' [1-9][0-9]* failed' "$tmp/unit" || { fail=$((fail + 1)); echo "FAIL $t: exit $st"; }
done

for t in tests/sh/*.sh; do
	[ -f "$t" ] || continue
	sh "$t" >"$tmp/sh" 2>&1
	st=$?
	count "$tmp/sh" "$t"
	[ $st = 0 ] || grep -q ' [1-9][0-9]* failed' "$tmp/sh" || { fail=$((fail + 1)); echo "FAIL $t: exit $st"; }
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
