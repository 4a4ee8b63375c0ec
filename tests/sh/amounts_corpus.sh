#!/bin/sh
# extract-amounts on the shared corpus: every amount of every file, checked by
# hand against the gold annotations. tests/extract-amounts/corpus/NAME.tsv holds
# the rows without doc and section (`cut -f2,4-`); without the corpus, skip.
. tests/lib.sh
corpus=${CORPUS:-../shared/corpus}
if [ ! -d "$corpus" ]; then
	echo "note: $corpus absent, corpus test skipped"
	finish; exit
fi
for want in tests/extract-amounts/corpus/*.tsv; do
	name=$(basename "$want" .tsv)
	in=$corpus/$name.txt
	[ -f "$in" ] || { not_ok "corpus $name: $in missing"; continue; }
	# Raw text in: the tool normalizes it itself, as `extract-amounts report.txt`.
	"$BIN/extract-amounts" "$in" >"$T/out"
	cut -f2,4- "$T/out" >"$T/got"
	expect_file "corpus $name" "$want" "$T/got"
done
finish
