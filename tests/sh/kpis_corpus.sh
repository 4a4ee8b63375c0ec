#!/bin/sh
# extract-kpis on the shared corpus: the hand-checked targets of every file.
# tests/extract-kpis/corpus/NAME.tsv holds the expected rows without the doc
# and section columns (`cut -f2,4-`), so a change in sectionize's paths does
# not hide or fake a change in the targets. The corpus text stays outside the
# repository; without ../shared/corpus the test is skipped.
. tests/lib.sh
corpus=${CORPUS:-../shared/corpus}
if [ ! -d "$corpus" ]; then
	echo "note: $corpus absent, corpus test skipped"
	finish; exit
fi
for want in tests/extract-kpis/corpus/*.tsv; do
	name=$(basename "$want" .tsv)
	in=$corpus/$name.txt
	[ -f "$in" ] || { not_ok "corpus $name: $in missing"; continue; }
	if [ -x "$BIN/sectionize" ]; then
		"$BIN/normalize" "$in" | "$BIN/sectionize" | "$BIN/extract-kpis" >"$T/out"
	else
		"$BIN/normalize" "$in" | "$BIN/extract-kpis" >"$T/out"
	fi
	cut -f2,4- "$T/out" >"$T/got"
	expect_file "corpus $name" "$want" "$T/got"
done
finish
