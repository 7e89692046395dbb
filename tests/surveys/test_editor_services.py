"""Services of the questionnaire editor: every edit bumps the version, and
nothing changes once the first response is in."""

import pytest
from django.core.exceptions import ValidationError

from regions.models import Trajectory
from surveys.editor.selectors import questionnaire_summary
from surveys.editor.services import QuestionnaireFrozen
from surveys.editor.services import question_add
from surveys.editor.services import question_delete
from surveys.editor.services import question_move
from surveys.editor.services import question_update
from surveys.editor.services import theme_move
from surveys.editor.services import theme_set_enabled
from surveys.editor.services import theme_update
from surveys.models import Question
from surveys.models import Questionnaire
from surveys.models import Response
from surveys.respond.selectors import pending_submit_get
from surveys.respond.services import draft_save
from surveys.respond.services import draft_start
from surveys.respond.services import survey_submit_pending
from surveys.services import questionnaire_get_or_create
from surveys.structure import standard_questionnaire
from surveys.structure import structure_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(trajectory):
    return questionnaire_get_or_create(trajectory=trajectory)


@pytest.fixture
def themes(questionnaire):
    return list(questionnaire.themes.order_by("position", "pk"))


@pytest.fixture
def theme(themes):
    return themes[0]


@pytest.fixture
def questions(theme):
    return list(theme.questions.order_by("position", "pk"))


def _version(questionnaire) -> int:
    return Questionnaire.objects.get(pk=questionnaire.pk).version


def _fresh(questionnaire):
    return Questionnaire.objects.get(pk=questionnaire.pk)


def _submit_one_response(trajectory, questionnaire):
    """Answer the survey once through the respondents' services."""
    Trajectory.objects.filter(pk=trajectory.pk).update(
        phase=Trajectory.Phase.VRAGENLIJST_OPEN
    )
    draft, token = draft_start(questionnaire=questionnaire, role="pleegouder")
    question_id = next(  # a statement: 4 is an answer on its scale
        q.id
        for theme in structure_for(questionnaire).themes_for("pleegouder")
        for q in theme.questions_for("pleegouder")
        if q.kind == "likert"
    )
    draft_save(draft=draft, step=1, answers={str(question_id): 4})
    pending = pending_submit_get(token=token)
    result = survey_submit_pending(pending=pending, token=token)
    assert result.created


# --- Themes ----------------------------------------------------------------


def test_switching_a_theme_off_leaves_it_out_of_the_structure(questionnaire, theme):
    assert theme.pk in {t.id for t in structure_for(questionnaire).themes}

    theme_set_enabled(theme=theme, enabled=False)

    fresh = _fresh(questionnaire)
    assert fresh.version == questionnaire.version + 1
    assert theme.pk not in {t.id for t in structure_for(fresh).themes}


def test_switching_a_theme_back_on_brings_it_back(questionnaire, theme):
    theme_set_enabled(theme=theme, enabled=False)
    theme_set_enabled(theme=theme, enabled=True)

    fresh = _fresh(questionnaire)
    assert fresh.version == questionnaire.version + 2
    assert theme.pk in {t.id for t in structure_for(fresh).themes}


def test_switching_to_the_current_state_changes_nothing(questionnaire, theme):
    theme_set_enabled(theme=theme, enabled=True)

    assert _version(questionnaire) == questionnaire.version


def test_theme_update_changes_titles_and_version(questionnaire, theme):
    theme_update(theme=theme, title="Nieuwe titel", child_title="Voor jou")

    theme.refresh_from_db()
    assert theme.title == "Nieuwe titel"
    assert theme.child_title == "Voor jou"
    assert theme.title_en == ""
    fresh = _fresh(questionnaire)
    assert fresh.version == questionnaire.version + 1
    assert structure_for(fresh).themes[0].title == "Nieuwe titel"


def test_theme_move_down_swaps_with_the_next_theme(questionnaire, themes):
    assert theme_move(theme=themes[0], direction="down") is True

    order = [t.id for t in structure_for(_fresh(questionnaire)).themes]
    assert order[:3] == [themes[1].pk, themes[0].pk, themes[2].pk]


