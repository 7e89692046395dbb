"""The results page and the slides: wiring, filters, and no hidden number anywhere."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import Answer
from surveys.results.views import results_section_context
from surveys.structure import structure_for
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import TrajectoryFactory
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import likert_ids
from tests.surveys.test_results_helpers import questionnaire_for


def results_url(trajectory, **query):
    url = reverse("surveys:results", kwargs={"pk": trajectory.pk})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def slides_url(trajectory, query=""):
    return reverse("surveys:results_presentation", kwargs={"pk": trajectory.pk}) + query


def theme_url(trajectory, key, query=""):
    kwargs = {"pk": trajectory.pk, "key": key}
    return reverse("surveys:results_theme", kwargs=kwargs) + query


def text_of(response) -> str:
    return response.content.decode()


def main_of(response) -> str:
    """The page without the site header and footer."""
    html = text_of(response)
    return html[html.index("<main") : html.index("</main>")]


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")


def test_results_page_uses_its_template_and_shows_each_role(coordinator, trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [4, 5])
    answer(questionnaire, "professional", 6, [2, 3])

    response = coordinator.get(results_url(trajectory))

    assert response.status_code == 200
    assert "surveys/results/results.html" in [t.name for t in response.templates]
    html = main_of(response)
    assert 'class="table perspective-table' in html
    assert '<th scope="col" class="text-center">Pleegouder</th>' in html
    assert '<th scope="col" class="text-center">Professional</th>' in html
    # Only roles with respondents get a column.
    assert '<th scope="col" class="text-center">Ouder</th>' not in html
    assert 'id="thema-werving_matching"' in html
    assert html.count('role="img"') == 15  # a score chart per theme


def test_results_page_without_answers_says_so(coordinator, trajectory):
    response = coordinator.get(results_url(trajectory))

    assert response.status_code == 200
    assert "Er zijn nog geen antwoorden." in text_of(response)
    assert "perspective-table" not in text_of(response)


def test_results_page_with_four_answers_shows_nothing_but_less_than_five(
    coordinator, trajectory
):
    answer(questionnaire_for(trajectory), "pleegouder", 4, [2])

    html = main_of(coordinator.get(results_url(trajectory)))

    assert "te weinig antwoorden" in html
    assert "&lt; 5" in html
    assert re.search(r">\s*4\s*<", html) is None
    assert "perspective-table" not in html


def test_the_themes_where_roles_differ_most_get_a_badge(coordinator, trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [1, 2])
    answer(questionnaire, "professional", 6, [5, 4])

    html = main_of(coordinator.get(results_url(trajectory)))

    assert "Verschil tussen rollen" in html
    assert "verschillen de scores van de rollen het meest" in html


def test_a_shown_score_cell_has_its_numbers_in_text_and_title(coordinator, trajectory):
    questionnaire = questionnaire_for(trajectory)
    # Every professional answers "mee eens" (4): score 75, 100% eens.
    answer(questionnaire, "professional", 6, [4])
    answer(questionnaire, "beleidsmaker", 6, [4])

    html = main_of(coordinator.get(results_url(trajectory)))

    cell = re.search(
        r'<td class="score-cell score-bin-(\d)" title="Professional: ([^"]+)">(.*?)</td>',
        html,
        re.S,
    )
    assert cell is not None
    assert cell.group(1) == "3"
    assert (
        cell.group(2)
        == "score 75 van 100 (hoge score), 100% (helemaal) mee eens, n = 6"
    )
    assert '<span class="score-value">75</span>' in cell.group(3)
    assert '<span class="score-meta">100% eens</span>' in cell.group(3)
    assert '<span class="score-meta">n = 6</span>' in cell.group(3)


# --- No hidden number anywhere ------------------------------------------------


def _small_group_pages(client, trajectory):
    """The results page with every theme's statements opened, and the slides."""
    results = main_of(client.get(results_url(trajectory)))
    statements = [
        text_of(client.get(url.replace("&amp;", "&"), HTTP_HX_REQUEST="true"))
        for url in re.findall(r'data-hx-get="([^"]+)"', results)
    ]
    assert statements
    return (
        "".join([results, *statements]),
        main_of(client.get(slides_url(trajectory))),
    )


