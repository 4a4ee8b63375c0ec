# tabulate: wide tables, many documents, stream input, options.
. tests/lib.sh
# A 10,000-column table: one header row, one data row, one cell out per column.
awk 'BEGIN { for (i = 1; i <= 10000; i++) printf "%s列%d", (i > 1 ? "\t" : ""), i; print "";
	     for (i = 1; i <= 10000; i++) printf "%s%d.00", (i > 1 ? "\t" : ""), i; print "" }' >"$T/wide.txt"
expect "10000 columns" 10000 "$("$BIN/tabulate" "$T/wide.txt" | wc -l | tr -d ' ')"
expect "10000 columns, last" "列10000	10000" "$("$BIN/tabulate" "$T/wide.txt" | tail -n 1 | cut -f6,7)"
# State never leaks between documents: the unit and the table count restart.
printf '单位:万元\n项目\t金额\n工资\t1.00\n' >"$T/a.txt"
printf '项目\t金额\n工资\t1.00\n' >"$T/b.txt"
"$BIN/tabulate" "$T/a.txt" "$T/b.txt" | cut -f3,7,8 >"$T/two"
expect "two docs" "$(printf '1\t10000.00\tCNY\n1\t1\t')" "$(cat "$T/two")"
# A record stream reads the same as the raw text it came from.
if [ -x "$BIN/normalize" ]; then
	"$BIN/normalize" "$T/a.txt" | "$BIN/tabulate" | cut -f2- >"$T/s1"
	"$BIN/tabulate" "$T/a.txt" | cut -f2- >"$T/s2"
	expect_file "stream = raw" "$T/s2" "$T/s1"
fi
expect "header" "doc	line	table	caption	row	column	value	unit	raw" \
	"$("$BIN/tabulate" -H /dev/null)"
"$BIN/tabulate" --help >"$T/help"; expect "help exit" 0 $?
"$BIN/tabulate" --version >/dev/null; expect "version exit" 0 $?
"$BIN/tabulate" -Z 2>/dev/null; expect "bad option exit" 2 $?
"$BIN/tabulate" "$T/missing" 2>/dev/null; expect "missing file exit" 1 $?
finish