def test_theme_move_up_swaps_with_the_previous_theme(questionnaire, themes):
    assert theme_move(theme=themes[-1], direction="up") is True

    order = [t.id for t in structure_for(_fresh(questionnaire)).themes]
    assert order[-2:] == [themes[-1].pk, themes[-2].pk]


@pytest.mark.parametrize(("index", "direction"), [(0, "up"), (-1, "down")])
def test_moving_a_theme_beyond_the_end_changes_nothing(
    questionnaire, themes, index, direction
):
    assert theme_move(theme=themes[index], direction=direction) is False
    assert _version(questionnaire) == questionnaire.version


def test_moving_in_an_unknown_direction_changes_nothing(questionnaire, themes):
    assert theme_move(theme=themes[1], direction="sideways") is False
    assert _version(questionnaire) == questionnaire.version


# --- Questions ---------------------------------------------------------------


def test_question_update_changes_wording_and_roles(questionnaire, theme, questions):
    question = questions[0]
    question_update(
        question=question,
        text="Ik kreeg een goede training.",
        text_en="I got good training.",
        child_text="",
        roles=["pleegouder", "professional"],
    )

    question.refresh_from_db()
    assert question.text == "Ik kreeg een goede training."
    assert question.text_en == "I got good training."
    assert question.roles == ["pleegouder", "professional"]
    fresh = _fresh(questionnaire)
    assert fresh.version == questionnaire.version + 1
    view = structure_for(fresh).questions_by_id()[question.pk]
    assert view.text == "Ik kreeg een goede training."


def test_question_update_refuses_a_role_outside_the_theme(theme, questions):
    assert "pleegkind" not in theme.roles
    with pytest.raises(ValidationError):
        question_update(question=questions[0], text="Tekst", roles=["pleegkind"])


def test_question_update_refuses_no_roles(questions):
    with pytest.raises(ValidationError):
        question_update(question=questions[0], text="Tekst", roles=[])


@pytest.mark.parametrize(
    ("kind", "choices"),
    [
        ("likert", None),
        ("open", None),
        ("single", ["Ja", "Nee", "Weet ik niet"]),
        ("multiple", ["School", "Sport", "Vrienden"]),
    ],
)
def test_question_add_appends_each_kind_to_the_theme(
    questionnaire, theme, questions, kind, choices
):
    question = question_add(
        theme=theme,
        kind=kind,
        text="Wat vind je van de begeleiding?",
        roles=["pleegouder"],
        choices=choices,
    )

    assert question.position == questions[-1].position + 1
    assert question.key.startswith("wat-vind-je-van-de-begeleiding-")
    fresh = _fresh(questionnaire)
    assert fresh.version == questionnaire.version + 1
    view = structure_for(fresh).questions_by_id()[question.pk]
    assert view.kind == kind
    assert view.roles == frozenset({"pleegouder"})
    assert [label for _value, label in view.choice_list()] == (choices or [])
    theme_view = next(t for t in structure_for(fresh).themes if t.id == theme.pk)
    assert theme_view.questions[-1].id == question.pk


def test_an_added_open_question_is_another_open_question(theme):
    question = question_add(
        theme=theme, kind="open", text="Nog iets?", roles=["pleegouder"]
    )
    assert question.open_kind == Question.OpenKind.OTHER


def test_choice_values_are_unique_and_short(theme):
    question = question_add(
        theme=theme,
        kind="single",
        text="Kies",
        roles=["pleegouder"],
        choices=["A!", "a?", "a 2", "ééé", "€€€", "x" * 100],
    )
    values = [choice["value"] for choice in question.choices]
    assert len(set(values)) == len(values)
    assert all(0 < len(value) <= 50 for value in values)


@pytest.mark.parametrize("count", [0, 1, 21, 25])
def test_question_add_refuses_too_few_or_too_many_choices(questionnaire, theme, count):
    with pytest.raises(ValidationError):
        question_add(
            theme=theme,
            kind="multiple",
            text="Kies",
            roles=["pleegouder"],
            choices=[f"Keuze {n}" for n in range(count)],
        )
    assert _version(questionnaire) == questionnaire.version


def test_question_add_refuses_an_unknown_kind(theme):
    with pytest.raises(ValidationError):
        question_add(theme=theme, kind="slider", text="Tekst", roles=["pleegouder"])


