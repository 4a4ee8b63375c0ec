#!/bin/sh
# make bench: throughput (MiB/s, median of RUNS runs) and peak RSS of every
# tool and of the pipeline, beside cat, iconv and uconv on the same input in
# the same run. Corpus from ../shared/bench/make-corpus.sh.
#   SIZE=64 RUNS=3 tools/bench.sh
set -eu
SIZE=${SIZE:-64}
RUNS=${RUNS:-3}
dir=${BENCH_DIR:-build/bench}
mkdir -p "$dir"
utf8=$dir/corpus.$SIZE.utf8.txt
gb=$dir/corpus.$SIZE.gb18030.txt
[ -s "$utf8" ] && [ -s "$gb" ] || ../shared/bench/make-corpus.sh "$SIZE" "$utf8" "$gb" >/dev/null
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package time)" >&2; exit 1; }

# measure NAME INPUT COMMAND...: prints name, MiB/s, peak RSS in MiB.
measure() {
	name=$1 input=$2; shift 2
	bytes=$(wc -c < "$input")
	times=
	rss=0
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %M' -o "$dir/time" sh -c "$*" < "$input" > /dev/null 2>"$dir/stderr" || true
		set -- "$@"
		read secs kib < "$dir/time"
		times="$times $secs"
		[ "$kib" -gt "$rss" ] && rss=$kib
		i=$((i + 1))
	done
	median=$(printf '%s\n' $times | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
	awk -v n="$name" -v b="$bytes" -v s="$median" -v r="$rss" 'BEGIN {
		if (s < 0.01) s = 0.01
		printf "%-44s %9.1f MiB/s %8.1f MiB RSS\n", n, b / 1048576 / s, r / 1024 }'
}

echo "input: $(wc -c < "$utf8") bytes UTF-8, $(wc -c < "$gb") bytes GB18030; median of $RUNS runs; $(nproc) cores, $(uname -m)"
measure "cat (UTF-8)" "$utf8" cat
measure "iconv -f GB18030 -t UTF-8" "$gb" iconv -f GB18030 -t UTF-8
command -v uconv >/dev/null && measure "uconv -x Any-NFKC (UTF-8)" "$utf8" uconv -x Any-NFKC
measure "normalize (UTF-8)" "$utf8" bin/normalize
measure "normalize (GB18030)" "$gb" bin/normalize
bin/normalize < "$utf8" > "$dir/records.tsv"
[ -x bin/sectionize ] && bin/sectionize < "$dir/records.tsv" > "$dir/sections.tsv"
for tool in sectionize extract-amounts extract-kpis tabulate; do
	[ -x bin/$tool ] || continue
	input=$dir/records.tsv
	[ $tool != sectionize ] && [ -s "$dir/sections.tsv" ] && input=$dir/sections.tsv
	measure "$tool (record stream)" "$input" bin/$tool
done
if [ -x bin/sectionize ] && [ -x bin/extract-amounts ]; then
	measure "normalize | sectionize | extract-amounts" "$utf8" \
		"bin/normalize | bin/sectionize | bin/extract-amounts"
fi