def test_a_small_groups_answers_change_nothing_on_the_page_or_the_slides(
    coordinator, trajectory
):
    """Six foster parents and two parents: the parents' figures are hidden.

    The parents answer only statements for parents, first all "helemaal
    oneens", then all "helemaal eens". If any figure of theirs reached the
    page (directly, through a theme total or through "everyone"), the two
    pages would differ.
    """
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [4, 5, 3])
    parents = answer(questionnaire, "ouder", 2, [1], only_role=True)
    before = _small_group_pages(coordinator, trajectory)

    Answer.objects.filter(response__in=parents).update(number=5)
    after = _small_group_pages(coordinator, trajectory)

    assert before == after
    results_html, slides_html = before
    for html in (results_html, slides_html):
        assert "&lt; 5" in html  # the parents' count
        assert re.search(r"n = 2\b", html) is None
        assert re.search(r"\b2 antwoorden", html) is None


def test_a_hidden_groups_count_and_score_do_not_appear(coordinator, trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [4, 5])
    # Two parents answer "oneens" (2) everywhere: score 25, 0% eens, n = 2.
    answer(questionnaire, "ouder", 2, [2], only_role=True)

    results_html, slides_html = _small_group_pages(coordinator, trajectory)

    for html in (results_html, slides_html):
        assert re.search(r"n = 2\b", html) is None
        assert "Ouder: score" not in html
        assert re.search(r'score-value">\s*25\s*<', html) is None
        assert re.search(r">25<tspan", html) is None
    parent_cells = re.findall(r'title="Ouder: ([^"]+)"', results_html)
    assert parent_cells
    assert set(parent_cells) <= {"te weinig antwoorden", "niet gevraagd"}


# --- Query counts -------------------------------------------------------------


def _queries_for(client, url):
    client.get(url)  # fills the questionnaire-structure cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["results", "slides", "results_filtered", "theme"])
def test_the_number_of_queries_does_not_grow_with_the_answers(
    page, coordinator, region
):
    counts = []
    for size in (6, 30):
        place = MunicipalityFactory(region=region)
        other = MunicipalityFactory(region=region)
        trajectory = TrajectoryFactory(region=region, municipalities=[place, other])
        questionnaire = questionnaire_for(trajectory)
        for role in ("pleegouder", "professional", "ouder"):
            answer(questionnaire, role, size, [1, 3, 5], municipality=place)
            answer(questionnaire, role, size, [2, 4], municipality=other)
        url = {
            "results": results_url(trajectory),
            "slides": slides_url(trajectory),
            "results_filtered": results_url(trajectory, gemeente=place.pk),
            "theme": theme_url(trajectory, "belasting"),
        }[page]
        counts.append(_queries_for(coordinator, url))
    assert counts[0] == counts[1]


# --- Filters ------------------------------------------------------------------


@pytest.fixture
def places(region):
    return [MunicipalityFactory(region=region, name=n) for n in ("Aadorp", "Beek")]


@pytest.fixture
def filtered_trajectory(region, places):
    """Aadorp: 7 foster parents, 6 professionals; Beek: 2 and 6; Cuijk: 2 professionals."""
    small = MunicipalityFactory(region=region, name="Cuijk")
    trajectory = TrajectoryFactory(region=region, municipalities=[*places, small])
    questionnaire = questionnaire_for(trajectory)
    aadorp, beek = places
    answer(questionnaire, "pleegouder", 7, [4], municipality=aadorp)
    answer(questionnaire, "professional", 6, [3], municipality=aadorp)
    answer(questionnaire, "pleegouder", 2, [1], municipality=beek)
    answer(questionnaire, "professional", 6, [5], municipality=beek)
    answer(questionnaire, "professional", 2, [2], municipality=small)
    trajectory.small_place = small
    return trajectory


