"""Issue #11, children and everyone on a phone: the survey speaks to its reader.

The shared link asks the role first; a child then reads A2 Dutch with "je",
an adult B1 Dutch with "u", on every page. Children see smileys beside the
answers and "lees voor" buttons; nobody loses what they typed.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from regions.models import ParticipantRole
from regions.models import Trajectory
from surveys.models import Response
from surveys.models import SurveyDraft
from surveys.respond.selectors import draft_get
from tests.regions.factories import TrajectoryFactory
from tests.surveys.respond_helpers import answer_all
from tests.surveys.respond_helpers import start
from tests.surveys.respond_helpers import token_from

FORMAL = re.compile(r"\b(u|uw|bent u|heeft u)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


@pytest.fixture
def open_trajectory(region):
    return TrajectoryFactory(region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN)


class VisibleText(HTMLParser):
    """The words a reader meets: title, main and footer, without scripts."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"main", "footer", "title"}:
            self.depth += 1
        if tag in {"script", "style"}:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in {"main", "footer", "title"}:
            self.depth -= 1
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _walk(client, trajectory, role):
    """Every page of one respondent's survey, as (label, html)."""
    pages = []
    url = reverse(
        "surveys:start_role",
        kwargs={"public_token": trajectory.public_token, "role": role},
    )
    pages.append(("start", client.get(url).content.decode()))
    location = client.post(url)["Location"]
    while "/stap/" in location:
        html = client.get(location).content.decode()
        pages.append((location, html))
        data = {"action": "next"}
        for name in set(re.findall(r'name="(q\d+)"', html)):
            data[name] = "Het gaat goed." if f'<textarea name="{name}"' in html else "4"
        # A page sent with an error shows the error message, in the same voice.
        if '<textarea name="' in html:
            name = re.search(r'<textarea name="(q\d+)"', html)[1]
            error = client.post(location, {**data, name: "x" * 2001})
            pages.append((location + " (error)", error.content.decode()))
        location = client.post(location, data)["Location"]
    pages.append(("review", client.get(location).content.decode()))
    thanks = client.post(location, follow=True)
    pages.append(("thanks", thanks.content.decode()))
    return pages


@pytest.mark.parametrize("role", sorted(ParticipantRole.child_roles()))
def test_a_child_reads_je_on_every_page_and_never_u(client, open_trajectory, role):
    pages = _walk(client, open_trajectory, role)
    assert len(pages) >= 5
    for label, html in pages:
        text = visible_text(html)
        assert not FORMAL.search(text), (label, FORMAL.search(text), text[:2000])
    assert "10 tot 15 minuten" not in pages[0][1]
    assert "IP-adres" not in visible_text(pages[0][1]).split("anoniem")[0]


@pytest.mark.parametrize(
    "role",
    sorted(set(ParticipantRole.values) - ParticipantRole.child_roles()),
)
def test_an_adult_reads_u_on_every_page_and_never_je(client, open_trajectory, role):
    pages = _walk(client, open_trajectory, role)
    for label, html in pages:
        text = visible_text(html)
        assert not INFORMAL.search(text), (label, INFORMAL.search(text), text[:2000])


def test_the_shared_link_asks_the_role_before_anything_else(client, open_trajectory):
    url = reverse(
        "surveys:start", kwargs={"public_token": open_trajectory.public_token}
    )
    html = client.get(url).content.decode()
    main = visible_text(html.split("<footer")[0])
    assert "10 tot 15 minuten" not in main
    assert "IP-adres" not in main
    assert "Wie vult de vragenlijst in?" in main
    assert not FORMAL.search(main)
    assert not INFORMAL.search(main)
    for role in ParticipantRole.values:
        link = reverse(
            "surveys:start_role",
            kwargs={"public_token": open_trajectory.public_token, "role": role},
        )
        assert f'href="{link}?gekozen=1"' in html
    assert SurveyDraft.objects.count() == 0

    child = client.get(
        reverse(
            "surveys:start_role",
            kwargs={"public_token": open_trajectory.public_token, "role": "pleegkind"},
        )
        + "?gekozen=1"
    ).content.decode()
    assert "ongeveer 5 minuten" in child
    assert "10 tot 15" not in child
    assert f'href="{url}"' in child  # back to the choice


def test_adults_whose_link_fixed_the_role_may_name_another_role(
    client, open_trajectory
):
    location = start(client, open_trajectory, role="pleegouder")
    assert 'name="other_roles"' in client.get(location).content.decode()
    client.post(location, {"other_roles": ["professional"], "action": "next"})
    draft = draft_get(token=token_from(location))
    assert draft.data["context"]["other_roles"] == ["professional"]

    child = start(Client(), open_trajectory, role="pleegkind")
    assert 'name="other_roles"' not in Client().get(child).content.decode()


