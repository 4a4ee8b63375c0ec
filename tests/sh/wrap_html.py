#!/usr/bin/env python3
"""wrap_html.py TEXT PAGE: write TEXT (UTF-8) as a GB18030 HTML page that
declares charset=gbk, one source line per text line: a paragraph per line,
a table row per TAB-separated line, runs of spaces kept as &nbsp;. normalize
must read the page into the same records as the text (without joining)."""
import html, re, sys

def cell(s):
    return re.sub(r"  +", lambda m: "&nbsp;" * len(m.group()), html.escape(s, quote=False))

def element(line):
    if not line.strip():
        return ""
    if "\t" in line:
        return "<table><tr>%s</tr></table>" % "".join("<td>%s</td>" % cell(c) for c in line.split("\t"))
    return "<p>%s</p>" % cell(line)

text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
lines = text.split("\n")
page = ["<html><head><meta charset=gbk></head><body>" + element(lines[0])]
page += [element(l) for l in lines[1:]]
open(sys.argv[2], "wb").write("\n".join(page).encode("gb18030"))
