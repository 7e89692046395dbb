"""The verbeteragenda: rendered by the service, read back with pypdf."""

import io

import pytest
from pypdf import PdfReader

from actionplans.models import PlanVersion
from actionplans.pdf.render import StaticOnlyFetcher
from actionplans.pdf.render import render_html
from actionplans.pdf.service import plan_version_render_pdf
from tests.actionplans.scenario import APPROVED_QUOTE
from tests.actionplans.scenario import UNREVIEWED_QUOTE
from tests.actionplans.scenario import UNSAFE_QUOTE
from tests.actionplans.scenario import published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item)
        else:
            titles.append(item.title)
    return titles


def read_back(version: PlanVersion) -> PdfReader:
    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def assert_accessible_plan_pdf(reader: PdfReader, scenario) -> None:
    """The checks of the issue: title, language, tags, bookmarks, pages, text."""
    root = reader.trailer["/Root"]
    assert reader.metadata.title.startswith("Verbeteragenda pleegzorg")  # type: ignore[union-attr]
    assert str(root["/Lang"]).startswith("nl")  # type: ignore[index]
    assert "/StructTreeRoot" in root  # type: ignore[operator]
    assert bool(root["/MarkInfo"]["/Marked"])  # type: ignore[index]
    titles = _outline_titles(reader.outline)
    for title in scenario.topic_titles:
        assert title in titles
    assert "Contact" in titles
    assert len(reader.pages) >= 5
    text = " ".join(_text(reader).split())
    for title in scenario.topic_titles:
        assert title in text
    for action in scenario.action_texts:
        assert action in text


def test_pdf_is_accessible_and_holds_every_topic_and_action(trajectory, private_root):
    scenario = published_plan(trajectory)

    result = plan_version_render_pdf(version_id=scenario.version.pk)

    assert result["rendered"] is True
    reader = read_back(scenario.version)
    assert_accessible_plan_pdf(reader, scenario)
    assert scenario.version.pdf_status == "ready"
    assert scenario.version.pdf_pages == len(reader.pages)


def test_pdf_shows_reviewed_quotes_only_and_hides_small_groups(
    trajectory, private_root
):
    scenario = published_plan(trajectory, small_role_count=3)

    plan_version_render_pdf(version_id=scenario.version.pk)

    text = " ".join(_text(read_back(scenario.version)).split())
    assert APPROVED_QUOTE in text
    assert UNREVIEWED_QUOTE not in text
    assert UNSAFE_QUOTE not in text
    # The "ouder" row says what the results page says (the same read), never 3.
    from surveys.results import ResultsFilters
    from surveys.results import questionnaire_of
    from surveys.results import results_read

    read = results_read(
        questionnaire=questionnaire_of(trajectory), filters=ResultsFilters()
    )
    ouder = next(row for row in read.count_rows if row.key == "ouder")
    assert ouder.display in ("< 5", "verborgen", "5 of meer")
    assert f"Ouder {ouder.display}" in text
    assert "Ouder 3" not in text


def test_pdf_charts_are_images_with_alt_text(trajectory, private_root):
    scenario = published_plan(trajectory)

    html = render_html(scenario.version)

    assert html.count('<img class="chart"') >= 1
    assert 'alt=""' not in html
    assert "score" in html.split('<img class="chart"')[1].split(">")[0].lower()


def test_rendering_the_same_version_again_does_nothing(trajectory, private_root):
    scenario = published_plan(trajectory)
    plan_version_render_pdf(version_id=scenario.version.pk)
    scenario.version.refresh_from_db()
    rendered_at = scenario.version.pdf_rendered_at

    again = plan_version_render_pdf(version_id=scenario.version.pk)

    assert again == {
        "version": scenario.version.pk,
        "status": "ready",
        "rendered": False,
    }
    scenario.version.refresh_from_db()
    assert scenario.version.pdf_rendered_at == rendered_at


def test_missing_version_is_a_quiet_no_op(db):
    assert plan_version_render_pdf(version_id=987654)["rendered"] is False