def test_only_municipalities_with_enough_answers_are_offered(
    coordinator, filtered_trajectory, places
):
    html = main_of(coordinator.get(results_url(filtered_trajectory)))

    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html)
    assert {name for _pk, name in options} == {"Aadorp", "Beek"}


@pytest.mark.parametrize(
    "value", ["abc", "999999", "-1", "1.5", "%27%3B--", "small", "%00"]
)
def test_a_tampered_municipality_filter_is_ignored_with_a_message(
    value, coordinator, filtered_trajectory
):
    if value == "small":
        value = str(filtered_trajectory.small_place.pk)
    unfiltered = main_of(coordinator.get(results_url(filtered_trajectory)))

    response = coordinator.get(results_url(filtered_trajectory, gemeente=value))

    assert response.status_code == 200
    html = main_of(response)
    assert "Die gemeente kunnen we niet apart laten zien" in html
    assert "U ziet de resultaten van gemeente" not in html
    # Apart from the message, the page is the unfiltered one.
    without_message = re.sub(
        r'<div class="messages".*?</div>\s*</div>', "", html, flags=re.S
    )
    assert squeeze(without_message) == squeeze(unfiltered)


def test_a_tampered_role_filter_is_ignored_with_a_message(
    coordinator, filtered_trajectory
):
    for value in ("ouder", "koning", "<script>"):
        response = coordinator.get(results_url(filtered_trajectory, rol=value))
        assert response.status_code == 200
        assert "Die rol kunnen we niet apart laten zien" in text_of(response)
        assert "<script>" not in main_of(response)


def test_the_role_filter_shows_one_role_next_to_everyone(
    coordinator, filtered_trajectory
):
    html = main_of(
        coordinator.get(results_url(filtered_trajectory, rol="professional"))
    )

    headers = re.findall(r'<th scope="col" class="text-center">([^<]+)</th>', html)
    assert headers == ["Iedereen", "Professional"]
    assert "U ziet Professional naast iedereen." in html


def test_a_municipality_filter_hides_roles_whose_rest_would_be_small(
    coordinator, filtered_trajectory, places
):
    """Aadorp holds 7 of the 9 foster parents: showing them would reveal Beek's 2."""
    aadorp = places[0]

    html = main_of(
        coordinator.get(results_url(filtered_trajectory, gemeente=aadorp.pk))
    )

    assert "U ziet de resultaten van gemeente Aadorp." in html
    counts = dict(
        re.findall(
            r'<th scope="row">([^<]+)</th>\s*<td class="text-end">([^<]+)</td>', html
        )
    )
    assert counts["Pleegouder"] != "7"
    assert counts["Professional"] != "6"
    assert re.search(r'title="Pleegouder: score', html) is None
    assert re.search(r"n = 7\b", html) is None


def test_a_municipality_filter_shows_that_municipality(coordinator, region, places):
    aadorp, beek = places
    trajectory = TrajectoryFactory(region=region, municipalities=places)
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [5], municipality=aadorp)
    answer(questionnaire, "pleegouder", 6, [1], municipality=beek)

    html = main_of(coordinator.get(results_url(trajectory, gemeente=aadorp.pk)))

    assert (
        'title="Pleegouder: score 100 van 100 (zeer hoge score), 100% (helemaal) mee eens, n = 6"'
        in (html)
    )
    assert "Die gemeente" not in html


# --- Slides -------------------------------------------------------------------


