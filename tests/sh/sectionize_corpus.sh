#!/bin/sh
# The outline of every corpus document (../shared/corpus, not in the repo)
# against the hand-checked outline in tests/sectionize/corpus/NAME.outline
# (`line level text`: our annotations, not the corpus text).
. tests/lib.sh
corpus=${CORPUS:-../shared/corpus}
found=0
for want in tests/sectionize/corpus/*.outline; do
	name=$(basename "$want" .outline)
	file=$corpus/$name.txt
	if [ ! -f "$file" ]; then
		echo "skip $name: $file absent"
		continue
	fi
	found=1
	"$BIN/normalize" "$file" | "$BIN/sectionize" -o | cut -f2- >"$T/$name"
	expect_file "outline $name" "$want" "$T/$name"
	# Raw text straight into sectionize gives the same outline.
	"$BIN/sectionize" -o "$file" | cut -f2- >"$T/$name.raw"
	expect_file "outline $name (raw input)" "$want" "$T/$name.raw"
done
[ $found = 1 ] || echo "note: corpus absent, nothing compared"
finish
