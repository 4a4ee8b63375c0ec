#!/bin/sh
# sectionize on hostile input: many headings, deep and repeated markers,
# long lines, many documents. Checks that it completes with the right
# number of lines; no timing assertions (see `make bench`).
. tests/lib.sh
S=$BIN/sectionize
N=100000

# 100,000 numbered headings in a row (10 parts of 9,999, the largest
# number a marker has): all open, one outline line each.
awk 'BEGIN { for (p = 1; p <= 10; p++) { printf "第%d部分 标题\n", p;
	for (i = 1; i <= 9999; i++) printf "%d.标题\n", i } }' >"$T/many"
expect "100000 headings" $N "$("$S" -o "$T/many" | wc -l | tr -d ' ')"
expect "100000 headings, stream" $N "$("$S" "$T/many" | wc -l | tr -d ' ')"

# 100,000 nested styles in a row, cycling: the stack stays bounded.
awk -v n=$N 'BEGIN { split("一、 (一) 1. (1) ①", m, " ");
	for (i = 1; i <= n; i++) printf "%s标题\n", m[(i - 1) % 5 + 1] }' >"$T/nested"
"$S" -o "$T/nested" >"$T/nested.out"
expect "nested markers complete" 0 $?
expect "nested markers: levels bounded" "" "$(awk -F'\t' '$3 > 16' "$T/nested.out")"
expect "nested markers: every record out" $N "$("$S" "$T/nested" | wc -l | tr -d ' ')"

# One line of 100,000 markers, and lines that are only a marker.
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++) printf "一、"; print "" }' >"$T/oneline"
expect "a line of markers is no heading" 0 "$("$S" -o "$T/oneline" | wc -l | tr -d ' ')"
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++) print "一、" }' >"$T/bare"
expect "bare markers are no headings" 0 "$("$S" -o "$T/bare" | wc -l | tr -d ' ')"

# 100,000 contents lines, then the body.
awk -v n=$N 'BEGIN { print "目录"; for (i = 1; i <= n; i++) printf "第%d部分 部分%d标题....%d\n", i, i, i;
	print "第1部分 部分1标题"; print "正文。" }' >"$T/toc"
expect "long contents" "1" "$("$S" -o "$T/toc" | wc -l | tr -d ' ')"

# 10,000 documents in one stream: state resets at each.
awk 'BEGIN { for (d = 1; d <= 10000; d++) { printf "d%d\t1\t\t二、续\n", d; printf "d%d\t2\t\t一、始\n", d } }' >"$T/docs"
expect "many documents" 10000 "$("$S" -o "$T/docs" | wc -l | tr -d ' ')"

# A closed pipe is a quiet success.
"$S" "$T/many" 2>"$T/err" | head -1 >/dev/null
expect "head closes the pipe quietly" "" "$(cat "$T/err")"
finish
