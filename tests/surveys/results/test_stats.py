"""Statistics against hand-computed cases, and small-group suppression."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.protection import suppress
from regions.models import Trajectory
from surveys.models import Answer
from surveys.models import Response
from surveys.results.figures import ALL
from surveys.results.figures import Cell
from surveys.results.protection import municipality_filter_allowed
from surveys.results.stats import survey_results
from surveys.services import questionnaire_get_or_create
from surveys.structure import structure_for
from tests.regions.factories import TrajectoryFactory


def make_responses(questionnaire, role, numbers_by_question, municipality=None):
    """One response per position: numbers_by_question = {question_id: [n, n, ...]}."""
    length = max(len(v) for v in numbers_by_question.values())
    for index in range(length):
        response = Response.objects.create(
            questionnaire=questionnaire,
            role=role,
            municipality=municipality,
            submitted_on=timezone.localdate(),
            submission_key=f"{questionnaire.pk}-{role}-{Response.objects.count()}",
        )
        Answer.objects.bulk_create(
            Answer(response=response, question_id=qid, number=numbers[index])
            for qid, numbers in numbers_by_question.items()
            if index < len(numbers) and numbers[index] is not None
        )


@pytest.fixture
def questionnaire(region):
    trajectory = TrajectoryFactory(
        region=region, phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    return questionnaire_get_or_create(trajectory=trajectory)


def shared_likert(questionnaire, *roles):
    """A Likert statement asked to all the given roles."""
    structure = structure_for(questionnaire)
    for theme in structure.themes:
        for q in theme.questions:
            if q.kind == "likert" and set(roles) <= q.roles:
                return theme, q
    raise AssertionError(f"no statement shared by {roles}")


def test_cell_figures_match_a_hand_computed_case():
    cell = Cell(counts={1: 1, 2: 1, 3: 2, 4: 3, 5: 3}, dont_know=4)
    assert cell.n == 10
    assert cell.share_positive == pytest.approx(0.6)
    assert cell.share_negative == pytest.approx(0.2)
    assert cell.mean == pytest.approx(3.6)
    assert cell.score == pytest.approx(65.0)


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"a": 10, "b": 8, "c": 0}, set()),
        ({"a": 10, "b": 8, "c": 3}, {"b", "c"}),
        ({"a": 10, "b": 6, "c": 2, "d": 3}, {"c", "d"}),
        ({"a": 10, "b": 3}, {"a", "b"}),
        ({"a": 4}, {"a"}),
        ({"a": 5, "b": 5}, set()),
    ],
)
def test_suppress_hides_small_groups_and_what_would_reveal_them(counts, hidden):
    assert suppress(counts) == hidden


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 40), min_size=1))
def test_no_hidden_group_can_be_worked_out_by_subtraction(counts):
    hidden = suppress(counts)
    total = sum(counts.values())
    shown = {k: n for k, n in counts.items() if k not in hidden}
    assert all(n == 0 or n >= 5 for n in shown.values())
    remainder = total - sum(shown.values())
    assert remainder == 0 or remainder >= 5 or hidden == set(counts)


def test_results_per_role_match_a_hand_computed_case(questionnaire):
    theme, q = shared_likert(questionnaire, "pleegouder", "professional", "ouder")
    make_responses(questionnaire, "pleegouder", {q.id: [5, 5, 4, 4, 2, 0]})
    make_responses(questionnaire, "professional", {q.id: [3, 3, 3, 3, 3]})
    make_responses(questionnaire, "ouder", {q.id: [1, 1]})

    results = survey_results(questionnaire=questionnaire)

    assert results.respondents == {
        "pleegouder": 6,
        "professional": 5,
        "ouder": 2,
        ALL: 13,
    }
    # Two parents are too few; hiding them alone would let "all minus the
    # rest" reveal them, so the next smallest group is hidden as well.
    assert results.hidden_roles == {"ouder", "professional"}
    assert results.shown_roles == ["pleegouder"]
    row = next(r for t in results.themes for r in t.questions if r.question.id == q.id)
    foster = row.cells["pleegouder"]
    assert not foster.hidden
    assert foster.n == 5
    assert foster.dont_know == 1
    assert foster.share_positive == pytest.approx(4 / 5)
    everyone = row.cells[ALL]
    assert not everyone.hidden
    assert everyone.n == 12
    assert everyone.counts == {1: 2, 2: 1, 3: 5, 4: 2, 5: 2}
    assert everyone.share_positive == pytest.approx(4 / 12)
    assert row.cells["ouder"].hidden
    assert row.cells["professional"].hidden


def test_theme_scores_and_spread_between_roles(questionnaire):
    theme, q = shared_likert(questionnaire, "pleegouder", "professional")
    make_responses(questionnaire, "pleegouder", {q.id: [1, 1, 2, 2, 1]})
    make_responses(questionnaire, "professional", {q.id: [5, 5, 4, 4, 5]})
    results = survey_results(questionnaire=questionnaire)
    theme_result = next(t for t in results.themes if t.theme.id == theme.id)
    assert theme_result.score("pleegouder") == pytest.approx((1.4 - 1) / 4 * 100)
    assert theme_result.score("professional") == pytest.approx((4.6 - 1) / 4 * 100)
    assert theme_result.spread == pytest.approx(80.0)
    assert results.most_different(limit=1) == [theme_result]


def test_a_statement_skipped_by_many_is_hidden_for_that_role(questionnaire):
    theme, q = shared_likert(questionnaire, "pleegouder", "professional")
    other = next(
        x
        for x in theme.questions
        if x.kind == "likert" and x.id != q.id and "pleegouder" in x.roles
    )
    make_responses(
        questionnaire,
        "pleegouder",
        {q.id: [4] * 8, other.id: [4, 4, None, None, None, None, None, None]},
    )
    make_responses(questionnaire, "professional", {q.id: [2] * 6})
    results = survey_results(questionnaire=questionnaire)
    row = next(
        r for t in results.themes for r in t.questions if r.question.id == other.id
    )
    assert row.cells["pleegouder"].hidden
    assert row.cells[ALL].n == 2
    assert row.cells[ALL].hidden


def test_every_shown_row_leaves_no_small_remainder(questionnaire):
    theme, q = shared_likert(
        questionnaire, "pleegouder", "professional", "beleidsmaker"
    )
    make_responses(questionnaire, "pleegouder", {q.id: [4] * 9})
    make_responses(questionnaire, "professional", {q.id: [3] * 7})
    make_responses(questionnaire, "beleidsmaker", {q.id: [2] * 3})
    results = survey_results(questionnaire=questionnaire)
    for theme_result in results.themes:
        for row in theme_result.questions:
            if row.cells[ALL].hidden:
                continue
            shown = sum(c.n for g, c in row.cells.items() if g != ALL and not c.hidden)
            remainder = row.cells[ALL].n - shown
            assert remainder == 0 or remainder >= 5


def test_municipality_filter_only_where_both_sides_are_large_enough():
    allowed = municipality_filter_allowed(
        municipality_counts={1: 12, 2: 5, 3: 4, None: 2}
    )
    assert allowed == {1, 2}
    allowed = municipality_filter_allowed(municipality_counts={1: 12, 2: 3})
    assert allowed == set()


@pytest.mark.parametrize("per_role", [6, 30])
def test_results_take_the_same_queries_whatever_the_number_of_responses(
    questionnaire, per_role
):
    structure = structure_for(questionnaire)
    for role in ("pleegouder", "professional"):
        ids = [
            q.id
            for t in structure.themes_for(role)
            for q in t.questions_for(role)
            if q.kind == "likert"
        ]
        make_responses(
            questionnaire, role, {qid: [4, 3, 5][:3] * (per_role // 3) for qid in ids}
        )
    with CaptureQueriesContext(connection) as queries:
        results = survey_results(questionnaire=questionnaire)
    # Respondents per role; the answers' figures in one statement on
    # PostgreSQL (``counting``), in two ORM queries elsewhere.
    assert len(queries.captured_queries) == (
        2 if connection.vendor == "postgresql" else 3
    )
    assert results.respondents[ALL] == 2 * per_role


def test_open_answers_are_counted_per_theme_role_and_kind_in_the_same_pass(
    questionnaire,
):
    """Empty texts and choice answers count nowhere; Likert counts stay apart."""
    structure = structure_for(questionnaire)
    theme = structure.themes_for("pleegouder")[0]
    questions = theme.questions_for("pleegouder")
    likert = next(q for q in questions if q.kind == "likert")
    went_well = next(q for q in questions if q.open_kind == "went_well")
    better = next(q for q in questions if q.open_kind == "could_be_better")
    texts = {
        "pleegouder": ["Goed", "Fijn", "", "Prima", "Ok", "Top"],
        "professional": ["Ja", "Ja", "Ja", "Ja", "Ja"],
    }
    for role, role_texts in texts.items():
        for index, text in enumerate(role_texts):
            response = Response.objects.create(
                questionnaire=questionnaire,
                role=role,
                submitted_on=timezone.localdate(),
                submission_key=f"open-{role}-{index}",
            )
            Answer.objects.bulk_create(
                [
                    Answer(response=response, question_id=likert.id, number=4),
                    Answer(response=response, question_id=went_well.id, text=text),
                    Answer(response=response, question_id=better.id, choice="x"),
                ]
            )

    results = survey_results(questionnaire=questionnaire)

    result = next(t for t in results.themes if t.theme.id == theme.id)
    assert result.open_counts == {"pleegouder": 5, "professional": 5, ALL: 10}
    assert result.open_by_kind == {"went_well": 10, "could_be_better": 0}
    statement = next(q for q in result.questions if q.question.id == likert.id)
    assert statement.cells[ALL].counts[4] == 11
    assert statement.cells[ALL].n == 11


def test_the_dashboard_and_the_results_hide_the_same_groups():
    """One rule everywhere: a page can't undo what another page hides."""
    from surveys.results.protection import SHOWN
    from surveys.results.protection import suppress_small_counts

    for counts in ([10, 5, 1], [10, 6, 2, 3], [25, 12, 8, 8, 20, 7], [6, 4], [9, 0, 4]):
        statuses, _withheld = suppress_small_counts(counts)
        dashboard_hidden = {str(i) for i, s in enumerate(statuses) if s != SHOWN}
        results_hidden = suppress({str(i): n for i, n in enumerate(counts)})
        assert dashboard_hidden - {str(i) for i, n in enumerate(counts) if n == 0} == (
            results_hidden - {str(i) for i, n in enumerate(counts) if n == 0}
        )


def test_a_theme_figure_never_includes_a_hidden_statement(questionnaire):
    theme, q = shared_likert(questionnaire, "pleegouder", "ouder")
    other = next(
        x
        for x in theme.questions
        if x.kind == "likert" and x.id != q.id and {"pleegouder", "ouder"} <= x.roles
    )
    make_responses(questionnaire, "pleegouder", {q.id: [4] * 6, other.id: [4, 4]})
    make_responses(questionnaire, "ouder", {q.id: [2] * 6})
    first = survey_results(questionnaire=questionnaire)
    Answer.objects.filter(question_id=other.id).update(number=1)
    second = survey_results(questionnaire=questionnaire)
    theme_first = next(t for t in first.themes if t.theme.id == theme.id)
    theme_second = next(t for t in second.themes if t.theme.id == theme.id)
    for group in (ALL, "pleegouder", "ouder"):
        assert theme_first.score(group) == theme_second.score(group)
