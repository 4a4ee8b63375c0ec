#!/bin/sh
# mirror-scan.sh: the list of documents for mirror.mk, which runs it every time
# it starts.  Not meant to be run by hand.
#
#   mirror-scan.sh MIRROR ABS_MIRROR OUT EXT...
#
# Writes OUT/.sources.mk, only when its content changes (its time stamp is
# then the time the set of documents last changed, which the merged files
# depend on):
#   DOCS := the documents' paths under MIRROR, in byte order, each encoded
#   LINKED := those of DOCS that needed encoding
# make splits words on spaces and reads : # $ % = * ? [ as syntax, and the
# recipes must not hand quotes or globbing characters to the shell.  So a
# path holding any byte other than letters, digits, non-ASCII bytes and
# . _ - + , / is encoded: each such byte becomes @XX (hex; @ is encoded
# too, so two paths never share a code), and OUT/.src/CODE is made a
# symbolic link to ABS_MIRROR/PATH, through which make sees the file's time
# and the tools read it.  Links of documents that went away are removed.
# Paths holding a newline are skipped with a warning.
set -eu
[ $# -ge 4 ] || { echo "usage: mirror-scan.sh MIRROR ABS_MIRROR OUT EXT..." >&2; exit 2; }
mirror=$1 abs=$2 out=$3; shift 3
names=
for ext; do names="$names${names:+ -o} -name *.$ext"; done
newline='
'
mkdir -p "$out/.src"
# -name patterns are built unquoted on purpose: set -f keeps them from the shell.
set -f
skipped=$(find "$mirror" -type f \( $names \) -name "*$newline*" -printf x | wc -c)
[ "$skipped" = 0 ] || echo "mirror.mk: skipped $skipped file(s) with a newline in the name" >&2
find "$mirror" -type f \( $names \) ! -name "*$newline*" | LC_ALL=C sort |
LC_ALL=C awk -v prefix="$mirror/" -v abs="$abs/" -v docs="$out/.docs" -v links="$out/.links" '
BEGIN {
	safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-+,/"
	for (i = 1; i < 256; i++) {
		c = sprintf("%c", i)
		code[c] = (i >= 128 || index(safe, c)) ? c : sprintf("@%02X", i)
	}
	printf "" >docs; printf "" >links
}
{
	path = substr($0, length(prefix) + 1)
	encoded = ""
	for (i = 1; i <= length(path); i++) encoded = encoded code[substr(path, i, 1)]
	print encoded >docs
	if (encoded != path) printf "%s\t%s\n", encoded, abs path >links
}'
set +f
# One word a line, joined by make's line continuation: cheap for a million.
{
	printf '%s\n' 'DOCS := \'
	sed 's/$/ \\/' "$out/.docs"
	printf '\n%s\n' 'LINKED := \'
	cut -f1 "$out/.links" | sed 's/$/ \\/'
	echo
} >"$out/.sources.mk.new"

# Make the links that are missing or point elsewhere, drop the others.  One
# find and one sort a run, and a process only per link that changes: a
# nightly run over a large mirror must not fork once per odd name.
tab=$(printf '\t')
sed "s|^|$out/.src/|" "$out/.links" | LC_ALL=C sort >"$out/.links.wanted"
find "$out/.src" -type l -printf '%p\t%l\n' | LC_ALL=C sort >"$out/.links.present"
LC_ALL=C comm -23 "$out/.links.present" "$out/.links.wanted" | cut -f1 | tr '\n' '\0' |
	xargs -0 -r rm -f --
LC_ALL=C comm -13 "$out/.links.present" "$out/.links.wanted" |
while IFS=$tab read -r link target; do
	[ -d "${link%/*}" ] || mkdir -p -- "${link%/*}"
	ln -sfn -- "$target" "$link"
done
rm -f "$out/.docs" "$out/.links" "$out/.links.wanted" "$out/.links.present"

if cmp -s "$out/.sources.mk.new" "$out/.sources.mk"; then
	rm -f "$out/.sources.mk.new"
else
	mv "$out/.sources.mk.new" "$out/.sources.mk"
fi
