#!/bin/sh
# The scale-out recipes of the README, run on a small mirror: GNU parallel
# over files, contrib/mirror.mk (make -j, incremental) and contrib/gongkai-map
# (the Hadoop Streaming / Spark pipe() mapper).  Each must print what one
# serial run over the same files prints.
. tests/lib.sh
repo=$(pwd)
EXT='htm html shtml txt'

# A private copy of the tools, dated two hours back: a rebuild of $BIN
# while this runs must not make mirror.mk re-run everything.
mkdir "$T/bin"
for tool in normalize sectionize extract-amounts extract-kpis tabulate; do
	cp "$BIN/$tool" "$T/bin/" || { not_ok "copy $BIN/$tool"; finish; exit; }
done
touch -d '2 hours ago' "$T"/bin/*
PATH=$T/bin:$PATH; export PATH
cd "$T" || exit 1

# The mirror: the fixtures, and generated pages whose names make and the
# shell find hard (space, quote, $, #, %, :, @, non-ASCII).
mkdir -p mirror/www.czj.example/2023 mirror/www.czj.example/2024/预算 mirror/ybj.example
cp "$repo"/tests/fixtures/html/budget-utf8.html "$repo"/tests/fixtures/html/budget-gb2312.html mirror/www.czj.example/2023/
cp "$repo"/tests/fixtures/pdf/zhichu.layout.txt "$repo"/tests/fixtures/pdf/sangong.plain.txt mirror/ybj.example/
cp "$repo"/tests/fixtures/pdf/shouzhi.html mirror/ybj.example/shouzhi.htm
cp "$repo"/tests/fixtures/decode/budget.gb18030 mirror/ybj.example/budget-gbk.txt
cp "$repo"/examples/budget-2024.gb18030.html "mirror/www.czj.example/2024/预算/部门预算 2024.html"
budget() { # budget N: a small budget text whose figures depend on N
	printf '第一部分 部门概况\n一、收支预算总体情况\n'
	printf '2024年收入预算总计%d.%02d万元,比上年增加%d.5万元。\n' $((1000 + $1 * 37)) $(($1 % 100)) $(($1 % 9 + 1))
	printf '其中:一般公共预算拨款%d万元。\n二、“三公”经费预算\n公务接待费%d.00元,较上年减少%d元。\n' \
		$((800 + $1)) $((35000 + $1 * 10)) $(($1 * 100 + 50))
	printf '三、绩效目标\n参保人数≥%d.87万人;政策知晓率≥95%%。\n' $((300 + $1))
}
budget 1 >"mirror/ybj.example/it's \$5 #1 100%.txt"
budget 2 >mirror/ybj.example/a:b@c.shtml
budget 3 >"mirror/www.czj.example/2024/预算/附件 (2).txt"
echo 'not a document' >mirror/ybj.example/notes.pdf
find mirror -type f \( -name '*.htm' -o -name '*.html' -o -name '*.shtml' -o -name '*.txt' \) -print0 |
	LC_ALL=C sort -z >paths0
ndocs=$(tr -cd '\0' <paths0 | wc -c | tr -d ' ')
expect "mirror documents" 10 "$ndocs"

# The serial run every recipe is held to.
xargs -0 normalize <paths0 | sectionize >serial.sections
extract-amounts serial.sections >serial.amounts
extract-kpis serial.sections >serial.kpis
tabulate serial.sections >serial.cells
expect "serial run: every document has records" "$ndocs" "$(cut -f1 serial.sections | uniq | wc -l | tr -d ' ')"
expect "serial run: amounts of the odd names" 3 \
	"$(grep -c -e "^mirror/ybj.example/it's \\\$5 #1 100%.txt	.*	35010.00	" -e '^mirror/ybj.example/a:b@c.shtml	.*	35020.00	' \
		-e '^mirror/www.czj.example/2024/预算/附件 (2).txt	.*	35030.00	' serial.amounts)"
[ -s serial.cells ] && ok "serial run: cells" || not_ok "serial run: cells"
[ -s serial.kpis ] && ok "serial run: kpis" || not_ok "serial run: kpis"

# 1. GNU parallel, one job per file: the same rows, in another order.
if command -v parallel >/dev/null; then
	find mirror -type f \( -name '*.htm' -o -name '*.html' -o -name '*.shtml' -o -name '*.txt' \) -print0 |
		parallel -0 -j4 'normalize {} | sectionize | extract-amounts' | LC_ALL=C sort >parallel.amounts
	LC_ALL=C sort serial.amounts >serial.sorted
	expect_file "parallel == serial after sort" serial.sorted parallel.amounts
	parallel -0 -k -j4 'normalize {} | sectionize | extract-amounts' <paths0 >parallel.amounts
	expect_file "parallel -k == serial" serial.amounts parallel.amounts
else
	ok "# skip parallel: GNU parallel is not installed"
fi

# 2. contrib/mirror.mk.  Sources and tools are older than anything it
# writes, so a file newer than $T/stamp was written by the run after it.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 -f "$repo/contrib/mirror.mk" MIRROR=mirror OUT=out EXT="$EXT" GONGKAI_BIN="$T/bin" "$@"; }
xargs -0 touch -d '1 hour ago' <paths0
mk >make.out 2>&1
status=$?
expect "mirror.mk builds, quietly" "0:" "$status:$(cat make.out)"
for kind in amounts kpis cells; do
	expect_file "mirror.mk: merged $kind == serial" "serial.$kind" "out/$kind.tsv"
done
expect "mirror.mk: one sections file per document" "$ndocs" "$(find out -name '*.sections.tsv' | wc -l | tr -d ' ')"
expect "mirror.mk: the odd names are links" 4 "$(find out/.src -type l | wc -l | tr -d ' ')"
mk -q
expect "mirror.mk: make -q says up to date" 0 $?

find out -type f -exec touch -d '10 minutes ago' {} +
touch -d '5 minutes ago' stamp
mk >make.out 2>&1
expect "mirror.mk: nothing changed, nothing re-run" "" "$(find out -type f -newer stamp)"

touch "mirror/www.czj.example/2024/预算/附件 (2).txt"
mk >make.out 2>&1
find out -type f -newer stamp | LC_ALL=C sort >rerun
cat >rerun.expected <<'EOF'
out/amounts.tsv
out/cells.tsv
out/kpis.tsv
out/www.czj.example/2024/预算/附件@20@282@29.txt.amounts.tsv
out/www.czj.example/2024/预算/附件@20@282@29.txt.cells.tsv
out/www.czj.example/2024/预算/附件@20@282@29.txt.kpis.tsv
out/www.czj.example/2024/预算/附件@20@282@29.txt.sections.tsv
EOF
expect_file "mirror.mk: one document touched, one re-run" rerun.expected rerun
expect_file "mirror.mk: merged still == serial" serial.amounts out/amounts.tsv

# 3. contrib/gongkai-map: a list of paths in, rows out, as a Hadoop or Spark
# task runs it; the job is split across tasks, each with part of the list.
tr '\0' '\n' <paths0 >paths
map=$repo/contrib/gongkai-map
"$map" <paths >map.amounts
expect "gongkai-map: exit status" 0 $?
expect_file "gongkai-map == serial" serial.amounts map.amounts
split -l 4 paths part.
for part in part.*; do "$map" cells <"$part"; done >map.cells
expect_file "gongkai-map cells, in three tasks == serial" serial.cells map.cells
awk '{ printf "%d\t%s\r\n", (NR - 1) * 97, $0 }' paths | GONGKAI_CAT=cat "$map" kpis >map.kpis
expect_file "gongkai-map, NLineInputFormat keys, fetched with GONGKAI_CAT" serial.kpis map.kpis
env -i GONGKAI_BIN="$T/bin" /bin/sh "$map" sections <paths >map.sections
expect_file "gongkai-map, empty environment (Spark pipe env=)" serial.sections map.sections
{ head -n 2 paths; echo mirror/gone.html; tail -n +3 paths; } | "$map" 2>map.err >map.amounts
expect "gongkai-map: a missing document is an error" 1 $?
expect_file "gongkai-map: the others still come out" serial.amounts map.amounts
{ head -n 2 paths; echo mirror/gone.html; tail -n +3 paths; } | GONGKAI_CAT=cat "$map" 2>map.err >map.amounts
expect "gongkai-map, fetched: a missing document is an error" "1 gongkai-map: cannot fetch mirror/gone.html" \
	"$? $(grep gongkai-map map.err)"
expect_file "gongkai-map, fetched: the others still come out" serial.amounts map.amounts
"$map" amount </dev/null 2>/dev/null
expect "gongkai-map: bad argument" 2 $?

# mirror.mk again: a document that goes away leaves the merged files; a new one joins.
rm "mirror/ybj.example/it's \$5 #1 100%.txt"
budget 4 >mirror/ybj.example/new.txt
find mirror -type f \( -name '*.htm' -o -name '*.html' -o -name '*.shtml' -o -name '*.txt' \) -print0 |
	LC_ALL=C sort -z | xargs -0 normalize | sectionize | extract-amounts >serial2.amounts
mk >make.out 2>&1
expect_file "mirror.mk: documents gone and come" serial2.amounts out/amounts.tsv
expect "mirror.mk: the gone document's link is removed" 3 "$(find out/.src -type l | wc -l | tr -d ' ')"

finish
