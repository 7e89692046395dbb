"""One language for scores (issue #11): band, colour, words and the badge.

The results table, the slides and the topic suggestions read a score the same
way: the band of the number shown, its colour and its words, and "verschil
tussen rollen" on the same themes.
"""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.seed import DEMO_TRAJECTORY
from regions.models import Trajectory
from surveys.results.bands import BANDS
from surveys.results.bands import score_band
from surveys.results.charts import score_bin
from surveys.results.insights import topic_suggestions
from surveys.results.read import results_read
from surveys.services import questionnaire_get_or_create
from tests.surveys.results.test_stats import make_responses
from tests.surveys.test_results_helpers import likert_ids

pytestmark = pytest.mark.django_db

WORDS = {str(band.word): band.index for band in BANDS}


@pytest.mark.parametrize(
    ("score", "index"),
    [(0, 0), (19.4, 0), (19.6, 1), (39.5, 2), (39.6, 2), (60, 3), (79.6, 4), (100, 4)],
)
def test_a_score_takes_the_band_of_the_number_shown(score, index):
    assert score_band(score).index == index
    assert score_bin(score) == index


def test_the_bands_cover_the_scale_once():
    covered = [n for band in BANDS for n in range(band.low, band.high + 1)]
    assert covered == list(range(101))
    assert [score_band(n).index for n in range(101)] == [
        band.index for band in BANDS for _ in range(band.low, band.high + 1)
    ]


def _rows(html: str, tag: str) -> dict[str, str]:
    """The markup of each ``<tag data-theme="...">`` by theme key."""
    pattern = rf'<{tag}[^>]*data-theme="([^"]+)"[^>]*>(.*?)</{tag}>'
    return dict(re.findall(pattern, html, flags=re.S))


@pytest.fixture
def demo():
    call_command("seed_demo", "--base-url", "http://testserver", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(email="nvp@demo.goedgesprek.nl"))
    trajectory = Trajectory.objects.get(name=DEMO_TRAJECTORY)

    def get(name):
        response = client.get(reverse(name, kwargs={"pk": trajectory.pk}))
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_table_slides_and_suggestions_read_every_score_alike(demo):
    table = _rows(demo("surveys:results"), "tr")
    slides = _rows(demo("surveys:results_presentation"), "section")
    suggestions = _rows(demo("surveys:topic_suggestions"), "li")
    assert len(suggestions) >= 10
    assert set(suggestions) <= set(table)
    different_somewhere = False
    bands_seen = set()
    for key, item in suggestions.items():
        # The table's "Iedereen" cell: the first score cell of the row.
        cell = re.search(
            r'<td class="score-cell score-bin-(\d)" title="([^"]*)">\s*'
            r'<span class="score-value">(\d+)</span>',
            table[key],
        )
        assert cell, key
        table_bin, title, table_score = cell.groups()
        badge = re.search(
            r"score-badge score-bin-(\d)[^>]*>score (\d+) van 100: ([^<]+)</span>",
            item,
        )
        assert badge, item
        bin_, score, word = badge.groups()
        assert (bin_, score) == (table_bin, table_score), key
        assert WORDS[word] == int(bin_), key
        assert f"({word})" in title, key
        different = "badge-different" in table[key]
        assert ("badge-different" in item) is different, key
        assert ("badge-different" in slides[key]) is different, key
        different_somewhere |= different
        bands_seen.add(bin_)
    # The demo gives the rule something to decide: more than one band, and
    # at least one theme where the roles differ.
    assert len(bands_seen) >= 2
    assert different_somewhere


def test_a_topic_shows_one_number_from_zero_to_a_hundred(demo):
    html = demo("surveys:topic_suggestions")
    for key, item in _rows(html, "li").items():
        numbers = re.findall(r"(\d+) van 100", item)
        assert len(numbers) == 1, (key, numbers)
    assert not re.search(r"aandacht \d", html)


def test_a_low_score_is_named_by_its_band(trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    ids = likert_ids(questionnaire, "pleegouder")
    # Score 37.5 reads "38": lage score. Score 50: no low score.
    make_responses(questionnaire, "pleegouder", {i: [2, 2, 3, 2, 3, 3] for i in ids})
    suggestion = topic_suggestions(results_read(questionnaire=questionnaire))[0]
    assert suggestion.score == 38
    assert str(suggestion.band.word) == "lage score"
    assert "Lage score voor iedereen." in suggestion.reasons