def _theme_page(client, trajectory, role):
    location = start(client, trajectory, role=role)
    response = client.post(location, {"action": "next"})
    return response["Location"], client.get(response["Location"]).content.decode()


def test_children_see_a_face_beside_each_answer_and_read_aloud_buttons(
    client, open_trajectory
):
    _location, html = _theme_page(client, open_trajectory, "pleegkind")
    likert = re.findall(r'<fieldset id="(id_q\d+)-q"', html)
    assert likert
    for field in likert:
        block = html.split(f'<fieldset id="{field}-q"')[1].split("</fieldset>")[0]
        faces = re.findall(r'class="smiley smiley-(\d)"', block)
        assert sorted(faces) == ["0", "1", "2", "3", "4", "5"]
        # No `hidden`: the button keeps its place until the script shows it.
        assert f'data-read="{field}-q">' in block
    assert 'data-read="survey-theme">' in html
    assert "js/read-aloud.js" in html
    assert "<img" not in html.split("<main")[1]

    _location, adult = _theme_page(Client(), open_trajectory, "pleegouder")
    assert "smiley" not in adult
    assert "data-read" not in adult
    assert "read-aloud.js" not in adult


def test_the_read_aloud_script_uses_the_browser_speech_in_dutch():
    script = Path(settings.BASE_DIR, "static/js/read-aloud.js").read_text()
    assert "speechSynthesis" in script
    assert "nl-NL" in script
    assert "http" not in script  # no outside service


def test_age_bands_a_twelve_year_old_can_place(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegkind")
    html = client.get(location).content.decode()
    for label in ("8 t/m 11 jaar", "12 t/m 15 jaar", "16 of 17 jaar"):
        assert label in html
    assert "tot 12" not in html
    assert "tot 16" not in html
    assert Response.AgeBand("12-15").label == "12 t/m 15 jaar"
    response = client.post(location, {"age_band": "12-15", "action": "next"})
    while "/stap/" in response["Location"]:
        page = client.get(response["Location"]).content.decode()
        data = {name: "4" for name in re.findall(r'name="(q\d+)" value="4"', page)}
        response = client.post(response["Location"], {**data, "action": "next"})
    client.post(response["Location"])
    assert Response.objects.get().age_band == "12-15"


def test_an_empty_survey_is_not_counted_and_the_summary_says_so_kindly(
    client, open_trajectory
):
    location = start(client, open_trajectory, role="pleegkind")
    response = client.post(location, {"municipality": "", "action": "next"})
    while "/stap/" in response["Location"]:
        response = client.post(response["Location"], {"action": "next"})
    review = response["Location"]
    html = client.get(review).content.decode()
    assert "Je hebt nog niets ingevuld. Dat is niet erg!" in html
    assert ">Versturen</button>" not in html

    with CaptureQueriesContext(connection) as queries:
        sent = client.post(review)
    assert sent.status_code == 302
    assert sent["Location"] == review
    assert Response.objects.count() == 0
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert writes == []
    assert len(queries.captured_queries) <= 1 + sum(
        q["sql"].startswith(("SAVEPOINT", "RELEASE")) for q in queries.captured_queries
    )

    adult = start(Client(), open_trajectory, role="ouder")
    other = Client()
    response = other.post(adult, {"action": "next"})
    while "/stap/" in response["Location"]:
        response = other.post(response["Location"], {"action": "next"})
    assert "U heeft nog geen vragen beantwoord" in (
        other.get(response["Location"]).content.decode()
    )


def test_the_resume_link_stands_whole_with_a_copy_button(client, open_trajectory):
    location = start(client, open_trajectory, role="pleegouder")
    html = client.get(location).content.decode()
    resume = "http://testserver" + reverse(
        "surveys:resume", kwargs={"token": token_from(location)}
    )
    assert "<details" not in html
    box = html.split('id="resume-link"')[1].split("</p>")[0]
    assert resume in box
    assert 'data-copy="resume-link"' in html
    assert 'class="copy-status" role="status"' in html
    assert "js/copy.js" in html


def test_no_page_tells_people_to_press_ctrl_a_ctrl_c():
    templates = Path(settings.BASE_DIR, "templates")
    for path in templates.rglob("*.html"):
        assert "Ctrl+C" not in path.read_text(), path


def test_the_coordinator_links_page_has_copy_buttons(client_for, trajectory):
    html = (
        client_for("coordinator")
        .get(reverse("surveys:survey_links", kwargs={"pk": trajectory.pk}))
        .content.decode()
    )
    fields = re.findall(r'<input[^>]*type="url" id="([^"]+)"', html)
    assert fields
    for field in fields:
        assert f'data-copy="{field}"' in html
    assert "js/copy.js" in html
    assert "Ctrl+" not in html


def test_after_correcting_a_page_from_the_summary_next_goes_back_to_it(
    client, open_trajectory
):
    review = answer_all(client, start(client, open_trajectory, role="ouder"))
    html = client.get(review).content.decode()
    link = re.search(r'href="([^"]+/stap/(\d+)/\?terug=overzicht)"', html)
    assert link
    page = client.get(link[1].replace("&amp;", "&")).content.decode()
    assert 'name="terug" value="overzicht"' in page
    response = client.post(
        link[1].split("?")[0], {"terug": "overzicht", "action": "next"}
    )
    assert response["Location"] == review
    # Without coming from the summary, Volgende goes on to the next page.
    response = client.post(link[1].split("?")[0], {"action": "next"})
    assert response["Location"] != review


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("pleegkind", ["Kindertelefoon", "0800-0432", "kindertelefoon.nl"], []),
        ("eigen_kind", ["Kindertelefoon", "0800-0432"], []),
        ("pleegouder", ["pleegzorgbegeleider", "denvp.nl"], ["Kindertelefoon"]),
        ("ouder", ["AKJ", "akj.nl"], ["Kindertelefoon"]),
        ("professional", ["coördinator"], ["Kindertelefoon", "AKJ"]),
    ],
)
def test_the_thank_you_page_offers_help_that_fits_the_role(
    client, open_trajectory, role, present, absent
):
    review = answer_all(client, start(client, open_trajectory, role=role))
    sent = client.post(review)
    assert role not in sent["Location"]  # no role in a URL an access log keeps
    html = client.get(sent["Location"]).content.decode()
    for word in present:
        assert word in html, word
    for word in absent:
        assert word not in html, word


