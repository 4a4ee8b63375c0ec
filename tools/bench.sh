#!/bin/sh
# make bench: how fast gongkai is and how much memory it holds, measured
# beside reference programs on the same text in the same run, and checked
# against the targets of issue #7.
#
# Three parts (PARTS selects them; all by default), then the memory target
# and a count of the targets met and missed:
#   throughput  every tool and the pipeline normalize | sectionize |
#               extract-amounts on a corpus of SIZE MiB (built by
#               ../shared/bench/make-corpus.sh, and its GB18030 copy), beside
#               cat, iconv -f GB18030 -t UTF-8 and uconv -x Any-NFKC; then the
#               targets, each a ratio with PASS or MISS.
#   linear      every tool and the pipeline on 1x, 4x and 16x the corpus
#               (SIZE/4, SIZE and 4*SIZE MiB): time must grow linearly.
#   hostile     the same on shapes built here: one line of LINE_MIB/16,
#               LINE_MIB/4 and LINE_MIB MiB; HEADINGS, 4x and 16x as many
#               headings; a table of COLUMNS, 4x and 16x as many columns.
#
# How it keeps the figures honest:
#   - Every time is a median over rounds, and a round runs every command of
#     a part once, so a burst of load from other jobs on the machine hits all
#     commands alike instead of one of them.  The load average is printed.
#   - tools/runstat.c (built here) spawns the pipeline itself and times it
#     with a monotonic clock: no shell, time or date process is counted (on
#     a small VM each costs 15-90 ms), only the stages' own start-up, which
#     is printed.  wait4() gives each process's peak RSS, so a pipeline
#     shows both its largest process and the sum of all.  Inputs are read
#     before timing (page cache); output goes to /dev/null.
#   - The targets are judged on wall clock, as issue #7 states them, and
#     again on CPU time (user+sys), which the load of other jobs disturbs
#     less; the linear-time tables use CPU time.
#   - Ratios compare the same text: the GB18030 corpus is the UTF-8 corpus
#     converted, and a later stage reads the stream that the earlier stages
#     made of that corpus.  MiB/s is of a command's own input; a later
#     stage's target is its MiB/s over normalize's, and its time on the
#     same text over normalize's is printed beside it, not judged.
#   - A command that exits non-zero or runs past TIMEOUT seconds is reported
#     as FAILED or TIMEOUT, never timed as if it had worked.
#
#   SIZE=64 RUNS=5 SCALE_RUNS=3 PARTS='throughput linear hostile' tools/bench.sh
# BIN (default bin) holds the tools; BENCH_DIR (default build/bench) the
# corpora, which are kept for the next run; the derived streams are removed.
set -eu
LC_ALL=C.UTF-8; export LC_ALL
SIZE=${SIZE:-64}
RUNS=${RUNS:-5}
SCALE_RUNS=${SCALE_RUNS:-3}
PARTS=${PARTS:-throughput linear hostile}
BIN=${BIN:-bin}
TIMEOUT=${TIMEOUT:-300}
LINE_MIB=${LINE_MIB:-100}
HEADINGS=${HEADINGS:-100000}
COLUMNS=${COLUMNS:-10000}
RSS_LIMIT_MIB=8
dir=${BENCH_DIR:-build/bench}
make_corpus=${MAKE_CORPUS:-../shared/bench/make-corpus.sh}
res=$dir/results
TOOLS='normalize sectionize extract-amounts extract-kpis tabulate'