def test_transient_error_puts_the_version_back_in_the_queue(
    trajectory, private_root, monkeypatch
):
    scenario = published_plan(trajectory, topics=2, actions_per_topic=1)

    def broken(version):
        raise OSError("disk full")

    monkeypatch.setattr("actionplans.pdf.render.render_pdf", broken)
    with pytest.raises(OSError, match="disk full"):
        plan_version_render_pdf(version_id=scenario.version.pk, final_attempt=False)
    scenario.version.refresh_from_db()
    assert scenario.version.pdf_status == "queued"

    with pytest.raises(OSError, match="disk full"):
        plan_version_render_pdf(version_id=scenario.version.pk, final_attempt=True)
    scenario.version.refresh_from_db()
    assert scenario.version.pdf_status == "failed"
    assert "opnieuw" in scenario.version.pdf_error


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/beheer/",
        "https://example.org/x.png",
        "file:///work/wt/plans/static/../manage.py",
    ],
)
def test_pdf_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError, match="Blocked"):
        StaticOnlyFetcher().fetch(url)


def test_pdf_fetcher_reads_our_stylesheet(settings):
    from pathlib import Path

    css = Path(settings.BASE_DIR) / "static" / "css" / "verbeteragenda.css"

    response = StaticOnlyFetcher().fetch(css.resolve().as_uri())

    assert response is not None


def test_pdf_in_english_when_the_version_was_published_in_english(
    trajectory, private_root
):
    scenario = published_plan(trajectory, topics=2, actions_per_topic=1)
    PlanVersion.objects.filter(pk=scenario.version.pk).update(language="en")

    plan_version_render_pdf(version_id=scenario.version.pk)

    reader = read_back(scenario.version)
    assert reader.metadata.title.startswith("Foster care improvement agenda")
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("en")
    assert "What do we want to achieve?" in _text(reader)


def test_pdf_shows_the_latest_dated_progress_notes_per_action(trajectory, private_root):
    import datetime as dt

    from actionplans import services
    from actionplans.models import Action

    scenario = published_plan(trajectory, topics=2, actions_per_topic=1)
    action = Action.objects.filter(plan_topic__plan=scenario.plan).first()
    for day in range(1, 6):
        services.progress_note_add(
            action=action,
            text=f"Update nummer {day} over het spreekuur",
            author_name="geheim@gemeente.nl",
            status="in_progress" if day == 5 else "",
            noted_on=dt.date(2027, 3, day),
        )
    version = services.action_plan_publish(
        plan=scenario.plan, published_by=None
    ).version

    plan_version_render_pdf(version_id=version.pk)

    text = " ".join(_text(read_back(version)).split())
    assert "05-03-2027: Update nummer 5 over het spreekuur (→ Bezig)" in text
    assert "03-03-2027: Update nummer 3 over het spreekuur" in text
    # Only the newest three; the two older ones are counted.
    assert "Update nummer 2" not in text
    assert "en 2 eerdere updates" in text
    assert "geheim@gemeente.nl" not in text


def test_pdf_shows_vote_results_per_role_only_when_the_round_shows_them(
    trajectory, private_root
):
    from actionplans.pdf.render import render_pdf
    from sessions_app.models import VotingRound
    from sessions_app.voting.services import round_set_per_role

    scenario = published_plan(trajectory, topics=2, actions_per_topic=1)
    voting_round = VotingRound.objects.get(trajectory=trajectory)

    off = " ".join(
        _text(PdfReader(io.BytesIO(render_pdf(scenario.version).data))).split()
    )
    round_set_per_role(voting_round=voting_round, show=True)
    on = " ".join(
        _text(PdfReader(io.BytesIO(render_pdf(scenario.version).data))).split()
    )

    assert "Uitslag van de stemming (6 stemmers)" in off
    assert "Stemmen van Pleegouder" not in off
    assert "Stemmen van Pleegouder (6 stemmers)" in on
