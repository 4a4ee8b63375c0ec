#!/bin/sh
# make demo: the pipeline on the bundled sample, a GB18030 HTML page that
# declares gb2312, with full-width digits, `1,286.40 万元` and a budget table.
set -e
cd "$(dirname "$0")/.."
sample=examples/budget-2024.gb18030.html
show() { printf '\n$ %s\n' "$*"; sh -c "$*"; }
echo "gongkai demo on $sample"
show "bin/normalize $sample"
[ -x bin/sectionize ] && show "bin/normalize $sample | bin/sectionize -o"
[ -x bin/extract-amounts ] && show "bin/normalize $sample | bin/sectionize | bin/extract-amounts -H"
[ -x bin/extract-kpis ] && show "bin/normalize $sample | bin/sectionize | bin/extract-kpis -H"
[ -x bin/tabulate ] && show "bin/normalize $sample | bin/tabulate -H"
exit 0
