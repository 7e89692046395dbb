"""Dutch by default, English after the language switch.

The English catalogue is ``locale/en/LC_MESSAGES/django.po``; ``make setup``
compiles it (the ``.mo`` file is not in git). If the English tests fail with
Dutch text, run ``make messages``.
"""

import subprocess
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
