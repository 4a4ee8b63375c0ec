#!/bin/sh
# nfkc: `normalize --nfkc-only` against every line of Unicode's NormalizationTest.txt.
# For: the NFKC step alone (column 4 from column 1; the enclosed numbers stay
# unchanged). Not for: spacing, controls, joining — tests/normalize/ has those.
. tests/lib.sh
NT=${NORMALIZATION_TEST:-/usr/share/unicode/NormalizationTest.txt.bz2}

if [ ! -r "$NT" ] || ! command -v python3 >/dev/null; then
	echo "skipped: needs $NT and python3"
	finish; exit
fi
if [ ! -x "$BIN/normalize" ]; then
	not_ok "nfkc: no $BIN/normalize"
	finish; exit
fi

# One input line per test line: column 1. Lines with a code point that the
# utf8proc we link calls unassigned (category Cn) are left out and counted:
# its Unicode may be older than the test file's.
bzcat "$NT" | python3 -c '
import ctypes, ctypes.util, sys
lib = ctypes.CDLL(ctypes.util.find_library("utf8proc") or "libutf8proc.so")
lib.utf8proc_unicode_version.restype = ctypes.c_char_p
part, skipped = "", 0
with open(sys.argv[1], "w", encoding="utf-8") as inp, open(sys.argv[2], "w", encoding="utf-8") as want:
    for line in sys.stdin:
        if line.startswith("@Part"):
            part = line.split()[0][1:]
        if line.startswith(("#", "@")) or ";" not in line:
            continue
        cols = [[int(x, 16) for x in f.split()] for f in line.split(";")[:5]]
        if any(lib.utf8proc_category(c) == 0 for c in cols[0]):
            skipped += 1
            continue
        keep = any(0x2460 <= c <= 0x24FF or 0x3251 <= c <= 0x32BF or 0x2776 <= c <= 0x2793
                   for c in cols[0])
        expected = cols[0] if keep else cols[3]
        inp.write("".join(map(chr, cols[0])) + "\n")
        want.write("%s\t%s\n" % ("exceptions" if keep else part,
                                   "".join(map(chr, expected))))
print("utf8proc Unicode %s; %d test lines skipped (unassigned there)"
      % (lib.utf8proc_unicode_version().decode(), skipped))
' "$T/in" "$T/want" || { not_ok "nfkc: reading $NT"; finish; exit; }

"$BIN/normalize" --nfkc-only - <"$T/in" >"$T/out" 2>"$T/err" ||
	not_ok "nfkc: normalize exited $?: $(head -c 200 "$T/err")"

# Compares record by line number; prints `NAME<TAB>compared<TAB>failed<TAB>first failure`.
python3 -c '
import sys
def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i]); i += 1
    return "".join(out)
got = {}
with open(sys.argv[2], encoding="utf-8", newline="\n") as f:
    for rec in f:
        cols = rec.rstrip("\n").split("\t")
        if len(cols) == 4 and cols[1].isdigit():
            got[int(cols[1])] = unescape(cols[3])
stats = {}
with open(sys.argv[1], encoding="utf-8", newline="\n") as f:
    for number, line in enumerate(f, 1):
        name, expected = line.rstrip("\n").split("\t", 1)
        s = stats.setdefault(name, [0, 0, ""])
        s[0] += 1
        actual = got.get(number)
        if actual != expected:
            s[1] += 1
            if not s[2]:
                s[2] = "line %d: expected %s, got %s" % (number, ascii(expected), ascii(actual))
for name in ("Part0", "Part1", "Part2", "Part3", "exceptions"):
    s = stats.get(name, [0, 0, "no lines"])
    print("%s\t%d\t%d\t%s" % (name, s[0], s[1], s[2] if s[0] else "no lines"))
' "$T/want" "$T/out" >"$T/result"

total=0
while IFS="$(printf '\t')" read -r name compared failed first; do
	total=$((total + compared))
	if [ "$failed" = 0 ] && [ "$compared" -gt 0 ]; then
		ok "nfkc $name ($compared lines)"
	else
		not_ok "nfkc $name: $failed of $compared lines differ; $first"
	fi
done <"$T/result"
echo "$total lines compared"
finish
