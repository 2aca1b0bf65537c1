#!/bin/sh
# update.sh [--check] [POT]: extracts the translatable strings of src/ into POT (default
# po/mapo.pot) and lists the msgids that have no Malay translation in po/ms.po (untranslated or
# fuzzy; fuzzy entries are not used at run time). po/ms.po is only read, never rewritten: new
# entries are appended to it by hand.
#
# Exits 0 when every msgid has a translation, 1 when some have none, 2 when a tool fails or a
# translation's printf directives do not match its msgid (msgfmt --check on the merged catalog).
# --check prints only the problems (for tests/cli/i18n_coverage.sh).
#
# The keywords are those of src/util/i18n.h and src/cli/cli.h:
#   _(s), N_(s)                 a msgid (N_ only marks it; it is translated where it is used)
#   NH_(s)                      N_ for a literal that initialises a char array (help texts)
#   Q_(s, p, n)                 singular and plural
#   mapo_tr(lang, s)            a msgid in a given language
#   mapo_ntr(lang, s, p, n)     singular and plural in a given language
set -eu

quiet=0
if [ "${1-}" = "--check" ]; then
	quiet=1
	shift
fi
top=$(cd "$(dirname "$0")/.." && pwd)
pot=${1:-$top/po/mapo.pot}
po=$top/po/ms.po

for tool in xgettext msgmerge msgattrib msgfmt; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "update.sh: $tool not found (install the gettext package)" >&2
		exit 2
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every C source under src/, tracked or not yet, in a stable order; paths relative to the top so
# that the references in the template do not depend on where the tree is.
(cd "$top" && find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort) >"$tmp/files"

(cd "$top" && xgettext --language=C --from-code=UTF-8 \
	--keyword=_ --keyword=N_ --keyword=NH_ --keyword=Q_:1,2 \
	--keyword=mapo_tr:2 --keyword=mapo_ntr:2,3 \
	--add-comments=TRANSLATORS: --sort-by-file \
	--package-name=mapo --msgid-bugs-address= \
	-o "$tmp/mapo.pot" -f "$tmp/files") 2>"$tmp/xgettext" || { cat "$tmp/xgettext" >&2; exit 2; }
# Its only other output is the warning that there is no address for reports on msgids.
grep -v -e 'msgid-bugs-address' -e 'Makevars' -e 'MSGID_BUGS_ADDRESS' -e 'command line option' \
	"$tmp/xgettext" >&2 || :
cp "$tmp/mapo.pot" "$pot"

# Merge into a copy: the order of po/ms.po stays as its authors wrote it.
msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$tmp/merged.po" "$po" "$tmp/mapo.pot"
if ! msgfmt --check -o /dev/null "$tmp/merged.po" 2>"$tmp/fmt"; then
	echo "update.sh: po/ms.po does not match the sources' msgids:" >&2
	cat "$tmp/fmt" >&2
	exit 2
fi
msgattrib --untranslated --no-obsolete --no-wrap -o "$tmp/untranslated.po" "$tmp/merged.po"
msgattrib --only-fuzzy --no-obsolete --no-wrap -o "$tmp/fuzzy.po" "$tmp/merged.po"

count() { if [ -f "$1" ]; then grep -c '^msgid ' "$1" | awk '{ print ($1 > 0 ? $1 - 1 : 0) }'; else echo 0; fi; }
total=$(count "$tmp/mapo.pot")
untranslated=$(count "$tmp/untranslated.po")
fuzzy=$(count "$tmp/fuzzy.po")

if [ "$untranslated" -gt 0 ]; then
	echo "msgids with no Malay translation in po/ms.po:"
	# The entries without the header, ready to be translated and appended to po/ms.po.
	awk 'NR == 1, /^$/ { next } { print }' "$tmp/untranslated.po"
fi
if [ "$fuzzy" -gt 0 ]; then
	echo "fuzzy entries in po/ms.po (not used until the fuzzy flag is removed):"
	awk 'NR == 1, /^$/ { next } { print }' "$tmp/fuzzy.po"
fi
if [ "$quiet" = 0 ] || [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
	echo "$total msgids in the sources, $untranslated untranslated, $fuzzy fuzzy (template: $pot)"
fi
[ "$untranslated" -eq 0 ] && [ "$fuzzy" -eq 0 ]
