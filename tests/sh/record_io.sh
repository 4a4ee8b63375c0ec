# The record stream's reader and writer on long fields: escapes on both
# sides of the writer's 64 KiB pieces and of the 8-byte words it scans,
# invalid UTF-8 far into a line, and many records in one read block.
. tests/lib.sh
S="$BIN/sectionize"

# A 300 KB text field made of Chinese text, ASCII and every escape, the
# escapes at every offset modulo 8 and across 65536-byte boundaries.
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
parts, n, k = [], 0, 0
escapes = ["\\\\", "\\t", "\\n", "\\r"]
while n < 300000:
    piece = "预算资金" + "x" * (k % 9) + escapes[k % 4]
    parts.append(piece); n += len(piece.encode()); k += 1
text = "".join(parts)
with open(t + "/long.tsv", "w", encoding="utf-8") as f:
    f.write("doc\\\\1\t7\t\t" + text + "\n")
    f.write("doc\\\\1\t8\t\t末行\n")
with open(t + "/long.text", "w", encoding="utf-8") as f:
    f.write(text + "\n末行\n")
PY
"$S" "$T/long.tsv" > "$T/out" 2> "$T/err"
cut -f4 "$T/out" > "$T/text"
expect_file "long escaped field written back unchanged" "$T/long.text" "$T/text"
expect "long escaped field: doc escaped again" 'doc\\1 doc\\1' "$(cut -f1 "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect "long escaped field: quiet" "" "$(cat "$T/err")"

# Invalid UTF-8 deep in a long field, and a CJK character cut by a TAB:
# each bad sequence becomes U+FFFD; the good records around flow.
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
good = "中文" * 40000
with open(t + "/bad.tsv", "wb") as f:
    f.write(("d\t1\t\t" + good).encode() + b"\xff" + "尾".encode() + b"\n")
    f.write(b"d\t2\t\t\xe4\xb8\\tx\n")
    f.write("d\t3\t\t好\n".encode())
with open(t + "/bad.want", "wb") as f:
    f.write(("d\t1\t\t" + good + "\ufffd尾\n").encode())
    f.write("d\t2\t\t\ufffd\ufffd\\tx\n".encode())
    f.write("d\t3\t\t好\n".encode())
PY
"$S" "$T/bad.tsv" > "$T/out" 2> "$T/err"
expect_file "invalid UTF-8 in a long field repaired" "$T/bad.want" "$T/out"
expect "invalid UTF-8: reported" "sectionize: $T/bad.tsv:1: invalid UTF-8 in a record; replaced by U+FFFD
sectionize: $T/bad.tsv:2: invalid UTF-8 in a record; replaced by U+FFFD" "$(cat "$T/err")"

# Thousands of short records: lines cut by the reader's 64 KiB blocks.
python3 -c '
for i in range(20000):
    print("d\t%d\t\t第%d行\\t甲\\\\乙" % (i + 1, i))' > "$T/many.tsv"
"$S" "$T/many.tsv" > "$T/out"
cut -f2,4 "$T/many.tsv" > "$T/want"
cut -f2,4 "$T/out" > "$T/got"
expect_file "many records through read blocks" "$T/want" "$T/got"
finish
