#!/usr/bin/env python
"""Find and fill untranslated messages in the zh-hans catalogue, without GNU gettext's editors.

    python scripts/translations.py missing [--po PATH]          # untranslated msgids, one per line
    python scripts/translations.py apply FILE.tsv [--po PATH]   # fill them from "msgid<TAB>msgstr" lines

In the TSV, a newline inside a message is written as ``\\n``. Plural messages take the same
translation for every form (Chinese has one). Run ``makemessages`` first, ``compile_messages.py``
after.
"""

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def untranslated(po: polib.POFile) -> list[polib.POEntry]:
    entries = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()) or "fuzzy" in entry.flags:
                entries.append(entry)
        elif not entry.msgstr or "fuzzy" in entry.flags:
            entries.append(entry)
    return entries


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def unescape(text: str) -> str:
    return text.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["missing", "apply"])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--po", default=str(DEFAULT_PO))
    args = parser.parse_args()
    po = polib.pofile(args.po)
    if args.command == "missing":
        for entry in untranslated(po):
            print(escape(entry.msgid))
        return 0
    if not args.file:
        parser.error("apply needs a TSV file")
    table = {}
    for number, line in enumerate(Path(args.file).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            print(f"{args.file}:{number}: no tab between msgid and msgstr", file=sys.stderr)
            return 1
        msgid, msgstr = line.split("\t", 1)
        table[unescape(msgid)] = unescape(msgstr)
    filled = 0
    for entry in untranslated(po):
        text = table.get(entry.msgid)
        if not text:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural or {0: ""}, text)
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    po.save(args.po)
    left = len(untranslated(po))
    print(f"filled {filled}; {left} still untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