die() { echo "bench: $*" >&2; exit 1; }
command -v uconv >/dev/null || die "needs uconv (Debian package icu-devtools)"
for tool in $TOOLS; do [ -x "$BIN/$tool" ] || die "no $BIN/$tool; run make first"; done
case $SIZE in *[!0-9]* | '') die "SIZE must be a number of MiB" ;; esac
[ "$SIZE" -ge 4 ] && [ $((SIZE % 4)) = 0 ] || die "SIZE must be a multiple of 4 (the linear part uses SIZE/4)"
mkdir -p "$dir"
if [ ! -x "$dir/runstat" ] || [ tools/runstat.c -nt "$dir/runstat" ]; then
	${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -o "$dir/runstat" tools/runstat.c || die "cannot build runstat"
fi
rm -rf "$res" "$dir/verdicts"
mkdir "$res"
: >"$dir/verdicts"

# --- measuring ---------------------------------------------------------------

# run_once KEY INPUT STAGE...: runs the stages as a pipeline reading INPUT,
# output thrown away, and appends "wall_ns cpu_s rss_max_kib rss_sum_kib
# status" to $res/KEY (see tools/runstat.c).
run_once() {
	key=$1; shift
	"$dir/runstat" "$TIMEOUT" "$@" >>"$res/$key" || die "runstat failed on $key"
}

# median KEY: "seconds cpu_seconds rss_max_kib rss_sum_kib status" over the
# runs of KEY: median wall and CPU time, largest RSS, worst status.
median() {
	middle=$(( ($(wc -l <"$res/$1") + 1) / 2 ))
	wall=$(cut -d' ' -f1 "$res/$1" | sort -n | sed -n "${middle}p")
	cpu=$(cut -d' ' -f2 "$res/$1" | sort -n | sed -n "${middle}p")
	awk -v wall="$wall" -v cpu="$cpu" '{ if ($3 > max) max = $3; if ($4 > sum) sum = $4; if ($5 != 0) st = $5 }
		END { printf "%.4f %.4f %d %d %d\n", wall / 1e9, cpu, max, sum, st + 0 }' "$res/$1"
}

# seconds KEY [cpu]: the median wall (or CPU) time, nothing if the command failed.
seconds() { median "$1" | awk -v f=$([ "${2:-}" = cpu ] && echo 2 || echo 1) '$5 == 0 { print $f }'; }

mib() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# The start-up cost of a process that does nothing, which every time
# includes once per stage; printed so that short times can be judged.
startup() {
	for i in 1 2 3 4 5; do run_once startup /dev/null true; done
	median startup | awk '{ printf "%.1f ms", $1 * 1000 }'
}

# --- inputs ------------------------------------------------------------------

# corpus MIB [gb]: path of a corpus of MIB MiB, made if missing (with its
# GB18030 copy when asked).
corpus() {
	utf8=$dir/corpus.$1.utf8.txt gb=$dir/corpus.$1.gb18030.txt
	if [ ! -s "$utf8" ] || { [ "${2:-}" = gb ] && [ ! -s "$gb" ]; }; then
		[ -x "$make_corpus" ] || die "no $make_corpus (the shared bench corpus maker)"
		target=-; [ "${2:-}" = gb ] && target=$gb
		"$make_corpus" "$1" "$utf8" "$target" >/dev/null || die "$make_corpus failed"
	fi
	echo "$utf8"
}

# streams RAW: makes RAW.records (normalize) and RAW.sections (sectionize),
# the inputs of the later stages, untimed.
streams() {
	"$BIN/normalize" "$1" >"$1.records" 2>/dev/null || die "normalize failed on $1"
	"$BIN/sectionize" "$1.records" >"$1.sections" 2>/dev/null || die "sectionize failed on $1"
}

# run_tools KEY RAW: every tool on its input made from RAW, then the pipeline.
run_tools() {
	run_once "$1.normalize" "$2" "$BIN/normalize"
	run_once "$1.sectionize" "$2.records" "$BIN/sectionize"
	for tool in extract-amounts extract-kpis tabulate; do
		run_once "$1.$tool" "$2.sections" "$BIN/$tool"
	done
	[ -z "${3:-}" ] || run_once "$1.pipeline" "$2" "$BIN/normalize" "$BIN/sectionize" "$BIN/extract-amounts"
}

# Hostile shapes, each at a SCALE of 1, 4 or 16.
make_line() { # one line of LINE_MIB * SCALE / 16 MiB of amounts
	LC_ALL=C awk -v bytes=$((LINE_MIB * 1048576 * $1 / 16)) 'BEGIN {
		s = "其中一般公共预算拨款1667.25万元，比上年增加12.5万元，"
		for (n = int(bytes / length(s)); n > 0; n--) printf "%s", s; print "" }'
}
make_headings() { # HEADINGS * SCALE numbered headings, each with a line of body
	awk -v n=$((HEADINGS * $1)) 'BEGIN {
		for (i = 0; i < n; i++) {
			if (i % 10000 == 0) printf "第%d部分 支出预算\n", i / 10000 + 1
			else printf "%d.项目%d\n本项支出%d.%02d万元。\n", i % 10000, i, i % 977, i % 100 } }'
}
make_columns() { # a table of COLUMNS * SCALE columns and 20 rows
	awk -v c=$((COLUMNS * $1)) 'BEGIN {
		print "表1 一般公共预算支出表"; print "单位:万元"
		printf "科目编码\t科目名称"; for (j = 1; j <= c; j++) printf "\t项目%d", j; print ""
		for (i = 1; i <= 20; i++) {
			printf "2101%03d\t医疗保障支出%d", i, i
			for (j = 1; j <= c; j++) printf "\t%d.%02d", i * j % 9973, j % 100
			print "" } }'
}

