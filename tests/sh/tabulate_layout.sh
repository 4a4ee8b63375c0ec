# normalize's column blocks (src/lib/layout.c) on hand-made pdftotext -layout
# text: exact records, then what tabulate makes of them. The Chromium-made
# fixtures are in tabulate_fixtures.sh.
. tests/lib.sh
# records as `line<TAB>text`, cells shown as | for readability
cells() { "$BIN/normalize" "$@" | cut -f2,4 | sed 's/\\t/|/g'; }

# pdftotext's grid: one column per character, CJK or not. A two-line header
# whose 基本支出 spans three columns, an empty cell inside a row, a name
# wrapped onto the next line, right-aligned amounts with ragged left edges.
cat >"$T/zhichu.txt" <<'IN'
                   附表3
           一般公共预算支出表
                                          单位：万元
科目编码      科目名称       合计              基本支出               项目支出
                              小计     人员经费      公用经费
          合计      354.95   274.95   240.75    34.20    80.00
20805     行政事业单   212.75   212.75   212.75
          位养老支出
2130101   行政运行     62.20    62.20             62.20
2130122   农业发展     80.00                               80.00
注：本表无政府性基金。
IN
cells "$T/zhichu.txt" >"$T/out"
cat >"$T/want" <<'OUT'
1	附表3
2	一般公共预算支出表
3	单位:万元
4	科目编码|科目名称|合计|基本支出|||项目支出
5	|||小计|人员经费|公用经费
6	|合计|354.95|274.95|240.75|34.20|80.00
7	20805|行政事业单位养老支出|212.75|212.75|212.75
9	2130101|行政运行|62.20|62.20||62.20
10	2130122|农业发展|80.00||||80.00
11	注:本表无政府性基金。
OUT
expect_file "spans, empty cells and a wrapped name" "$T/want" "$T/out"
"$BIN/tabulate" "$T/zhichu.txt" | cut -f2,5-7 >"$T/out"
cat >"$T/want" <<'OUT'
6	合计	合计	3549500.00
6	合计	基本支出 > 小计	2749500.00
6	合计	基本支出 > 人员经费	2407500.00
6	合计	基本支出 > 公用经费	342000.00
6	合计	项目支出	800000.00
7	20805 行政事业单位养老支出	合计	2127500.00
7	20805 行政事业单位养老支出	基本支出 > 小计	2127500.00
7	20805 行政事业单位养老支出	基本支出 > 人员经费	2127500.00
9	2130101 行政运行	合计	622000.00
9	2130101 行政运行	基本支出 > 小计	622000.00
9	2130101 行政运行	基本支出 > 公用经费	622000.00
10	2130122 农业发展	合计	800000.00
10	2130122 农业发展	项目支出	800000.00
OUT
expect_file "tabulate: every amount under its own column" "$T/want" "$T/out"

# Text aligned on a terminal counts a CJK character as two columns: the
# measure that lines the rows up wins. Side-by-side 收入|支出, a letter-spaced
# header, a row with only its right half.
cat >"$T/wide.txt" <<'IN'
       收        入                       支        出
项目                  金额     项目                  金额
一、财政拨款收入    1,286.40   一、一般公共服务支出     3.00
二、事业收入           12.00   二、卫生健康支出      1,295.40
                               三、住房保障支出         0.00
IN
cells "$T/wide.txt" >"$T/out"
cat >"$T/want" <<'OUT'
1	收入||支出
2	项目|金额|项目|金额
3	一、财政拨款收入|1,286.40|一、一般公共服务支出|3.00
4	二、事业收入|12.00|二、卫生健康支出|1,295.40
5	||三、住房保障支出|0.00
OUT
expect_file "display-width text, side by side" "$T/want" "$T/out"

# A narrow column: one space parts two amounts, or a label from its
# amount, never a number from its unit nor two words.
cat >"$T/narrow.txt" <<'IN'
年度    合计          因公出国          接待费
2023 210,000.00          -     60,000.00
增减额  -24,000.00          -    -14,000.00
其他      100 万元   Item name          5.00
IN
cells "$T/narrow.txt" >"$T/out"
cat >"$T/want" <<'OUT'
1	年度|合计|因公出国|接待费
2	2023|210,000.00|-|60,000.00
3	增减额|-24,000.00|-|-14,000.00
4	其他|100万元|Item name|5.00
OUT
expect_file "narrow gutters" "$T/want" "$T/out"

# Outside blocks nothing changes: a lone line with a gap, TAB-separated
# text, prose, a table cut by a page break (each page has its own columns).
printf '说明   见附件\n名称\t金额\n一、总体情况。\n项目     金额\n收入    10.00\n\f项目        金额\n支出          10.00\n' >"$T/plain.txt"
cells "$T/plain.txt" >"$T/out"
cat >"$T/want" <<'OUT'
1	说明|见附件
2	名称|金额
3	一、总体情况。
4	项目|金额
5	收入|10.00
6	项目|金额
7	支出|10.00
OUT
expect_file "lines outside tables, page breaks" "$T/want" "$T/out"
expect "--no-gaps: no column blocks" 1 "$("$BIN/normalize" --no-gaps "$T/plain.txt" | cut -f4 | grep -c '\\t')"

# A table longer than a block (4096 lines) is cut into blocks, each cut
# by its own columns: every row keeps its cells.
awk 'BEGIN { print "项目          金额      备注"; for (i = 1; i <= 9000; i++) printf "项目%05d  %8d.00     -\n", i, i }' >"$T/long.txt"
"$BIN/normalize" "$T/long.txt" | cut -f4 >"$T/out"
expect "long table: one record per line" 9001 "$(wc -l <"$T/out" | tr -d ' ')"
expect "long table: every row has its cells" 9000 "$(grep -c '^项目[0-9]*\\t[0-9]*\.00\\t-$' "$T/out")"
finish
