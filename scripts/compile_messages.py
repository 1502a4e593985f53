#!/usr/bin/env python
"""Compile every ``locale/*/LC_MESSAGES/django.po`` into its ``.mo`` without GNU gettext.

The compiled catalogues are committed, so that `make run` needs nothing but Python; CI runs this
with ``--check`` to prove they match their sources.
"""

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a .mo file is out of date")
    args = parser.parse_args()
    stale = []
    for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        fresh = polib.pofile(str(po_path))
        if args.check:
            if not mo_path.exists():
                stale.append(mo_path)
                continue
            compiled = polib.mofile(str(mo_path))
            want = {
                (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in fresh.translated_entries()
            }
            have = {
                (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in compiled if e.msgid
            }
            if want != have:
                stale.append(mo_path)
        else:
            fresh.save_as_mofile(str(mo_path))
            print(f"compiled {mo_path.relative_to(ROOT)} ({len(fresh.translated_entries())} messages)")
    if stale:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run: make messages)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