# --- reporting ---------------------------------------------------------------

# row LABEL INPUT_NAME INPUT KEY: one line of the throughput table.
row() {
	median "$4" | awk -v label="$1" -v what="$2" -v bytes="$(wc -c <"$3")" -v ref="$uconv_s" '
		{ mib = bytes / 1048576
		if ($5 == 124) { printf "%-42s %-9s %7.1f   TIMEOUT\n", label, what, mib; next }
		if ($5 != 0) { printf "%-42s %-9s %7.1f   FAILED (exit %d)\n", label, what, mib, $5; next }
		rss = sprintf("%.1f", $3 / 1024); if ($4 != $3) rss = rss sprintf(" (sum %.1f)", $4 / 1024)
		printf "%-42s %-9s %7.1f %8.3f %8.1f %8.2f %7.2fx  %s\n",
			label, what, mib, $1, mib / $1, $2, ref / $1, rss }'
}

# target NAME WALL_RATIO CPU_RATIO OP GOAL: PASS or MISS for each ratio.
target() {
	awk -v name="$1" -v wall="$2" -v cpu="$3" -v op="$4" -v goal="$5" '
		function verdict(r) { return r == "" ? "FAILED" : ((op == ">=") ? r >= goal : r <= goal) ? "PASS" : "MISS" }
		function show(r) { return r == "" ? "-" : sprintf("%.2fx", r) }
		BEGIN { printf "%-48s %-8s %8s %-6s %8s %-6s\n", name, op " " goal "x", show(wall), verdict(wall),
			show(cpu), verdict(cpu) }' | tee -a "$dir/verdicts"
}

# compare NAME A B OP GOAL: target NAME on A's time over B's, wall and CPU.
compare() {
	target "$1" "$(ratio "$(seconds "$2")" "$(seconds "$3")")" \
		"$(ratio "$(seconds "$2" cpu)" "$(seconds "$3" cpu)")" "$4" "$5"
}

# compare_rates NAME A A_INPUT B B_INPUT OP GOAL: target NAME on A's MiB/s
# of its own input over B's, wall and CPU.
compare_rates() {
	ba=$(wc -c <"$3") bb=$(wc -c <"$5")
	target "$1" "$(rate_ratio "$(seconds "$2")" "$ba" "$(seconds "$4")" "$bb")" \
		"$(rate_ratio "$(seconds "$2" cpu)" "$ba" "$(seconds "$4" cpu)" "$bb")" "$6" "$7"
}

rate_ratio() { # rate_ratio TIME_A BYTES_A TIME_B BYTES_B: (BYTES_A/TIME_A) / (BYTES_B/TIME_B)
	[ -n "$1" ] && [ -n "$3" ] &&
		awk -v ta="$1" -v ba="$2" -v tb="$3" -v bb="$4" 'BEGIN { printf "%.4f", (ba / ta) / (bb / tb) }' || true
}

ratio() { # ratio A B: A / B, empty when either is missing
	[ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }' || true
}

# growth LABEL KEY1 KEY4 KEY16 LONGEST_LINE: one line of a linear-time table.
growth() {
	label=$1 long=$5
	for key in "$2" "$3" "$4"; do median "$key"; done | awk -v label="$label" -v long="$long" '
		{ t[NR] = $2; if ($3 > rss) rss = $3; if ($5 != 0) st = $5 }
		END {
			if (st == 124) { printf "%-34s TIMEOUT\n", label; exit }
			if (st != 0) { printf "%-34s FAILED (exit %d)\n", label, st; exit }
			verdict = t[3] / t[2] <= 6 ? "linear" : "SUPERLINEAR"
			mem = sprintf("%7.1f MiB", rss / 1024)
			if (long) mem = mem sprintf(" (%.1fx the longest line)", rss * 1024 / long)
			printf "%-34s %8.3f %8.3f %8.3f %6.2f %6.2f  %-11s %s\n",
				label, t[1], t[2], t[3], t[2] / t[1], t[3] / t[2], verdict, mem }'
}

growth_header() {
	printf '%-34s %8s %8s %8s %6s %6s  %-11s %s\n' "$1" "1x CPU s" "4x" "16x" 4x/1x 16x/4x verdict "peak RSS"
}