def test_question_add_refuses_a_role_outside_the_theme(questionnaire, theme):
    with pytest.raises(ValidationError):
        question_add(theme=theme, kind="likert", text="Tekst", roles=["pleegkind"])
    assert _version(questionnaire) == questionnaire.version


def test_question_keys_are_unique_for_the_same_text(theme):
    keys = {
        question_add(
            theme=theme, kind="likert", text="Zelfde", roles=["pleegouder"]
        ).key
        for _ in range(5)
    }
    assert len(keys) == 5


def test_question_key_without_letters_gets_a_plain_stem(theme):
    question = question_add(
        theme=theme, kind="likert", text="???", roles=["pleegouder"]
    )
    assert question.key.startswith("vraag-")


def test_question_move_swaps_within_the_theme(questionnaire, theme, questions):
    assert question_move(question=questions[1], direction="up") is True

    view = next(
        t for t in structure_for(_fresh(questionnaire)).themes if t.id == theme.pk
    )
    assert [q.id for q in view.questions[:2]] == [questions[1].pk, questions[0].pk]


@pytest.mark.parametrize(("index", "direction"), [(0, "up"), (-1, "down")])
def test_moving_a_question_beyond_the_end_changes_nothing(
    questionnaire, questions, index, direction
):
    assert question_move(question=questions[index], direction=direction) is False
    assert _version(questionnaire) == questionnaire.version


def test_question_delete_removes_it(questionnaire, questions):
    question_delete(question=questions[0])

    assert not Question.objects.filter(pk=questions[0].pk).exists()
    fresh = _fresh(questionnaire)
    assert fresh.version == questionnaire.version + 1
    assert questions[0].pk not in structure_for(fresh).questions_by_id()


# --- Frozen ------------------------------------------------------------------


EDITS = {
    "theme_off": lambda theme, question: theme_set_enabled(theme=theme, enabled=False),
    "theme_title": lambda theme, question: theme_update(theme=theme, title="Nieuw"),
    "theme_move": lambda theme, question: theme_move(theme=theme, direction="down"),
    "question_add": lambda theme, question: question_add(
        theme=theme, kind="likert", text="Nieuw", roles=["pleegouder"]
    ),
    "question_update": lambda theme, question: question_update(
        question=question, text="Nieuw", roles=["pleegouder"]
    ),
    "question_move": lambda theme, question: question_move(
        question=question, direction="down"
    ),
    "question_delete": lambda theme, question: question_delete(question=question),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_every_edit_is_refused_after_the_first_response(
    trajectory, questionnaire, theme, questions, edit
):
    _submit_one_response(trajectory, questionnaire)
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1
    before = sorted(
        Question.objects.filter(theme__questionnaire=questionnaire).values_list(
            "pk", "text", "position"
        )
    )

    with pytest.raises(QuestionnaireFrozen):
        edit(theme, questions[0])

    assert _version(questionnaire) == questionnaire.version
    after = sorted(
        Question.objects.filter(theme__questionnaire=questionnaire).values_list(
            "pk", "text", "position"
        )
    )
    assert after == before


# --- Summary -------------------------------------------------------------------


def test_summary_of_an_unopened_questionnaire_creates_nothing(trajectory):
    summary = questionnaire_summary(trajectory=trajectory)

    data = standard_questionnaire()
    assert summary.exists is False
    assert summary.themes_on == summary.themes_total == len(data["themes"])
    assert summary.questions_on == sum(len(t["questions"]) for t in data["themes"])
    assert not Questionnaire.objects.filter(trajectory=trajectory).exists()


def test_summary_counts_only_themes_that_are_on(trajectory, questionnaire, theme):
    total_questions = Question.objects.filter(
        theme__questionnaire=questionnaire
    ).count()
    theme_set_enabled(theme=theme, enabled=False)

    summary = questionnaire_summary(trajectory=trajectory)

    assert summary.exists is True
    assert summary.themes_on == summary.themes_total - 1
    assert summary.questions_on == total_questions - theme.questions.count()
    assert summary.frozen is False


def test_summary_says_when_it_is_frozen(trajectory, questionnaire):
    _submit_one_response(trajectory, questionnaire)
    assert questionnaire_summary(trajectory=trajectory).frozen is True