def _csrf_client_on_theme_page(trajectory):
    browser = Client(enforce_csrf_checks=True)
    url = reverse(
        "surveys:start_role",
        kwargs={"public_token": trajectory.public_token, "role": "pleegouder"},
    )
    page = browser.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    location = browser.post(url, {"csrfmiddlewaretoken": token})["Location"]
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        browser.get(location).content.decode(),
    )[1]
    location = browser.post(location, {"csrfmiddlewaretoken": token, "action": "next"})[
        "Location"
    ]
    return browser, location


@pytest.mark.parametrize("expired", [True, False])
def test_a_page_posted_without_a_valid_token_keeps_the_answers(
    open_trajectory, expired
):
    browser, location = _csrf_client_on_theme_page(open_trajectory)
    html = browser.get(location).content.decode()
    likert = re.findall(r'name="(q\d+)" value="4"', html)[0]
    posted = {likert: "4", "action": "next"}
    if expired:
        posted["csrfmiddlewaretoken"] = "x" * 64
    else:
        browser.cookies.pop(settings.CSRF_COOKIE_NAME)

    failed = browser.post(location, posted)

    page = failed.content.decode()
    assert failed.status_code == 403
    assert "Nog niet opgeslagen" in page
    assert "Forbidden" not in page
    assert "CSRF" not in visible_text(page)
    assert f'<input type="hidden" name="{likert}" value="4">' in page
    assert '<input type="hidden" name="action" value="next">' in page
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    saved = browser.post(location, {**posted, "csrfmiddlewaretoken": fresh})
    assert saved.status_code == 302
    draft = draft_get(token=token_from(location))
    assert draft.data["answers"][likert[1:]] == 4


def test_other_pages_explain_a_failed_token_in_dutch(client):
    browser = Client(enforce_csrf_checks=True)
    failed = browser.post(reverse("set_language"), {"language": "en"})
    assert failed.status_code == 403
    html = failed.content.decode()
    assert "Deze pagina was verlopen" in html
    assert "Forbidden" not in html


def test_answers_typed_after_the_survey_closed_are_shown_back(client, open_trajectory):
    location, html = _theme_page(client, open_trajectory, "pleegouder")
    names = re.findall(r'name="(q\d+)" value="4"', html)
    text = next(
        iter(re.findall(r'<textarea name="(q\d+)"', html)),
        None,
    )
    open_trajectory.phase = Trajectory.Phase.AFGEROND
    open_trajectory.save()
    posted = {names[0]: "4", "action": "next"}
    if text:
        posted[text] = "Mijn eigen woorden over de pleegzorg."
    response = client.post(location, posted)
    page = response.content.decode()
    assert "De vragenlijst is nu niet open" in page
    assert "Dit had u ingevuld" in page
    assert "Mee eens" in page.split("Dit had u ingevuld")[1]
    if text:
        assert "Mijn eigen woorden over de pleegzorg." in page


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.dictionaries(
        st.text(min_size=1, max_size=20),
        st.text(max_size=100),
        max_size=8,
    )
)
def test_a_failed_token_page_never_breaks_on_odd_input(open_trajectory, data):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("surveys:step", kwargs={"token": "nietbestaand", "step": 3})
    response = browser.post(url, data)
    assert response.status_code == 403
