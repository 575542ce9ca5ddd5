"""The Turkish catalogue is complete: every marked string is in it, and translated."""

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "tr" / "LC_MESSAGES"
# What `make makemessages` leaves out: folders with no text a user reads.
NOT_SOURCES = {"tests", "bench", "scripts", "docs", "static", "staticfiles", "locale"}


def _entries(path: Path) -> dict[tuple[str, str], dict]:
    """The entries of a .po file by (context, msgid): their msgstr fields and flags, header and
    obsolete entries left out."""
    entries, current, field = {}, {}, None

    def close():
        if current.get("msgid"):
            entries[(current.get("msgctxt", ""), current["msgid"])] = dict(current)
        current.clear()

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            close()
        elif line.startswith("#,"):
            current["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += ast.literal_eval(line)
        else:
            field, value = line.split(" ", 1)
            current[field] = ast.literal_eval(value)
    return entries


def _untranslated(entries: dict) -> list[str]:
    return [
        msgid
        for (_context, msgid), entry in entries.items()
        if "fuzzy" in entry.get("flags", ())
        or not all(value for name, value in entry.items() if name.startswith("msgstr"))
    ]


def test_every_string_in_the_catalogue_has_a_turkish_translation_and_none_is_fuzzy():
    entries = _entries(CATALOGUE / "django.po")

    assert len(entries) > 300
    assert _untranslated(entries) == []
    statistics = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, CATALOGUE / "django.po"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", statistics), statistics


def test_every_string_marked_for_translation_is_in_the_catalogue(tmp_path, settings):
    # given a copy of the sources, so makemessages writes its catalogue and the work files it
    # keeps beside each template while it runs (`page.html.py`) there, never in the project
    # where other tests read its files
    for source in ROOT.iterdir():
        if source.is_dir() and not source.name.startswith(".") and source.name not in NOT_SOURCES:
            shutil.copytree(source, tmp_path / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "locale" / "tr" / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    # when makemessages collects what is marked today
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["tr"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)

    # then the committed catalogue has every string
    marked = _entries(tmp_path / "locale" / "tr" / "LC_MESSAGES" / "django.po")
    missing = sorted(msgid for context, msgid in marked.keys() - _entries(CATALOGUE / "django.po").keys())
    assert len(marked) > 300
    assert missing == [], "run `make makemessages`, translate the new strings, then `make messages`"