def test_slides_show_one_slide_at_a_time_with_links_that_work_without_js(
    coordinator, trajectory
):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [4, 2])
    answer(questionnaire, "professional", 6, [3, 5])

    response = coordinator.get(slides_url(trajectory, "?dia=2"))

    assert response.status_code == 200
    html = text_of(response)
    assert "surveys/results/presentation.html" in [t.name for t in response.templates]
    assert 'class="site-footer' not in html
    assert 'src="/static/js/slides.js" defer' in html
    sections = re.findall(r'<section class="slide[^"]*" id="dia-(\d+)"[^>]*>', html)
    assert len(sections) == 17  # the title slide, 15 themes, where to go next
    visible = re.findall(
        r'<section class="slide[^"]*" id="dia-(\d+)"[^>]*(?<!hidden)>', html
    )
    assert visible == ["2"]
    assert 'href="?dia=1" rel="prev"' in html
    assert 'href="?dia=3" rel="next"' in html
    assert "<span data-slide-current>2</span> van 17" in html
    assert "Hier zijn de minste mensen het mee eens" in html


@pytest.mark.parametrize(("value", "shown"), [("abc", "1"), ("0", "1"), ("999", "17")])
def test_a_slide_number_out_of_range_shows_the_nearest_slide(
    value, shown, coordinator, trajectory
):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4])

    html = text_of(coordinator.get(slides_url(trajectory, f"?dia={value}")))

    assert f"<span data-slide-current>{shown}</span>" in html


def test_the_title_slide_names_region_trajectory_and_respondents(
    coordinator, trajectory
):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4])

    html = main_of(coordinator.get(slides_url(trajectory)))

    assert trajectory.region.name in html
    assert trajectory.name in html
    assert '<span class="slide-count">6</span> Pleegouder' in html
    assert '<span class="slide-count">6</span> mensen in totaal' in html


def test_the_lowest_statements_come_first_on_a_theme_slide(coordinator, trajectory):
    questionnaire = questionnaire_for(trajectory)
    ids = likert_ids(questionnaire, "pleegouder", only_role=True)
    answer(questionnaire, "pleegouder", 6, [5])
    Answer.objects.filter(question_id=ids[1]).update(number=1)

    html = main_of(coordinator.get(slides_url(trajectory, "?dia=2")))
    slide = html[html.index('id="dia-2"') : html.index('id="dia-3"')]

    first = re.search(r'<li><span class="slide-pct">(\d+)% eens</span>', slide)
    assert first.group(1) == "0"


# --- The trajectory page ------------------------------------------------------


def test_the_trajectory_page_links_to_results_and_slides(coordinator, trajectory):
    html = text_of(coordinator.get(trajectory.get_absolute_url()))

    assert results_url(trajectory) in html
    assert slides_url(trajectory) in html


# --- Where the results lead (issue #11) ------------------------------------------

NEXT_STEPS = {
    "surveys:topic_suggestions": "Onderwerpen die aandacht vragen</a>:\n"
    "    welke thema's het eerst aandacht lijken te vragen",
    "surveys:comparison": "Vergelijking met het land en met eerder</a>:\n"
    "    hoe de scores van deze regio liggen",
}


def _assert_leads_on(html, trajectory):
    for name, purpose in NEXT_STEPS.items():
        url = reverse(name, kwargs={"pk": trajectory.pk})
        assert f'<a href="{url}">{purpose}' in html, name


def test_the_results_page_leads_to_the_suggestions_and_the_comparison(
    coordinator, trajectory
):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4])

    _assert_leads_on(text_of(coordinator.get(results_url(trajectory))), trajectory)


def test_the_last_slide_leads_to_the_suggestions_and_the_comparison(
    coordinator, trajectory
):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4])

    html = main_of(coordinator.get(slides_url(trajectory, "?dia=999")))
    last = html[
        html.index('id="dia-17"') : html.index("</section>", html.index('id="dia-17"'))
    ]

    assert "<span data-slide-current>17</span>" in html
    _assert_leads_on(last, trajectory)


def test_the_trajectory_page_leads_to_the_suggestions_and_the_comparison(
    coordinator, trajectory
):
    _assert_leads_on(
        text_of(coordinator.get(trajectory.get_absolute_url())), trajectory
    )


