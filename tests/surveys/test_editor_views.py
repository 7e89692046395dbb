"""Pages of the questionnaire editor: wiring, hostile input, the frozen state."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from surveys.editor.services import FROZEN_MESSAGE
from surveys.editor.services import question_add
from surveys.models import Question
from surveys.models import Questionnaire
from surveys.models import Response
from surveys.models import Theme
from surveys.services import questionnaire_get_or_create

pytestmark = pytest.mark.django_db

FROZEN_TEXT = str(FROZEN_MESSAGE)


@pytest.fixture
def questionnaire(trajectory):
    return questionnaire_get_or_create(trajectory=trajectory)


@pytest.fixture
def theme(questionnaire):
    return questionnaire.themes.order_by("position", "pk").first()


@pytest.fixture
def question(theme):
    return theme.questions.order_by("position", "pk").first()


@pytest.fixture
def other_theme(other_trajectory):
    questionnaire = questionnaire_get_or_create(trajectory=other_trajectory)
    return questionnaire.themes.order_by("position", "pk").first()


@pytest.fixture
def other_question(other_theme):
    return other_theme.questions.order_by("position", "pk").first()


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")


@pytest.fixture
def frozen(questionnaire):
    """One response is in: the questionnaire may no longer change."""
    Response.objects.create(
        questionnaire=questionnaire,
        role="pleegouder",
        submitted_on=timezone.localdate(),
        submission_key="0" * 64,
    )
    return questionnaire


def _url(name, trajectory, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"pk": trajectory.pk, **kwargs})


def _version(questionnaire):
    return Questionnaire.objects.get(pk=questionnaire.pk).version


def _question_data(**overrides):
    data = {
        "kind": "likert",
        "text": "Ik voel me gehoord door de pleegzorgwerker.",
        "child_text": "",
        "text_en": "",
        "child_text_en": "",
        "roles": ["pleegouder"],
        "choices": "",
    }
    data.update(overrides)
    return data


# --- Overview ------------------------------------------------------------------


def test_overview_lists_every_theme_with_its_questions(
    coordinator, trajectory, questionnaire
):
    response = coordinator.get(_url("editor", trajectory))

    assert response.status_code == 200
    assert "surveys/editor/overview.html" in [t.name for t in response.templates]
    content = response.content.decode()
    for theme in questionnaire.themes.all():
        assert theme.title in content
    assert (
        Question.objects.filter(theme__questionnaire=questionnaire).first().text
        in content
    )
    assert _url("editor_theme_toggle", trajectory, theme_pk=theme.pk) in content


def test_overview_creates_the_questionnaire_on_first_visit(coordinator, trajectory):
    assert not Questionnaire.objects.filter(trajectory=trajectory).exists()

    response = coordinator.get(_url("editor", trajectory))

    assert response.status_code == 200
    assert Questionnaire.objects.filter(trajectory=trajectory).exists()


def test_frozen_overview_explains_why_and_has_no_edit_controls(
    coordinator, trajectory, theme, question, frozen
):
    response = coordinator.get(_url("editor", trajectory))

    content = response.content.decode()
    assert FROZEN_TEXT in content
    assert question.text in content
    assert "<form" not in content.split('id="main"')[1].split("</main>")[0]
    assert (
        _url("editor_question_edit", trajectory, question_pk=question.pk) not in content
    )
    assert _url("editor_question_add", trajectory, theme_pk=theme.pk) not in content


def _questions_for_query_count(theme, count):
    for number in range(count):
        question_add(
            theme=theme,
            kind="single",
            text=f"Extra vraag {number}",
            roles=["pleegouder"],
            choices=["Ja", "Nee"],
        )


def test_overview_query_count_does_not_grow_with_the_questions(
    coordinator, trajectory, questionnaire, theme, django_assert_num_queries
):
    url = _url("editor", trajectory)
    coordinator.get(url)  # session and questionnaire in place
    with CaptureQueriesContext(connection) as standard:
        assert coordinator.get(url).status_code == 200

    _questions_for_query_count(theme, 10)
    Theme.objects.filter(pk=theme.pk).update(enabled=False)

    with django_assert_num_queries(len(standard.captured_queries)):
        response = coordinator.get(url)
    assert "Extra vraag 9" in response.content.decode()


# --- Themes ------------------------------------------------------------------


def test_switching_a_theme_off_through_the_page(coordinator, trajectory, theme):
    response = coordinator.post(
        _url("editor_theme_toggle", trajectory, theme_pk=theme.pk),
        {"enabled": "0"},
        follow=True,
    )

    theme.refresh_from_db()
    assert theme.enabled is False
    assert "staat uit" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"#thema-{theme.pk}")


@pytest.mark.parametrize("value", ["", "2", "ja", "\x00", "1" * 10_000])
def test_a_bad_switch_value_changes_nothing(
    coordinator, trajectory, questionnaire, theme, value
):
    response = coordinator.post(
        _url("editor_theme_toggle", trajectory, theme_pk=theme.pk),
        {"enabled": value},
        follow=True,
    )

    assert response.status_code == 200
    assert "Kies of het thema aan of uit moet" in response.content.decode()
    assert _version(questionnaire) == questionnaire.version


def test_editing_a_theme_title(coordinator, trajectory, theme):
    response = coordinator.post(
        _url("editor_theme_edit", trajectory, theme_pk=theme.pk),
        {"title": "  Een   pleeggezin vinden ", "child_title": "", "title_en": ""},
    )

    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.title == "Een pleeggezin vinden"


def test_moving_a_theme_down(coordinator, trajectory, questionnaire):
    first, second = questionnaire.themes.order_by("position", "pk")[:2]

    coordinator.post(
        _url("editor_theme_move", trajectory, theme_pk=first.pk), {"direction": "down"}
    )

    order = list(questionnaire.themes.order_by("position", "pk")[:2])
    assert order == [second, first]


@pytest.mark.parametrize(
    ("which", "direction", "message"),
    [("first", "up", "al bovenaan"), ("last", "down", "al onderaan")],
)
def test_moving_a_theme_beyond_the_end_says_so(
    coordinator, trajectory, questionnaire, which, direction, message
):
    themes = questionnaire.themes.order_by("position", "pk")
    theme = themes.first() if which == "first" else themes.last()

    response = coordinator.post(
        _url("editor_theme_move", trajectory, theme_pk=theme.pk),
        {"direction": direction},
        follow=True,
    )

    assert message in response.content.decode()
    assert _version(questionnaire) == questionnaire.version


@pytest.mark.parametrize("direction", ["", "left", "UP", "\x00", "x" * 5000])
def test_a_bad_direction_changes_nothing(
    coordinator, trajectory, questionnaire, question, direction
):
    response = coordinator.post(
        _url("editor_question_move", trajectory, question_pk=question.pk),
        {"direction": direction},
        follow=True,
    )

    assert response.status_code == 200
    assert "Kies omhoog of omlaag" in response.content.decode()
    assert _version(questionnaire) == questionnaire.version


# --- Questions -----------------------------------------------------------------


def test_editing_a_questions_wording(coordinator, trajectory, question):
    response = coordinator.post(
        _url("editor_question_edit", trajectory, question_pk=question.pk),
        {
            "text": "De training was goed.",
            "child_text": "",
            "text_en": "The training was good.",
            "child_text_en": "",
            "roles": ["pleegouder"],
        },
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "De training was goed."
    assert question.text_en == "The training was good."


def test_the_edit_form_shows_the_current_wording(coordinator, trajectory, question):
    response = coordinator.get(
        _url("editor_question_edit", trajectory, question_pk=question.pk)
    )

    content = response.content.decode()
    assert question.text in content
    assert "<fieldset" in content
    assert "<legend" in content


@pytest.mark.parametrize(
    ("kind", "choices"),
    [
        ("likert", ""),
        ("open", ""),
        ("single", "Ja\nNee\nWeet ik niet"),
        ("multiple", "School\r\nSport\r\n\r\nVrienden\n"),
    ],
)
def test_adding_each_kind_of_question(coordinator, trajectory, theme, kind, choices):
    response = coordinator.post(
        _url("editor_question_add", trajectory, theme_pk=theme.pk),
        _question_data(kind=kind, choices=choices),
    )

    assert response.status_code == 302
    question = theme.questions.order_by("-position").first()
    assert question.kind == kind
    assert question.text == "Ik voel me gehoord door de pleegzorgwerker."
    assert [c["label"] for c in question.choices] == [
        line.strip() for line in choices.splitlines() if line.strip()
    ]
    assert response["Location"].endswith(f"#vraag-{question.pk}")


HOSTILE = [
    ({"text": "x" * 100_000}, "niet meer dan 500 tekens"),
    ({"text": ""}, "Typ de vraag of stelling"),
    ({"text": "Goed\x00fout"}, "onzichtbaar teken"),
    ({"child_text": "a\x07b"}, "onzichtbaar teken"),
    ({"text": "<script>alert(1)</script>"}, "HTML-code"),
    ({"text_en": '<img src=x onerror="alert(1)">'}, "HTML-code"),
    ({"kind": "slider"}, "Kies een soort vraag uit de lijst"),
    ({"kind": ""}, "Kies wat voor soort vraag het is"),
    ({"roles": ["pleegkind"]}, "hoort niet bij dit thema"),
    ({"roles": ["beheerder"]}, "hoort niet bij dit thema"),
    ({"roles": []}, "zet minstens één vinkje"),
    ({"kind": "single", "choices": ""}, "Bij deze soort vraag horen keuzes"),
    ({"kind": "single", "choices": "Alleen ja"}, "minstens 2 en hoogstens 20"),
    (
        {"kind": "multiple", "choices": "\n".join(f"Keuze {n}" for n in range(25))},
        "minstens 2 en hoogstens 20",
    ),
    ({"kind": "multiple", "choices": "Ja\n" + "n" * 101}, "hoogstens 100 tekens"),
    ({"kind": "single", "choices": "Ja\nja"}, "maar één keer"),
    ({"kind": "single", "choices": "Ja\n<b>Nee</b>"}, "HTML-code"),
    ({"kind": "single", "choices": "Ja\nNee\x00"}, "onzichtbaar teken"),
    ({"kind": "single", "choices": "a\n" * 10_000}, "niet meer dan 5000 tekens"),
]


@pytest.mark.parametrize(
    ("overrides", "message"), HOSTILE, ids=[m for _o, m in HOSTILE]
)
def test_bad_input_on_the_add_form_gets_a_clear_message(
    coordinator, trajectory, questionnaire, theme, overrides, message
):
    data = _question_data(**overrides)
    count = theme.questions.count()

    response = coordinator.post(
        _url("editor_question_add", trajectory, theme_pk=theme.pk), data
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert theme.questions.count() == count
    assert _version(questionnaire) == questionnaire.version
    # What was typed comes back (escaped) so nothing needs typing again.
    form = response.context["form"]
    assert form.data["text"] == data["text"]
    assert "<script>alert" not in content


def test_bad_input_on_the_edit_form_keeps_the_typed_text(
    coordinator, trajectory, question
):
    response = coordinator.post(
        _url("editor_question_edit", trajectory, question_pk=question.pk),
        {"text": "Mijn nieuwe tekst <b>vet</b>", "roles": ["pleegouder"]},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "HTML-code" in content
    assert "Mijn nieuwe tekst &lt;b&gt;vet&lt;/b&gt;" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "y" * 5000}, "niet meer dan 200 tekens"),
        ({"title": ""}, "Typ een titel"),
        ({"title": "Titel\x00"}, "onzichtbaar teken"),
        ({"title": "<script>x</script>"}, "HTML-code"),
    ],
)
def test_bad_input_on_the_theme_form_gets_a_clear_message(
    coordinator, trajectory, questionnaire, theme, data, message
):
    response = coordinator.post(
        _url("editor_theme_edit", trajectory, theme_pk=theme.pk), data
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _version(questionnaire) == questionnaire.version


def test_a_question_is_deleted_only_after_confirming(coordinator, trajectory, question):
    url = _url("editor_question_delete", trajectory, question_pk=question.pk)

    response = coordinator.get(url)
    assert response.status_code == 200
    assert question.text in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()

    response = coordinator.post(url)
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


# --- Another trajectory's ids --------------------------------------------------


THEME_URLS = [
    ("editor_theme_edit", "get"),
    ("editor_theme_edit", "post"),
    ("editor_theme_toggle", "post"),
    ("editor_theme_move", "post"),
    ("editor_question_add", "get"),
    ("editor_question_add", "post"),
]
QUESTION_URLS = [
    ("editor_question_edit", "get"),
    ("editor_question_edit", "post"),
    ("editor_question_move", "post"),
    ("editor_question_delete", "get"),
    ("editor_question_delete", "post"),
]


@pytest.mark.parametrize("role", ["coordinator", "staff"])
@pytest.mark.parametrize(("name", "method"), THEME_URLS)
def test_another_trajectorys_theme_is_not_found(
    client_for, trajectory, questionnaire, other_theme, role, name, method
):
    client = client_for(role)
    url = _url(name, trajectory, theme_pk=other_theme.pk)

    response = getattr(client, method)(url, {"enabled": "0", "direction": "down"})

    assert response.status_code == 404
    other_theme.refresh_from_db()
    assert other_theme.enabled is True
    assert other_theme.position == 1


@pytest.mark.parametrize("role", ["coordinator", "staff"])
@pytest.mark.parametrize(("name", "method"), QUESTION_URLS)
def test_another_trajectorys_question_is_not_found(
    client_for, trajectory, questionnaire, other_question, role, name, method
):
    client = client_for(role)
    url = _url(name, trajectory, question_pk=other_question.pk)

    response = getattr(client, method)(url, {"text": "Gekaapt", "direction": "down"})

    assert response.status_code == 404
    other_question.refresh_from_db()
    assert other_question.text != "Gekaapt"
    assert other_question.position == 1


def test_a_theme_id_that_does_not_exist_is_not_found(
    coordinator, trajectory, questionnaire
):
    response = coordinator.get(_url("editor_theme_edit", trajectory, theme_pk=999_999))
    assert response.status_code == 404


def test_editing_another_trajectory_is_forbidden(
    coordinator, other_trajectory, other_question
):
    response = coordinator.post(
        _url("editor_question_edit", other_trajectory, question_pk=other_question.pk),
        {"text": "Gekaapt", "roles": ["pleegouder"]},
    )

    assert response.status_code == 404
    other_question.refresh_from_db()
    assert other_question.text != "Gekaapt"


@pytest.mark.parametrize("role", ["participant", "beleidsmaker", "facilitator"])
def test_followers_of_the_trajectory_cannot_edit(
    client_for, trajectory, questionnaire, theme, role
):
    response = client_for(role).post(
        _url("editor_theme_toggle", trajectory, theme_pk=theme.pk), {"enabled": "0"}
    )

    assert response.status_code == 404
    theme.refresh_from_db()
    assert theme.enabled is True


def test_anonymous_visitors_are_sent_to_log_in(
    client, trajectory, questionnaire, theme
):
    response = client.post(
        _url("editor_theme_toggle", trajectory, theme_pk=theme.pk), {"enabled": "0"}
    )

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# --- Frozen ------------------------------------------------------------------------


def _frozen_posts(trajectory, theme, question):
    return [
        (_url("editor_theme_edit", trajectory, theme_pk=theme.pk), {"title": "Nieuw"}),
        (_url("editor_theme_toggle", trajectory, theme_pk=theme.pk), {"enabled": "0"}),
        (
            _url("editor_theme_move", trajectory, theme_pk=theme.pk),
            {"direction": "down"},
        ),
        (_url("editor_question_add", trajectory, theme_pk=theme.pk), _question_data()),
        (
            _url("editor_question_edit", trajectory, question_pk=question.pk),
            {"text": "Nieuw", "roles": ["pleegouder"]},
        ),
        (
            _url("editor_question_move", trajectory, question_pk=question.pk),
            {"direction": "down"},
        ),
        (_url("editor_question_delete", trajectory, question_pk=question.pk), {}),
    ]


@pytest.mark.parametrize("index", range(7))
def test_every_edit_is_refused_with_the_reason_once_answers_are_in(
    coordinator, trajectory, theme, question, frozen, index
):
    url, data = _frozen_posts(trajectory, theme, question)[index]
    before = sorted(
        Question.objects.filter(theme__questionnaire=frozen).values_list(
            "pk", "text", "position"
        )
    )

    response = coordinator.post(url, data, follow=True)

    assert response.status_code == 200
    assert FROZEN_TEXT in response.content.decode()
    assert _version(frozen) == frozen.version
    after = sorted(
        Question.objects.filter(theme__questionnaire=frozen).values_list(
            "pk", "text", "position"
        )
    )
    assert after == before
    theme.refresh_from_db()
    assert (theme.enabled, theme.title, theme.position) == (True, theme.title, 1)


def test_a_refused_form_keeps_the_typed_text(coordinator, trajectory, question, frozen):
    response = coordinator.post(
        _url("editor_question_edit", trajectory, question_pk=question.pk),
        {"text": "Mijn zorgvuldig getypte tekst", "roles": ["pleegouder"]},
    )

    content = response.content.decode()
    assert FROZEN_TEXT in content
    assert "Mijn zorgvuldig getypte tekst" in content


@pytest.mark.parametrize(
    "name", ["editor_theme_edit", "editor_question_add", "editor_question_edit"]
)
def test_edit_pages_send_back_to_the_overview_once_frozen(
    coordinator, trajectory, theme, question, frozen, name
):
    kwargs = (
        {"question_pk": question.pk}
        if "question_edit" in name
        else {"theme_pk": theme.pk}
    )

    response = coordinator.get(_url(name, trajectory, **kwargs), follow=True)

    assert response.redirect_chain[-1][0] == _url("editor", trajectory)
    assert FROZEN_TEXT in response.content.decode()


# --- The section on the trajectory page ----------------------------------------------


def test_the_trajectory_page_shows_the_editor_section_to_its_coordinator(
    coordinator, trajectory
):
    response = coordinator.get(trajectory.get_absolute_url())

    content = response.content.decode()
    assert f'href="{_url("editor", trajectory)}"' in content
    assert "Vragenlijst aanpassen" in content
    # Looking does not create the questionnaire.
    assert not Questionnaire.objects.filter(trajectory=trajectory).exists()


def test_the_section_says_when_the_questionnaire_is_frozen(
    coordinator, trajectory, frozen
):
    response = coordinator.get(trajectory.get_absolute_url())

    content = response.content.decode()
    assert "Staat vast" in content
    assert FROZEN_TEXT in content


def test_the_section_is_hidden_from_a_facilitator(client_for, trajectory):
    response = client_for("facilitator").get(trajectory.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{_url("editor", trajectory)}"' not in content
    assert "sectie-vragenlijst-titel" not in content


# --- Anything at all ------------------------------------------------------------------


ROLE_VALUES = st.sampled_from(
    ["pleegouder", "professional", "beleidsmaker", "pleegkind", "ouder", "", "x\x00"]
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=600
) | st.sampled_from(["", "\x00", "<script>alert(1)</script>", "x" * 5000, " \n\t"])


@hsettings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["likert", "single", "multiple", "open", "", "x", "LIKERT"])
    | TEXT,
    text=TEXT,
    child_text=TEXT,
    text_en=TEXT,
    roles=st.lists(ROLE_VALUES, max_size=8),
    choices=st.lists(TEXT, max_size=25).map("\n".join) | TEXT,
)
def test_the_add_form_never_fails_whatever_is_posted(
    coordinator, trajectory, theme, kind, text, child_text, text_en, roles, choices
):
    response = coordinator.post(
        _url("editor_question_add", trajectory, theme_pk=theme.pk),
        {
            "kind": kind,
            "text": text,
            "child_text": child_text,
            "text_en": text_en,
            "roles": roles,
            "choices": choices,
        },
    )

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        added = theme.questions.order_by("-pk").first()
        assert added.kind in Question.Kind.values
        assert set(added.roles) <= set(theme.roles)
        assert "\x00" not in added.text
        if added.kind in ("single", "multiple"):
            assert 2 <= len(added.choices) <= 20


# --- English that lags behind the Dutch ---------------------------------------


def _edit(client, trajectory, question, **changes):
    data = {
        "text": question.text,
        "child_text": question.child_text,
        "text_en": question.text_en,
        "child_text_en": question.child_text_en,
        "roles": question.roles,
        **changes,
    }
    return client.post(
        _url("editor_question_edit", trajectory, question_pk=question.pk),
        data,
        follow=True,
    )


@pytest.fixture
def bilingual(question):
    Question.objects.filter(pk=question.pk).update(
        text="De training was goed.", text_en="The training was good."
    )
    question.refresh_from_db()
    return question


STALE_BADGE = "Engelse tekst nakijken"


def test_changing_only_the_dutch_text_warns_and_marks_the_question(
    coordinator, trajectory, bilingual
):
    response = _edit(coordinator, trajectory, bilingual, text="De cursus was goed.")

    bilingual.refresh_from_db()
    assert bilingual.english_stale
    content = response.content.decode()
    assert "maar de Engelse tekst niet" in content
    assert STALE_BADGE in content


def test_the_mark_stays_until_the_english_text_is_updated(
    coordinator, trajectory, bilingual
):
    _edit(coordinator, trajectory, bilingual, text="De cursus was goed.")
    bilingual.refresh_from_db()
    _edit(coordinator, trajectory, bilingual, roles=bilingual.roles)
    bilingual.refresh_from_db()
    assert bilingual.english_stale

    response = _edit(coordinator, trajectory, bilingual, text_en="The course was good.")

    bilingual.refresh_from_db()
    assert not bilingual.english_stale
    assert STALE_BADGE not in response.content.decode()


def test_changing_dutch_and_english_together_marks_nothing(
    coordinator, trajectory, bilingual
):
    response = _edit(
        coordinator,
        trajectory,
        bilingual,
        text="De cursus was goed.",
        text_en="The course was good.",
    )

    bilingual.refresh_from_db()
    assert not bilingual.english_stale
    assert STALE_BADGE not in response.content.decode()


def test_a_changed_child_text_with_the_same_english_is_marked(
    coordinator, trajectory, bilingual
):
    Question.objects.filter(pk=bilingual.pk).update(
        child_text="Ik vond het leuk.", child_text_en="I liked it."
    )
    bilingual.refresh_from_db()

    _edit(coordinator, trajectory, bilingual, child_text="Ik vond het fijn.")

    bilingual.refresh_from_db()
    assert bilingual.english_stale


def test_a_question_without_english_is_not_marked(coordinator, trajectory, bilingual):
    Question.objects.filter(pk=bilingual.pk).update(text_en="")
    bilingual.refresh_from_db()

    _edit(coordinator, trajectory, bilingual, text="De cursus was goed.")

    bilingual.refresh_from_db()
    assert not bilingual.english_stale
