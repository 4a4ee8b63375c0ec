#!/bin/sh
# extract-kpis as a command: options, exit statuses, header, stdin, raw text,
# escaping, closed pipes and documents that must not share state.
. tests/lib.sh
K=$BIN/extract-kpis
tab=$(printf '\t')

"$K" --help >"$T/help" 2>&1; expect "help exits 0" 0 $?
grep -q '^Usage: extract-kpis' "$T/help" && ok "help shows usage" || not_ok "help shows usage"
"$K" --version >/dev/null 2>&1; expect "version exits 0" 0 $?
"$K" --bogus </dev/null >/dev/null 2>"$T/err"; expect "unknown option exits 2" 2 $?
grep -q 'Usage: extract-kpis' "$T/err" && ok "unknown option prints usage" || not_ok "unknown option prints usage"
"$K" /nonexistent/file >/dev/null 2>"$T/err"; expect "missing file exits 1" 1 $?

expect "header" "doc${tab}line${tab}section${tab}category${tab}indicator${tab}op${tab}value${tab}unit${tab}raw" \
	"$(printf '' | "$K" -H)"
expect "stdin is -" "-${tab}1${tab}${tab}${tab}政策知晓率${tab}>=${tab}95${tab}%${tab}≥95%" \
	"$(printf '政策知晓率≥95%%\n' | "$K")"
expect "stdin as -" "-${tab}1${tab}${tab}${tab}政策知晓率${tab}>=${tab}95${tab}%${tab}≥95%" \
	"$(printf '政策知晓率≥95%%\n' | "$K" -)"
expect "header line of a stream is skipped" "d${tab}7${tab}S${tab}${tab}参保人数${tab}>=${tab}3738700${tab}人${tab}≥373.87万人" \
	"$(printf 'doc\tline\tsection\ttext\nd\t7\tS\t参保人数≥373.87万人\n' | "$K")"
expect "--raw reads a stream as text" "" \
	"$(printf 'd\t7\tS\t无目标\n' | "$K" --raw)"
expect "backslash escaped" "-${tab}1${tab}${tab}${tab}a\\\\b指标${tab}text${tab}好${tab}${tab}=好" \
	"$(printf 'a\\b指标=好\n' | "$K")"
expect "statement without a target context" "" \
	"$(printf '持续扩大参保覆盖面,参保率稳定在95%%以上。\n' | "$K")"
expect "one target for symbol and word" 1 \
	"$(printf '满意度指标≥95%%以上\n' | "$K" | wc -l | tr -d ' ')"

# Overflow: the number is kept as written, with a warning; --strict fails.
big='成本指标≤123456789012345678901234567890123456789012万元'
printf '%s\n' "$big" | "$K" >"$T/out" 2>"$T/err"; expect "overflow exits 0" 0 $?
grep -q 'too large' "$T/err" && ok "overflow warned" || not_ok "overflow warned"
printf '%s\n' "$big" | "$K" --strict >/dev/null 2>&1; expect "overflow with --strict exits 1" 1 $?
# The doc name of a record is not NUL-terminated: the warning must stop at
# its end (it once ran on into the reader's buffer).
printf 'doc\tline\tsection\ttext\nreport.txt\t12\tS\t%s\n' "$big" | "$K" >/dev/null 2>"$T/err"
expect "overflow warning names doc and line" \
	"extract-kpis: report.txt:12: number too large, kept as written: ≤123456789012345678901234567890123456789012万元" \
	"$(cat "$T/err")"

# A reader that closes the pipe early ends the tool quietly.
yes '政策知晓率≥95%;满意度≥90%。' | head -n 200000 >"$T/many"
"$K" "$T/many" 2>"$T/err" | head -n 1 >/dev/null
expect "closed pipe is quiet" "" "$(cat "$T/err")"

# Many documents: the indicator table of one does not reach the next.
printf 'a\t1\t\t一级指标\\t二级指标\\t三级指标\\t指标值\na\t2\t\t产出指标\\t数量指标\\t救助人数\\t≥500人\n' >"$T/docs"
printf 'b\t1\t\t合计\\t执行率 95%%\n' >>"$T/docs"
expect "table state per document" "a" "$("$K" "$T/docs" | cut -f1 | sort -u | tr '\n' ' ' | sed 's/ $//')"

# A long line with no target is fast and produces nothing.
awk 'BEGIN { s = "本单位严格执行预算管理规定,提高资金使用效益"; for (i = 0; i < 16; i++) s = s s; print s }' >"$T/long"
expect "long line without targets" "" "$("$K" "$T/long")"
finish