# judge_rss: the memory target over every run of a tool (not cat, iconv,
# uconv or a pipeline) on an input whose lines are short.
judge_rss() {
	keys=$(ls "$res" | grep -E '\.(normalize|normalize-gb18030|sectionize|extract-amounts|extract-kpis|tabulate)$' |
		grep -v -e '^host\.line\.' -e '^host\.columns\.') || return 0
	max=$(cd "$res" && cat $keys | awk '{ if ($3 > m) m = $3 } END { print m + 0 }')
	echo
	echo "== Memory target"
	awk -v m="$max" -v lim=$RSS_LIMIT_MIB 'BEGIN {
		printf "%-52s %6.1f MiB %-8s %s\n", "largest peak RSS of a tool (corpus, headings)", m / 1024,
			"< " lim " MiB", m / 1024 < lim ? "PASS" : "MISS" }' | tee -a "$dir/verdicts"
	echo "   (the long-line and wide-table shapes are not judged against it: see their RSS beside the longest line)"
}

# --- the parts ---------------------------------------------------------------

part_throughput() {
	utf8=$(corpus "$SIZE" gb)
	gb=$dir/corpus.$SIZE.gb18030.txt
	streams "$utf8"
	cat "$utf8" "$gb" "$utf8.records" "$utf8.sections" >/dev/null
	echo
	echo "== Throughput: median of $RUNS interleaved rounds, wall clock"
	echo "   input: $(mib "$utf8") MiB of UTF-8 text; the same text is $(mib "$gb") MiB in GB18030,"
	echo "   $(mib "$utf8.records") MiB as records (normalize), $(mib "$utf8.sections") MiB as sections (sectionize)."
	echo "   x uconv: uconv's time over the command's time on the same text.  RSS: largest process."
	round=0
	while [ $round -le "$RUNS" ]; do
		# round 0 is a warm-up: its figures are dropped below.
		run_once tp.cat "$utf8" cat
		run_once tp.iconv "$gb" "iconv -f GB18030 -t UTF-8"
		run_once tp.uconv "$utf8" "uconv -f UTF-8 -t UTF-8 -x Any-NFKC"
		run_once tp.normalize-gb18030 "$gb" "$BIN/normalize"
		run_tools tp "$utf8" pipeline
		[ $round -gt 0 ] || for f in "$res"/tp.*; do : >"$f"; done
		round=$((round + 1))
	done
	uconv_s=$(seconds tp.uconv)
	[ -n "$uconv_s" ] || die "uconv failed on $utf8"
	printf '\n%-42s %-9s %7s %8s %8s %8s %8s  %s\n' command input MiB seconds MiB/s "CPU s" "x uconv" "peak RSS MiB"
	row cat UTF-8 "$utf8" tp.cat
	row "iconv -f GB18030 -t UTF-8" GB18030 "$gb" tp.iconv
	row "uconv -x Any-NFKC" UTF-8 "$utf8" tp.uconv
	row normalize UTF-8 "$utf8" tp.normalize
	row normalize GB18030 "$gb" tp.normalize-gb18030
	row sectionize records "$utf8.records" tp.sectionize
	for tool in extract-amounts extract-kpis tabulate; do
		row "$tool" sections "$utf8.sections" "tp.$tool"
	done
	row "normalize | sectionize | extract-amounts" UTF-8 "$utf8" tp.pipeline

	echo
	echo "== Targets: ratios in this run, by wall clock and by CPU time"
	echo "   (the issue's targets are wall clock; CPU time is what to trust when the load average is high)"
	echo "   A later stage is judged on throughput, MiB/s of its own input over normalize's, as the"
	echo "   table above gives it; its time on the same text follows, not judged (the streams grow:"
	echo "   records carry doc and line, sections repeat the heading path in every record)."
	printf '%-48s %-8s %8s %-6s %8s %-6s\n' "" target wall "" CPU ""
	compare "normalize vs uconv -x Any-NFKC, UTF-8 CJK text" tp.uconv tp.normalize ">=" 6
	compare "normalize GB18030 time / UTF-8 time" tp.normalize-gb18030 tp.normalize "<=" 1.5
	compare_rates "sectionize MiB/s vs normalize MiB/s" tp.sectionize "$utf8.records" tp.normalize "$utf8" ">=" 2
	for tool in extract-amounts extract-kpis tabulate; do
		compare_rates "$tool MiB/s vs normalize MiB/s" "tp.$tool" "$utf8.sections" tp.normalize "$utf8" ">=" 2
	done
	compare "pipeline vs uconv -x Any-NFKC" tp.uconv tp.pipeline ">=" 3
	echo
	echo "   not judged: normalize's time over the later stage's, on the same text"
	for tool in sectionize extract-amounts extract-kpis tabulate; do
		printf '   %-45s %8s %8s\n' "$tool" \
			"$(ratio "$(seconds tp.normalize)" "$(seconds "tp.$tool")" | awk '{ printf "%.2fx", $1 }')" \
			"$(ratio "$(seconds tp.normalize cpu)" "$(seconds "tp.$tool" cpu)" | awk '{ printf "%.2fx", $1 }')"
	done
	rm -f "$utf8.records" "$utf8.sections"
}

