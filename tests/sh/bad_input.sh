#!/bin/sh
# Every tool against bad input and bad outputs (issue #8): broken encodings,
# NUL bytes, binary files, empty input, missing final newline, CR line ends,
# a 100 MB line, malformed record streams, 10,000-column tables, 100,000
# headings, a full disk, a closed pipe, a file size limit. For each: no
# crash, no hang, a message naming file and line, the good records around
# the bad one still out, the exit status the SPEC gives.
#
# Under ASan ($BIN contains "asan") the long line is 8 MB instead of 100 MB.
. tests/lib.sh
TOOLS="normalize sectionize extract-amounts extract-kpis tabulate"
READERS="sectionize extract-amounts extract-kpis tabulate"
case $BIN in *asan*) LONG_MB=8 ;; *) LONG_MB=100 ;; esac

# run TOOL ARGS...: stdout to $T/out, stderr to $T/err, status in $st.
run() {
	tool=$1; shift
	"$BIN/$tool" "$@" >"$T/out" 2>"$T/err"; st=$?
}
# A status above 2 is a signal or a sanitizer report; any stderr line not
# in our TOOL: form is one too.
sane() { # NAME
	if [ "$st" -le 2 ] && ! grep -qv "^$tool: " "$T/err"; then ok "$1"; else
		not_ok "$1 (exit $st)"; head -5 "$T/err" | sed 's/^/  /'; fi
}
has() { # NAME FILE TEXT: FILE contains the line fragment TEXT
	if [ -n "$3" ] && grep -qF -- "$3" "$2"; then ok "$1"; else
		not_ok "$1"; printf '  no "%s" in:\n' "$3"; head -5 "$2" | sed 's/^/  /'; fi
}

# One raw text that every tool has something to say about: a heading, an
# amount, a performance target and a table under a unit.
printf '%s\n' '一、部门收入情况' '收入合计100万元。' '满意度指标≥95%' \
	'单位:万元' '项目	金额' '基本支出	20' '项目支出	30' '二、其他说明' '支出合计50万元。' >"$T/good.txt"
for tool in $TOOLS; do "$BIN/$tool" <"$T/good.txt" >"$T/good.$tool" 2>/dev/null; done

# --- empty input, missing final newline, CRLF, lone CR -------------------
: >"$T/empty"
for tool in $TOOLS; do
	run "$tool" "$T/empty"
	expect "$tool: empty input: exit 0, no output, quiet" "0||" "$st|$(cat "$T/out")|$(cat "$T/err")"
	printf '%s' "$(cat "$T/good.txt")" >"$T/nofinal"
	"$BIN/$tool" <"$T/nofinal" >"$T/out" 2>&1
	expect_file "$tool: no final newline: same output" "$T/good.$tool" "$T/out"
	sed 's/$/\r/' "$T/good.txt" | "$BIN/$tool" >"$T/out" 2>&1
	expect_file "$tool: CRLF: same output" "$T/good.$tool" "$T/out"
	tr '\n' '\r' <"$T/good.txt" | "$BIN/$tool" >"$T/out" 2>&1
	expect_file "$tool: lone CR: same output" "$T/good.$tool" "$T/out"
done

