#!/bin/sh
# Output into a pipe (widened to 1 MiB and written 256 KiB at a time, sys.c)
# against output into a file (64 KiB at a time): the same bytes from every
# tool, through a pipeline of all stages too, on text of a few MiB so both
# sizes of flush and read happen many times, with a record that crosses
# each block boundary somewhere. A reader that stops early still ends the
# writer quietly.
. tests/lib.sh
TOOLS="normalize sectionize extract-amounts extract-kpis tabulate"

python3 -c '
import sys
w = sys.stdout.write
for i in range(40000):
    w("%d.第%d项收入%d.5万元,满意度指标≥95%%\n单位:万元\n项目\t金额\n基本支出\t%d\n"
      % (i % 9000 + 1, i, i * 7, i))
    if i % 997 == 0:
        w("二、长段落" + "预算执行情况说明" * (i % 50) + "。\n")' >"$T/text.txt"

"$BIN/normalize" "$T/text.txt" >"$T/records" 2>/dev/null
"$BIN/sectionize" "$T/records" >"$T/sections" 2>/dev/null
for tool in $TOOLS; do
	case $tool in
	normalize) in=$T/text.txt ;;
	sectionize) in=$T/records ;;
	*) in=$T/sections ;;
	esac
	"$BIN/$tool" "$in" >"$T/file.out" 2>/dev/null
	"$BIN/$tool" "$in" 2>/dev/null | cat >"$T/pipe.out"
	expect_file "$tool: a pipe gets what a file gets" "$T/file.out" "$T/pipe.out"
	{ "$BIN/$tool" "$in" 2>"$T/err"; echo $? >"$T/st"; } | head -c 100 >/dev/null
	expect "$tool: a reader that stops early: quiet" "|" \
		"$(sed 's/^0$//; s/^141$//' "$T/st")|$(cat "$T/err")"
done

"$BIN/extract-amounts" "$T/sections" >"$T/file.out" 2>/dev/null
"$BIN/normalize" "$T/text.txt" 2>/dev/null | "$BIN/sectionize" 2>/dev/null |
	"$BIN/extract-amounts" 2>/dev/null >"$T/pipe.out"
expect_file "normalize | sectionize | extract-amounts: as through files" \
	"$T/file.out" "$T/pipe.out"
finish
