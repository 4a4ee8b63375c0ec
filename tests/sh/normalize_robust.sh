# normalize on hostile input and hostile outputs: full disk, closed pipe,
# a 100 MB line, a binary file, and the corpus in other encodings.
. tests/lib.sh
N="$BIN/normalize"

# A full disk is an error with a message, never a silent loss.
printf '合计100万元\n' > "$T/small.txt"
"$N" "$T/small.txt" > /dev/full 2> "$T/err"; st=$?
expect "full disk: exit 1" 1 "$st"
expect "full disk: message" "normalize: write error: No space left on device" "$(cat "$T/err")"

# A reader that closes the pipe early ends us quietly.
python3 -c 'import sys; sys.stdout.write("".join("第%d行预算100万元。\n" % i for i in range(200000)))' > "$T/many.txt"
"$N" "$T/many.txt" 2> "$T/err" | head -n 1 > "$T/out"
expect "closed pipe: first record" "$(printf '%s\t1\t\t第0行预算100万元。' "$T/many.txt")" "$(cat "$T/out")"
expect "closed pipe: quiet" "" "$(cat "$T/err")"

# A 100 MB single line: whole in the output, memory a small multiple of it.
python3 -c '
import sys
chunk = "预算资金合计100万元,其中基本支出50万元 " * 1000
out = sys.stdout.buffer
n = 0
while n < 100 * 1024 * 1024:
    b = chunk.encode()
    out.write(b); n += len(b)
out.write(b"\n")' > "$T/long.txt"
python3 - "$N" "$T/long.txt" > "$T/rss" <<'PY'
import resource, subprocess, sys
with open("/dev/null", "wb") as null:
    p = subprocess.run([sys.argv[1], sys.argv[2]], stdout=subprocess.PIPE, stderr=null)
line = p.stdout.split(b"\n")
print(p.returncode, len(line), len(p.stdout) // (1024 * 1024),
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
read st lines mib rss < "$T/rss"
expect "100 MB line: exit 0" 0 "$st"
expect "100 MB line: one record" 2 "$lines"
[ "$mib" -ge 95 ] && ok "100 MB line: text kept ($mib MiB)" || not_ok "100 MB line: text kept ($mib MiB)"
case $BIN in
*asan*) ok "100 MB line: memory (not measured under ASan)" ;;
*) [ "$rss" -lt 600 ] && ok "100 MB line: peak RSS $rss MiB" || not_ok "100 MB line: peak RSS $rss MiB (want < 600)" ;;
esac
rm -f "$T/long.txt"

# A binary file: no crash, every undecodable byte accounted for on stderr.
python3 -c '
import sys, random
r = random.Random(7)
sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(200000)))' > "$T/binary.bin"
"$N" "$T/binary.bin" > "$T/out" 2> "$T/err"; st=$?
expect "binary: exit 0" 0 "$st"
grep -q 'replaced by U+FFFD' "$T/err" && ok "binary: replacements reported" || not_ok "binary: replacements reported"
"$N" --strict "$T/binary.bin" > /dev/null 2>&1
expect "binary: --strict exit 1" 1 "$?"

# The corpus: no CJK character lost, and the same text from other encodings.
corpus=../shared/corpus
if [ -d "$corpus" ]; then
	for f in "$corpus"/*.txt; do
		name=$(basename "$f" .txt)
		"$N" "$f" > "$T/utf8.tsv" 2>/dev/null
		python3 tests/sh/cjk_kept.py "$f" "$T/utf8.tsv" > "$T/kept" 2>&1 &&
			ok "corpus $name: every CJK character kept, in order" ||
			{ not_ok "corpus $name: CJK kept"; head -5 "$T/kept"; }
		python3 -c '
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
open(sys.argv[2], "wb").write(t.encode("gb18030"))
open(sys.argv[3], "wb").write(b"\xff\xfe" + t.encode("utf-16-le"))
open(sys.argv[4], "wb").write(b"\xfe\xff" + t.encode("utf-16-be"))
' "$f" "$T/gb.txt" "$T/le.txt" "$T/be.txt"
		for enc in gb le be; do
			"$N" "$T/$enc.txt" 2>/dev/null | cut -f2- > "$T/$enc.tsv"
			cut -f2- "$T/utf8.tsv" > "$T/want.tsv"
			expect_file "corpus $name as $enc: same records" "$T/want.tsv" "$T/$enc.tsv"
		done
		# Each line wrapped as a paragraph of a GBK page that says so.
		"$N" --no-join "$f" 2>/dev/null | cut -f2- > "$T/want.tsv"
		python3 tests/sh/wrap_html.py "$f" "$T/page.html"
		"$N" "$T/page.html" 2>/dev/null | cut -f2- > "$T/html.tsv"
		expect_file "corpus $name as GBK HTML: same records" "$T/want.tsv" "$T/html.tsv"
	done
else
	echo "note: ../shared/corpus absent, corpus checks skipped"
fi
finish