# --- broken encodings and control bytes ---------------------------------
# The good text with a bad spot on line 2 (and a cut character at the end),
# then enough good prose that one bad byte is rare. Every tool's last record
# must come out as it does from the clean text.
awk 'BEGIN { for (i = 0; i < 30; i++) print "本单位严格执行预算管理制度。" }' >"$T/prose"
cat "$T/good.txt" "$T/prose" >"$T/clean"
bad_line2() { # SED-REPLACEMENT OUTPUT: the clean text with line 2 replaced
	sed "2s/.*/$1/" "$T/clean" >"$2"
}
bad_line2 "$(printf '收入\377合计100万元。')" "$T/utf8"
cp "$T/clean" "$T/truncated"; printf '\345\220' >>"$T/truncated"
bad_line2 "$(printf '收入\001合计100万元。')" "$T/nul"
python3 - "$T/nul" <<'PY'
import sys
p = sys.argv[1]
t = open(p, "rb").read()
open(p, "wb").write(t.replace(b"\x01", b"\x00", 1))
PY
python3 - "$T/clean" <<'PY' >"$T/gb18030"
import sys
t = open(sys.argv[1], "rb").read().decode().encode("gb18030")
# A lead byte with an impossible trail byte on line 2, a lead byte cut at the end.
t = t.replace("收入合计".encode("gb18030"), "收入".encode("gb18030") + b"\x81\x20", 1)
sys.stdout.buffer.write(t + b"\x81")
PY
for tool in $TOOLS; do
	"$BIN/$tool" <"$T/clean" 2>/dev/null | tail -n 1 | cut -f2- >"$T/last"
	for f in utf8 truncated nul gb18030; do
		run "$tool" "$T/$f"
		sane "$tool: $f: no crash"
		expect "$tool: $f: exit 0" 0 "$st"
		has "$tool: $f: reported with the file" "$T/err" "$tool: $T/$f:"
		has "$tool: $f: the good records after it are out" "$T/out" "$(cat "$T/last")"
		run "$tool" --strict "$T/$f"
		expect "$tool: $f: --strict is exit 1" 1 "$st"
	done
done

# A binary file (random bytes): no crash, no hang, the damage reported.
python3 -c '
import random, sys
r = random.Random(8)
sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(300000)))' >"$T/binary.html"
for tool in $TOOLS; do
	run "$tool" "$T/binary.html"
	sane "$tool: binary file: no crash"
	has "$tool: binary file: reported" "$T/err" "$tool: $T/binary.html:"
	run "$tool" --strict "$T/binary.html"
	expect "$tool: binary file: --strict is exit 1" 1 "$st"
done

# --- a malformed record stream ------------------------------------------
# Good records around each bad one; the bad ones are named by file:line.
printf 'a\t1\t\t收入合计100万元。\na\t2\t\n' >"$T/stream"
printf 'a\tx\t\t收入合计1万元。\na\t4\t\t多\t余\t字段\n' >>"$T/stream"
printf 'a\t5\t\t结余3万元\\\ndoc\tline\tsection\ttext\na\t7\t\t支出合计50万元。' >>"$T/stream"
for tool in $READERS; do
	run "$tool" "$T/stream"
	sane "$tool: bad records: no crash"
	expect "$tool: bad records: exit 0" 0 "$st"
	expect "$tool: bad records: named by file and line" \
"$tool: $T/stream:2: not a record: 3 fields instead of 4; skipped
$tool: $T/stream:3: not a record: the line number is not a number; skipped
$tool: $T/stream:4: not a record: 6 fields instead of 4; skipped
$tool: $T/stream:5: a backslash that escapes nothing; kept as written" "$(cat "$T/err")"
	run "$tool" --strict "$T/stream"
	expect "$tool: bad records: --strict is exit 1" 1 "$st"
done
run sectionize "$T/stream"
expect "sectionize: the good records around the bad ones" \
"a	1		收入合计100万元。
a	5		结余3万元\\\\
a	7		支出合计50万元。" "$(cat "$T/out")"
run extract-amounts "$T/stream"
expect "extract-amounts: amounts before and after the bad records" \
"a	1	收入合计	1000000.00
a	5	结余	30000.00
a	7	支出合计	500000.00" "$(cut -f1,2,4,5 "$T/out")"

# --- size: 10,000 columns, 100,000 headings, a 100 MB line ----------------
python3 -c '
import sys
w = sys.stdout.write
w("单位:万元\n")
w("\t".join("项目%d" % i for i in range(10000)) + "\n")
for r in range(3):
    w("\t".join(["行%d" % r] + [str(i) for i in range(1, 10000)]) + "\n")' >"$T/wide"
run tabulate "$T/wide"
sane "tabulate: 10,000 columns: no crash"
expect "tabulate: 10,000 columns: every cell" 29997 "$(wc -l <"$T/out" | tr -d ' ')"
expect "tabulate: 10,000 columns: last cell" "行2	项目9999	99990000.00	CNY" \
	"$(tail -n 1 "$T/out" | cut -f5-8)"
