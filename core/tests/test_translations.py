"""The Chinese catalogue is complete, compiled, and covers every translatable string in the Python sources.

Chinese is the default language, so an untranslated string reaches Chinese users in English. These tests fail when
  - an entry of locale/zh_Hans/LC_MESSAGES/django.po has no translation or is still marked fuzzy;
  - a translation drops or changes a placeholder (%(name)s, %(limit)d, %s) or the 【共建】 prefix of a text message;
  - django.mo differs from django.po (someone edited the .po and forgot `manage.py compilemessages`);
  - a gettext call in the sources (outside tests/, bench/, frontend/) has a msgid the .po lacks (someone added a
    string and forgot `manage.py makemessages`).

To bring the catalogue up to date:
    .venv/bin/python manage.py makemessages -l zh_Hans --ignore ".venv/*" --ignore "*/tests/*" --ignore "bench/*" \
        --ignore "frontend/*" --ignore "node_modules/*"
    (translate every entry with an empty msgstr or a fuzzy flag, then remove the flag)
    .venv/bin/python manage.py compilemessages -l zh_Hans --ignore ".venv/*"
"""

import ast
import gettext
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LC_MESSAGES = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# What `makemessages` skips: the same --ignore patterns, plus hidden folders.
SKIPPED_FOLDERS = {".venv", "venv", "node_modules", "tests", "bench", "frontend", "__pycache__"}

# Django's xgettext keywords for Python: name -> (index of the context argument or None, index of the msgid).
GETTEXT_CALLS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}

PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|%[sdifr]")
PREFIX = "【共建】"


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The msgid as a gettext catalogue keys it: context and msgid joined by EOT."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None


def _unquote(text: str, path: Path, number: int) -> str:
    text = text.strip()
    assert len(text) >= 2 and text[0] == text[-1] == '"', f"{path.name}:{number}: not a quoted string: {text}"
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: entries with their flags, context, msgid, plural and translations; obsolete ones skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # the field a continuation line adds to

    def start(number: int) -> Entry:
        nonlocal entry
        if entry is None or entry.msgstr:
            entry = Entry(line=number)
            entries.append(entry)
        return entry

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                target = None
            continue
        if line.startswith("#,"):
            start(number).flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3), path, number)
            if keyword == "msgctxt":
                start(number).msgctxt, target = value, ("msgctxt", 0)
            elif keyword == "msgid":
                current = start(number)
                current.msgid, target = value, ("msgid", 0)
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = value, ("msgid_plural", 0)
            else:
                slot = int(index) if index is not None else 0
                entry.msgstr[slot], target = value, ("msgstr", slot)
            continue
        assert line.startswith('"') and target is not None, f"{path.name}:{number}: cannot read {raw!r}"
        value = _unquote(line, path, number)
        name, slot = target
        if name == "msgstr":
            entry.msgstr[slot] += value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    parsed = parse_po(PO_FILE)
    assert len(parsed) > 100, "the .po file reads as almost empty: is the parser broken?"
    return parsed


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    return [entry for entry in entries if not entry.is_header]


def _where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid!r}"


def test_every_entry_is_translated_and_none_is_fuzzy(messages):
    untranslated = [_where(e) for e in messages if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [_where(e) for e in messages if "fuzzy" in e.flags]
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy entries (check the translation, then remove the flag):\n" + "\n".join(fuzzy)


def test_translations_keep_placeholders_and_the_text_message_prefix(messages):
    wrong = []
    for entry in messages:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for translation in entry.msgstr.values():
            if sorted(PLACEHOLDER.findall(translation)) != wanted:
                wrong.append(f"{_where(entry)}: placeholders {wanted} vs {translation!r}")
            if any(source.startswith(PREFIX) for source in sources) != translation.startswith(PREFIX):
                wrong.append(f"{_where(entry)}: the {PREFIX} prefix is lost or added in {translation!r}")
    assert not wrong, "\n".join(wrong)


def test_the_compiled_catalogue_matches_the_po_file(messages):
    """A stale django.mo means Chinese users keep seeing old or English text: run `manage.py compilemessages`."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = []
    for entry in messages:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr[0]:
                stale.append(f"{_where(entry)}: .mo has {got!r}, .po has {entry.msgstr[0]!r}")
        else:
            for count in (1, 2, 5):
                if entry.msgctxt is None:
                    got = compiled.ngettext(entry.msgid, entry.msgid_plural, count)
                else:
                    got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                wanted = entry.msgstr.get(compiled.plural(count))
                if got != wanted:
                    stale.append(f"{_where(entry)} (n={count}): .mo has {got!r}, .po has {wanted!r}")
    assert not stale, "django.mo is out of date (run compilemessages):\n" + "\n".join(stale)

    compiled_keys = {key if isinstance(key, str) else key[0] for key in compiled._catalog}
    compiled_keys.discard("")  # the header
    expected_keys = {entry.key for entry in messages}
    assert compiled_keys == expected_keys, (
        "django.mo and django.po hold different msgids (run compilemessages): "
        f"only in .mo {sorted(compiled_keys - expected_keys)[:20]}, "
        f"only in .po {sorted(expected_keys - compiled_keys)[:20]}"
    )


def _python_sources():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS and not name.startswith("."))
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder) / name


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_msgids() -> dict[str, str]:
    """Every msgid (keyed as the catalogue keys it) that a gettext call in the sources passes as a literal."""
    found: dict[str, str] = {}
    for path in _python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _call_name(node) not in GETTEXT_CALLS:
                continue
            context_index, msgid_index = GETTEXT_CALLS[_call_name(node)]
            if len(node.args) <= msgid_index:
                continue
            msgid = _literal(node.args[msgid_index])
            context = _literal(node.args[context_index]) if context_index is not None else None
            if msgid is None or (context_index is not None and context is None):
                continue  # not a literal: xgettext cannot extract it either
            key = msgid if context is None else f"{context}\x04{msgid}"
            found.setdefault(key, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_sources_find_their_gettext_calls():
    found = source_msgids()
    assert len(found) > 100, f"only {len(found)} msgids found in the sources: is the scan broken?"
    assert "Not found." in found


def test_every_string_in_the_sources_is_in_the_po_file(messages):
    known = {entry.key for entry in messages}
    missing = sorted(f"{where}: {key!r}" for key, where in source_msgids().items() if key not in known)
    assert not missing, (
        "strings missing from locale/zh_Hans/LC_MESSAGES/django.po (run makemessages, translate, compilemessages):\n"
        + "\n".join(missing)
    )
