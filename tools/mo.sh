#!/bin/sh
# mo.sh PO LOCALEDIR LANG STAMP: compiles PO into LOCALEDIR/LANG/LC_MESSAGES/mapo.mo, where
# gettext looks for it, and touches STAMP for the build system.
set -e
mkdir -p "$2/$3/LC_MESSAGES"
msgfmt --check -o "$2/$3/LC_MESSAGES/mapo.mo" "$1"
touch "$4"