def test_the_links_lead_to_pages_that_answer(coordinator, trajectory):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4])
    for name in NEXT_STEPS:
        url = reverse(name, kwargs={"pk": trajectory.pk})
        assert coordinator.get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "shown"),
    [("beleidsmaker", True), ("facilitator", True), ("other_coordinator", False)],
)
def test_the_results_section_is_for_those_who_follow_the_trajectory(
    role, shown, rf, users_by_role, trajectory
):
    request = rf.get("/")
    request.user = users_by_role[role]

    assert (results_section_context(request, trajectory) is not None) is shown


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs or tag == "style":
            self.inline.append((tag, attrs))
        if tag == "script" and not attrs.get("src"):
            self.inline.append((tag, attrs))
        self.inline.extend((tag, name) for name in attrs if name.startswith("on"))


def test_results_and_slides_need_no_inline_script_or_style(coordinator, trajectory):
    """The strict Content-Security-Policy allows neither."""
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [4, 2])
    answer(questionnaire, "professional", 6, [3, 5])

    for url in (results_url(trajectory), slides_url(trajectory)):
        finder = _InlineFinder()
        finder.feed(text_of(coordinator.get(url)))
        assert finder.inline == [], url


# --- Statements per theme, loaded when opened (issue #11, speed) ----------------


def test_the_results_page_loads_a_themes_statements_only_when_opened(
    coordinator, trajectory
):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [4, 2])
    answer(questionnaire, "professional", 6, [3, 5])

    html = main_of(coordinator.get(results_url(trajectory)))

    assert 'id="stelling-' not in html
    url = theme_url(trajectory, "belasting")
    section = html[html.index('id="thema-belasting"') :]
    section = section[: section.index("</section>")]
    assert f'<details class="theme-statements mt-4" data-hx-get="{url}"' in section
    assert 'data-hx-trigger="toggle once"' in section
    # Without JavaScript the same statements are one link away.
    assert f'<p><a href="{url}">De stellingen van' in section


def test_htmx_gets_the_statements_of_one_theme_as_a_fragment(coordinator, trajectory):
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 6, [4, 2])

    response = coordinator.get(
        theme_url(trajectory, "belasting"), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = text_of(response)
    assert "<main" not in html
    assert "<html" not in html
    charts = {
        int(i)
        for i in re.findall(r'<svg[^>]*aria-labelledby="stelling-(\d+)-title', html)
    }
    theme = next(t for t in structure_for(questionnaire).themes if t.key == "belasting")
    assert charts == {q.id for q in theme.questions if q.kind == "likert"}
    assert "Cijfers in een tabel" in html


def test_without_javascript_a_themes_statements_are_a_page_of_their_own(
    coordinator, trajectory
):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4, 2])

    response = coordinator.get(theme_url(trajectory, "belasting"))

    html = main_of(response)
    assert "<h1>" in html
    assert 'id="stelling-' in html
    assert f'<a href="{results_url(trajectory)}">Terug naar de resultaten</a>' in html


def test_the_statements_keep_the_filters_of_the_table(
    coordinator, filtered_trajectory, places
):
    aadorp = places[0]
    html = main_of(
        coordinator.get(results_url(filtered_trajectory, gemeente=aadorp.pk))
    )

    query = f"?gemeente={aadorp.pk}"
    assert f'data-hx-get="{theme_url(filtered_trajectory, "belasting", query)}"' in html
    page = coordinator.get(results_url(filtered_trajectory, gemeente=aadorp.pk))
    in_table = next(t for t in page.context["sections"] if t.key == "belasting")

    def statements(query):
        response = coordinator.get(
            theme_url(filtered_trajectory, "belasting", query), HTTP_HX_REQUEST="true"
        )
        theme = response.context["section"]
        return [c.summary for c in theme.cells], text_of(response)

    cells, filtered = statements(query)
    assert cells == [c.summary for c in in_table.cells]
    assert filtered != statements("")[1]


def test_an_unknown_theme_is_not_found(coordinator, trajectory):
    answer(questionnaire_for(trajectory), "pleegouder", 6, [4])

    assert coordinator.get(theme_url(trajectory, "bestaat_niet")).status_code == 404