run extract-amounts "$T/wide"
expect "extract-amounts: 10,000 columns: every amount" 29997 "$(wc -l <"$T/out" | tr -d ' ')"
for tool in normalize sectionize extract-kpis; do
	run "$tool" "$T/wide"
	sane "$tool: 10,000 columns: no crash"
done

awk 'BEGIN { for (p = 1; p <= 10; p++) { printf "第%d部分 标题\n", p;
	for (i = 1; i <= 9999; i++) printf "%d.标题%d万元\n", i, i } }' >"$T/headings"
for tool in $TOOLS; do
	run "$tool" "$T/headings"
	sane "$tool: 100,000 headings: no crash"
done
run extract-amounts "$T/headings"
expect "extract-amounts: 100,000 headings: every amount" 99990 "$(wc -l <"$T/out" | tr -d ' ')"

python3 -c '
import sys
mb = int(sys.argv[1])
chunk = ("说明文字没有金额" * 500).encode()
out = sys.stdout.buffer
out.write("收入合计1万元。\n".encode())
n = 0
while n < mb * 1024 * 1024:
    out.write(chunk); n += len(chunk)
out.write("合计2万元。\n满意度指标≥95%\n单位:万元\n项目\t金额\n基本支出\t20\n".encode())' "$LONG_MB" >"$T/long.txt"
"$BIN/normalize" "$T/long.txt" >"$T/long.tsv" 2>/dev/null
for tool in $TOOLS; do
	input=$T/long.tsv
	[ "$tool" = normalize ] && input=$T/long.txt
	python3 - "$BIN/$tool" "$input" >"$T/rss" <<'PY'
import resource, subprocess, sys
with open("/dev/null", "wb") as null:
    p = subprocess.run([sys.argv[1], sys.argv[2]], stdout=subprocess.PIPE, stderr=null)
tail = p.stdout.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("utf-8", "replace") + "\t-\t"
print(p.returncode, len(p.stdout) // (1024 * 1024),
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, tail.split("\t")[1])
PY
	read st mib rss line <"$T/rss"
	want=6
	[ "$tool" = extract-kpis ] && want=3
	expect "$tool: $LONG_MB MB line: exit 0, the lines after it out" "0 $want" "$st $line"
	case $BIN in
	*asan*) ok "$tool: $LONG_MB MB line: memory (not measured under ASan)" ;;
	*) [ "$rss" -lt 800 ] && ok "$tool: $LONG_MB MB line: peak RSS $rss MiB" ||
		not_ok "$tool: $LONG_MB MB line: peak RSS $rss MiB (want < 800)" ;;
	esac
done
rm -f "$T/long.txt" "$T/long.tsv"

# --- output integrity ---------------------------------------------------
# Enough output for every tool to flush many times.
python3 -c '
import sys
w = sys.stdout.write
for i in range(30000):
    w("%d.第%d项收入100万元,满意度指标≥95%%\n单位:万元\n项目\t金额\n基本支出\t%d\n" % (i % 9000 + 1, i, i))' >"$T/many.txt"
for tool in $TOOLS; do
	"$BIN/$tool" "$T/many.txt" >/dev/full 2>"$T/err"; st=$?
	expect "$tool: full disk: exit 1 with a message" \
		"1 $tool: write error: No space left on device" "$st $(cat "$T/err")"
	{ "$BIN/$tool" "$T/many.txt" 2>"$T/err"; echo $? >"$T/st"; } | head -n 1 >/dev/null
	# Quiet: exit 0 on EPIPE, or the default SIGPIPE death (141) as for cat.
	expect "$tool: closed pipe: quiet" "|" "$(sed 's/^0$//; s/^141$//' "$T/st")|$(cat "$T/err")"
	# A file size limit cuts the output mid-block: what is there must be
	# whole records. (SIGXFSZ ignored, so the write fails with EFBIG.)
	sh -c 'trap "" XFSZ; ulimit -f 200; exec "$@"' sh "$BIN/$tool" "$T/many.txt" \
		>"$T/cut.out" 2>"$T/err"; st=$?
	expect "$tool: file size limit: exit 1" 1 "$st"
	last=$(tail -c 1 "$T/cut.out" | od -An -c | tr -d ' ')
	expect "$tool: file size limit: no half record" '\n' "$last"
done
finish
