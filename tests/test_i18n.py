"""Dutch by default, English after the language switch.

The English catalogue is ``locale/en/LC_MESSAGES/django.po``; ``make setup``
compiles it (the ``.mo`` file is not in git). If the English tests fail with
Dutch text, run ``make messages``.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ENGLISH_PO = (
    Path(__file__).resolve().parent.parent
    / "locale"
    / "en"
    / "LC_MESSAGES"
    / "django.po"
)


def switch_to(client, language):
    return client.post(reverse("set_language"), {"language": language, "next": "/"})


@pytest.mark.django_db
def test_home_page_is_dutch_by_default(client):
    content = client.get(reverse("home")).content.decode()

    assert '<html lang="nl">' in content
    assert "Hoe werkt het?" in content


@pytest.mark.django_db
def test_language_switch_to_english_shows_the_home_page_in_english(client):
    response = switch_to(client, "en")

    assert response.status_code == 302
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in content
    assert "How does it work?" in content, "English catalogue missing: make messages"
    assert "Hoe werkt het?" not in content
    assert "Skip to content" in content


@pytest.mark.django_db
def test_language_switch_back_to_dutch_shows_dutch_again(client):
    switch_to(client, "en")
    switch_to(client, "nl")

    content = client.get(reverse("home")).content.decode()

    assert "Hoe werkt het?" in content


@pytest.mark.django_db
def test_switch_offers_the_other_language(client):
    dutch = client.get(reverse("home")).content.decode()
    switch_to(client, "en")
    english = client.get(reverse("home")).content.decode()

    assert 'value="en"' in dutch
    assert 'value="nl"' in english


@pytest.mark.django_db
def test_login_page_is_english_after_the_switch(client):
    switch_to(client, "en")

    content = client.get(reverse("account_login")).content.decode()

    assert "Send me a login code by e-mail" in content
    assert "Stuur mij een inlogcode" not in content


@pytest.mark.django_db
def test_unknown_language_keeps_dutch(client):
    switch_to(client, "xx")

    content = client.get(reverse("home")).content.decode()

    assert '<html lang="nl">' in content


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    """Every Dutch source string needs an English translation."""
    completed = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(ENGLISH_PO)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    statistics = completed.stderr.strip()
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


def test_every_source_string_is_in_the_english_catalogue(tmp_path):
    """A string added to the code or a template without running makemessages
    would show in Dutch on the English pages. Extract the messages afresh from
    a copy of the sources and check that the committed catalogue has them all.
    """
    root = ENGLISH_PO.parents[3]
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "node_modules",
            "media*",
            "*.sqlite3",
            "__pycache__",
            "staticfiles",
            "benchmarks",
            "tests",
        ),
    )
    fresh_po = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    fresh_po.unlink()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "-v0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        text=True,
    )
    committed = {entry for entry in _msgids(ENGLISH_PO)}
    missing = sorted(_msgids(fresh_po) - committed)

    assert not missing, (
        f"{len(missing)} strings are not in {ENGLISH_PO}: run "
        f"`manage.py makemessages -l en` and translate them: {missing[:10]}"
    )


def _msgids(path: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every entry, plural forms by their singular."""
    completed = subprocess.run(
        ["msgcat", "--no-wrap", "--no-location", "--sort-output", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    entries: set[tuple[str, str]] = set()
    field, parts = "", {"msgctxt": "", "msgid": ""}
    for line in completed.stdout.splitlines():
        if line.startswith('"') and field in parts:
            parts[field] += line
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid"):
            field, parts[keyword] = keyword, value
        elif keyword.startswith(("msgstr", "msgid_plural")):
            if field == "msgid" and parts["msgid"] != '""':
                entries.add((parts["msgctxt"], parts["msgid"]))
            field, parts = keyword, {"msgctxt": "", "msgid": ""}
    return entries
