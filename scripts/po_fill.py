"""Fill Swedish translations into a .po file from tab-separated lines on stdin.

    python scripts/po_fill.py lagesbild/locale/sv/LC_MESSAGES/django.po < sv.tsv

Each line: the English msgid, a tab, the Swedish text. Lines for msgids not in the
file are reported. Prints what is still untranslated afterwards.
"""

import sys

import polib


def main(path: str) -> int:
    po = polib.pofile(path, wrapwidth=100)
    wanted = {}
    for line in sys.stdin.read().splitlines():
        if line.strip() and "\t" in line:
            msgid, msgstr = line.split("\t", 1)
            wanted[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    known = {entry.msgid: entry for entry in po}
    for msgid, msgstr in wanted.items():
        entry = known.get(msgid)
        if entry is None:
            print(f"not in {path}: {msgid!r}", file=sys.stderr)
            continue
        entry.msgstr = msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    left = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    for msgid in left:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
