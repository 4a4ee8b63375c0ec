# tabulate over corpus document 003 (TAB tables, spans, side-by-side tables,
# an indicator form): the hand-checked output in tests/tabulate/corpus/003.tsv.
. tests/lib.sh
doc=../shared/corpus/003_69a066a523558f88.txt
if [ ! -f "$doc" ]; then
	echo "note: $doc absent, corpus test skipped"
	finish; exit
fi
"$BIN/tabulate" "$doc" >"$T/003.tsv"
expect_file "corpus 003 cells" tests/tabulate/corpus/003.tsv "$T/003.tsv"
"$BIN/tabulate" --check "$doc" >/dev/null 2>"$T/check"
expect "corpus 003 --check finds the source's rounding gaps" 5 "$(wc -l <"$T/check" | tr -d ' ')"
finish
