#!/bin/sh
# Malay is complete: every msgid in src/ has a translation in po/ms.po (po/update.sh --check:
# xgettext, msgmerge and msgattrib from the gettext package, installed by scripts/install-deps.sh),
# the translations keep their msgids' printf directives, and what mapo prints in Malay is Malay:
# each command's help and the overview differ from the English ones and the catalog is found.
. ./lib.sh

top=$(cd ../.. && pwd)
for tool in xgettext msgmerge msgattrib msgfmt; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found: install gettext (scripts/install-deps.sh)"
done
[ "$fails" -eq 0 ] || finish

sh "$top/po/update.sh" --check "$T/mapo.pot" >"$T/coverage" 2>&1
status=$?
[ "$status" -eq 0 ] || fail "po/update.sh --check: exit status $status (1: msgids without Malay, 2: a tool or a printf directive failed); append the translations to po/ms.po:
$(cat "$T/coverage")"
grep -q '^msgid "usage: %s\\n"' "$T/mapo.pot" || fail "the template lacks a msgid the sources have: $T/mapo.pot"

# Every command's help, as `mapo help NAME` prints it, in both languages.
run 0 --lang en --help
cmds=$(printf '%s\n' "$out" | sed -n '/^Commands:/,$ s/^  \([a-z][a-z]*\) .*/\1/p')
[ -n "$cmds" ] || fail "--help lists no commands: $out"
for cmd in $cmds; do
	run 0 --lang en help "$cmd"
	en=$out
	run 0 --lang ms help "$cmd"
	[ "$out" != "$en" ] || fail "mapo help $cmd prints the same text in Malay as in English: $en"
	expect_contains "$out" "penggunaan: mapo" "mapo --lang ms help $cmd"
done
run 0 --lang ms --help
expect_contains "$out" "Pilihan global:" "the Malay overview"
expect_lacks "$out" "Global options:" "the Malay overview"

finish
