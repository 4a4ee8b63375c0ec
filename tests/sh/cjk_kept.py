#!/usr/bin/env python3
"""cjk_kept.py SOURCE RECORDS: every CJK ideograph of SOURCE is in the text
column of RECORDS, in the same order (normalize may drop spaces and junk,
never text). Exit 1 and show where the sequences part otherwise."""
import sys, unicodedata

def cjk(s):
    return [c for c in s if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"]

src = unicodedata.normalize("NFKC", open(sys.argv[1], "rb").read().decode("utf-8", "replace"))
out = []
for rec in open(sys.argv[2], encoding="utf-8"):
    out.append(rec.rstrip("\n").split("\t", 3)[3])
want, got = cjk(src), cjk("\n".join(out))
if want != got:
    i = next((k for k in range(min(len(want), len(got))) if want[k] != got[k]), min(len(want), len(got)))
    print("differs at CJK character %d: want %s, got %s" % (i, "".join(want[i:i+20]), "".join(got[i:i+20])))
    sys.exit(1)