part_linear() {
	one=$((SIZE / 4)) sixteen=$((SIZE * 4))
	for size in $one "$SIZE" $sixteen; do streams "$(corpus $size)"; done
	echo
	echo "== Linear time: the corpus at $one, $SIZE and $sixteen MiB (1x, 4x, 16x); median of $SCALE_RUNS rounds"
	echo "   CPU seconds (user+sys: the load of other jobs disturbs them less than the wall clock);"
	echo "   linear when 16x/4x <= 6 (4 is ideal; 1x carries the start-up time)"
	round=0
	while [ $round -lt "$SCALE_RUNS" ]; do
		for size in $one "$SIZE" $sixteen; do run_tools "lin.$size" "$dir/corpus.$size.utf8.txt" pipeline; done
		round=$((round + 1))
	done
	growth_header tool
	for tool in $TOOLS pipeline; do
		growth "$tool" "lin.$one.$tool" "lin.$SIZE.$tool" "lin.$sixteen.$tool" ""
	done | tee -a "$dir/verdicts"
	for size in $one "$SIZE" $sixteen; do rm -f "$dir/corpus.$size.utf8.txt".*; done
}

# hostile_shape NAME DESCRIPTION: builds the shape at 1x, 4x and 16x, runs
# every tool on each SCALE_RUNS times, prints the growth table.
hostile_shape() {
	for scale in 1 4 16; do
		"make_$1" $scale >"$dir/$1.$scale.txt"
		streams "$dir/$1.$scale.txt"
	done
	echo
	echo "-- $2"
	round=0
	while [ $round -lt "$SCALE_RUNS" ]; do
		for scale in 1 4 16; do run_tools "host.$1.$scale" "$dir/$1.$scale.txt"; done
		round=$((round + 1))
	done
	long=
	case $1 in line | columns)
		long=$(LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m + 1 }' "$dir/$1.16.txt") ;;
	esac
	growth_header tool
	for tool in $TOOLS; do
		growth "$tool" "host.$1.1.$tool" "host.$1.4.$tool" "host.$1.16.$tool" "$long"
	done | tee -a "$dir/verdicts"
	rm -f "$dir/$1".*.txt*
}

part_hostile() {
	echo
	echo "== Hostile shapes at 1x, 4x, 16x; median of $SCALE_RUNS rounds, CPU seconds as above"
	echo "   memory may grow with the longest line here: the RSS is shown beside it"
	hostile_shape line "one line of $(awk -v m="$LINE_MIB" 'BEGIN { print m / 16 ", " m / 4 }') and $LINE_MIB MiB"
	hostile_shape headings "$HEADINGS, $((HEADINGS * 4)) and $((HEADINGS * 16)) headings, each with a line of body"
	hostile_shape columns "a table of 20 rows and $COLUMNS, $((COLUMNS * 4)) and $((COLUMNS * 16)) columns"
}

# --- main --------------------------------------------------------------------

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "gongkai bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(nproc) cores," \
	"$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
echo "build: ${CC:-cc} ${BENCH_CFLAGS:--O2 -g} ($("${CC:-cc}" --version 2>/dev/null | head -1)); tools in $BIN"
echo "load average at start: $(load)"
echo "start-up of a process that does nothing, included in every time: $(startup)"
for part in $PARTS; do "part_$part"; done
judge_rss
echo
missed=$(grep -c -e MISS -e SUPERLINEAR -e TIMEOUT -e FAILED "$dir/verdicts" || true)
echo "verdicts: $(( $(wc -l <"$dir/verdicts") - missed )) met, $missed missed"
echo "load average at end: $(load)"
