# tabulate over tables printed to PDF by Chromium and read back with
# pdftotext -layout and plain pdftotext; the HTML sources are the reference.
# wrap.html is zhichu.html with a narrow name column: names wrap over two
# and three lines, the amounts on the middle one.
# To remake a fixture after editing its HTML:
#   chromium --headless --no-sandbox --no-pdf-header-footer --print-to-pdf=x.pdf NAME.html
#   pdftotext -layout x.pdf NAME.layout.txt; pdftotext x.pdf NAME.plain.txt
. tests/lib.sh
dir=tests/fixtures/pdf
for name in shouzhi zhichu wrap sangong; do
	for form in html layout plain; do
		in=$dir/$name.$form.txt
		[ "$form" = html ] && in=$dir/$name.html
		"$BIN/tabulate" "$in" | cut -f2- >"$T/out"
		cut -f2- "$dir/$name.$form.tsv" >"$T/want"
		expect_file "$name $form" "$T/want" "$T/out"
	done
	# The layout text gives the HTML's cells: same table, caption, row,
	# column, value, unit and raw text; only the line numbers differ.
	"$BIN/tabulate" "$dir/$name.html" | cut -f3- >"$T/html"
	"$BIN/tabulate" "$dir/$name.layout.txt" | cut -f3- >"$T/layout"
	expect_file "$name layout = html" "$T/html" "$T/layout"
	# Plain pdftotext prints one cell per line: no table is left to find.
	expect "$name plain has no table" 0 "$(wc -l <"$dir/$name.plain.tsv" | tr -d ' ')"
done
expect "html cells are there" 88 "$(cat $dir/*.html.tsv | wc -l | tr -d ' ')"
finish
