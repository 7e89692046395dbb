"""Survey exports: aggregated results, and anonymous response-level data.

Two exports, each as XLSX and as CSV:

- **Results** (``surveys.export_results``, everyone who follows the
  trajectory): one row per theme x statement x group ("Alle rollen" and each
  role) with n, the counts per scale point, "weet ik niet", the share
  (helemaal) mee eens and the score; then the respondents per role. Numbers
  come from ``results_read``; a cell it hides is exported empty with a
  note, never with its numbers.
- **Responses** (``surveys.export_responses``, trajectory staff only): one
  row per response with a sequence number (not the database id, and in a
  random but stable order), role, age band, foster type, municipality and
  month of submitting, coarsened or left out until every combination of
  them is shared by at least 5 responses (``response_rows.response_descriptors``),
  and one column per question key. An open answer is exported only when a
  reviewer approved or edited it and it is not flagged unsafe; it is then
  the edited text where there is one. While the survey is open the file
  holds no rows: single rows cannot move in steps of 5 people.

How the files are written (and made safe for a spreadsheet) is in
``surveys.results.spreadsheet``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from regions.models import ParticipantRole

from ..models import Answer
from ..models import OpenAnswerReview
from ..models import Question
from ..models import Questionnaire
from ..models import Response
from ..structure import QuestionView
from ..structure import structure_for
from .figures import ALL
from .figures import SCALE
from .figures import Cell
from .protection import is_live
from .read import results_read
from .response_rows import ROW_FIELDS
from .response_rows import response_descriptors
from .spreadsheet import Table
from .spreadsheet import Value
from .spreadsheet import to_csv
from .spreadsheet import to_xlsx


def hidden_note() -> str:
    return _("verborgen: minder dan 5, of nodig om een kleine groep te beschermen")


# --- Results (aggregated) -----------------------------------------------------


def _role_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ParticipantRole.choices}


def results_headers() -> list[str]:
    return [
        _("Thema"),
        _("Stelling"),
        _("Vraag (sleutel)"),
        _("Groep"),
        _("n (antwoorden op de schaal)"),
        _("Helemaal mee oneens (1)"),
        _("Mee oneens (2)"),
        _("Niet eens, niet oneens (3)"),
        _("Mee eens (4)"),
        _("Helemaal mee eens (5)"),
        _("Weet ik niet"),
        _("Aandeel (helemaal) mee eens (%)"),
        _("Score (0-100)"),
        _("Opmerking"),
    ]


def _rounded(value: float | None, factor: float = 1.0) -> float | None:
    return None if value is None else round(value * factor, 1)


def _cell_values(cell: Cell) -> list[Value]:
    if cell.hidden:
        empty: list[Value] = [None] * (1 + len(SCALE) + 3)
        return [*empty, hidden_note()]
    return [
        cell.n,
        *(cell.counts[point] for point in SCALE),
        cell.dont_know,
        _rounded(cell.share_positive, 100),
        _rounded(cell.score),
        "",
    ]


def _asked(roles: frozenset[str], role: str) -> bool:
    return role == ALL or not roles or role in roles


def results_tables(*, questionnaire: Questionnaire | None) -> list[Table]:
    """The results table and the respondents-per-role table (three queries)."""
    results_table = Table(title=_("Resultaten"), headers=results_headers())
    respondents_table = Table(
        title=_("Respondenten per rol"),
        headers=[_("Groep"), _("Aantal respondenten"), _("Opmerking")],
    )
    if questionnaire is None:
        return [results_table, respondents_table]
    read = results_read(questionnaire=questionnaire)
    results = read.results
    groups = set(read.columns)  # no role at all when the total is small
    labels = _role_labels()
    all_label = _("Alle rollen")
    theme_total = _("Thema totaal (alle stellingen)")
    for theme_result in results.themes:
        theme = theme_result.theme
        title = theme.heading(child=False)
        for question_result in theme_result.questions:
            question = question_result.question
            for group, cell in question_result.cells.items():
                if group not in groups or not _asked(question.roles, group):
                    continue
                results_table.rows.append(
                    [
                        title,
                        question.wording(child=False),
                        question.key,
                        all_label if group == ALL else labels.get(group, group),
                        *_cell_values(cell),
                    ]
                )
        if not theme_result.questions:
            continue
        for group, cell in theme_result.cells.items():
            if group not in groups or not _asked(theme.roles, group):
                continue
            results_table.rows.append(
                [
                    title,
                    theme_total,
                    "",
                    all_label if group == ALL else labels.get(group, group),
                    *_cell_values(cell),
                ]
            )

    hidden = read.hidden_respondents
    if ALL in hidden:
        respondents_table.rows.append([all_label, None, hidden_note()])
    else:
        respondents_table.rows.append([all_label, results.total, ""])
    for role in ParticipantRole.values:
        n = results.respondents.get(role, 0)
        if role in hidden or ALL in hidden:
            # With a small total even a 0 beside a hidden role names it.
            respondents_table.rows.append([labels[role], None, hidden_note()])
        else:
            respondents_table.rows.append([labels[role], n, ""])
    return [results_table, respondents_table]


def live_note() -> str:
    return _(
        "De vragenlijst is nog open. Zolang er antwoorden bij kunnen komen, "
        "tellen we in hele stappen van 5 mensen: alle cijfers zijn naar beneden "
        "afgerond. Na het sluiten krijgt u de precieze cijfers."
    )


def results_notes(*, live: bool = False) -> list[str]:
    return [
        *([live_note()] if live else []),
        _("Resultaten van de vragenlijst: alleen getelde antwoorden, geen teksten."),
        _(
            "n is het aantal antwoorden op de schaal van 1 tot 5. "
            "'Weet ik niet' telt daar niet in mee."
        ),
        _("Aandeel (helemaal) mee eens: het deel van n dat 4 of 5 koos, in procenten."),
        _(
            "Score: het gemiddelde op een schaal van 0 tot 100. 0 betekent dat "
            "iedereen 'helemaal mee oneens' koos, 100 dat iedereen 'helemaal mee "
            "eens' koos."
        ),
        _(
            "Een lege cel met de opmerking 'verborgen' hoort bij een groep van "
            "minder dan 5 mensen, of bij een groep die verborgen is zodat u een "
            "kleine groep niet kunt uitrekenen. Zo blijft iedereen anoniem."
        ),
    ]


def _live(questionnaire: Questionnaire | None) -> bool:
    return questionnaire is not None and is_live(questionnaire.trajectory)


def results_xlsx(*, questionnaire: Questionnaire | None) -> bytes:
    return to_xlsx(
        results_tables(questionnaire=questionnaire),
        notes=results_notes(live=_live(questionnaire)),
    )


def results_csv(
    *, questionnaire: Questionnaire | None, dutch_excel: bool = False
) -> bytes:
    return to_csv(results_tables(questionnaire=questionnaire), dutch_excel=dutch_excel)


# --- Responses (anonymous, one row per response; staff only) ------------------

OTHER_MUNICIPALITY = "overig"


def _shown_open_text(
    text: str, status: str | None, edited_text: str | None, unsafe: bool | None
) -> str:
    """Apply ``OpenAnswerReview.shown_text``, the one rule, to fetched values."""
    if status is None:
        return ""
    review = OpenAnswerReview(
        answer=Answer(text=text),
        status=status,
        edited_text=edited_text or "",
        unsafe=bool(unsafe),
    )
    return review.shown_text or ""


def _answer_value(
    question: QuestionView, number: int | None, choice: str, shown_text: str
) -> Value:
    if question.kind == Question.Kind.LIKERT:
        if number is None:
            return None
        return _("weet ik niet") if number == Answer.DONT_KNOW else number
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return dict(question.choice_list()).get(choice, choice)
    if question.kind == Question.Kind.OPEN:
        return shown_text or None
    return None


def responses_table(*, questionnaire: Questionnaire | None) -> tuple[Table, Table]:
    """The responses, and the list of questions by key (two queries)."""
    context_headers = [
        _("Nr"),
        _("Rol"),
        _("Leeftijd"),
        _("Soort pleegouder"),
        _("Gemeente"),
        _("Maand"),
    ]  # in the order of ROW_FIELDS
    questions_table = Table(
        title=_("Vragen"),
        headers=[_("Vraag (sleutel)"), _("Thema"), _("Soort"), _("Vraag")],
    )
    if questionnaire is None:
        return Table(title=_("Antwoorden"), headers=context_headers), questions_table
    structure = structure_for(questionnaire)
    questions = [q for theme in structure.themes for q in theme.questions]
    kind_labels = dict(Question.Kind.choices)
    for theme in structure.themes:
        for question in theme.questions:
            questions_table.rows.append(
                [
                    question.key,
                    theme.heading(child=False),
                    str(kind_labels.get(question.kind, question.kind)),
                    question.wording(child=False),
                ]
            )
    table = Table(
        title=_("Antwoorden"),
        headers=context_headers + [q.key for q in questions],
    )

    if is_live(questionnaire.trajectory):
        return table, questions_table
    # submission_key is a hash of a random token: a stable order that says
    # nothing about who answered first.
    responses = list(
        Response.objects.filter(questionnaire=questionnaire)
        .select_related("municipality")
        .order_by("submission_key")
    )
    descriptors = _descriptors(responses)
    if descriptors is None:
        return table, questions_table

    by_id = {q.id: q for q in questions}
    values: dict[int, dict[int, Value]] = {}
    multiple: dict[tuple[int, int], list[str]] = {}
    answers = Answer.objects.filter(
        response__questionnaire=questionnaire, question_id__in=list(by_id)
    ).values_list(
        "response_id",
        "question_id",
        "number",
        "choice",
        "text",
        "review__status",
        "review__edited_text",
        "review__unsafe",
    )
    for (
        response_id,
        question_id,
        number,
        choice,
        text,
        status,
        edited,
        unsafe,
    ) in answers.order_by("pk"):
        question = by_id[question_id]
        shown = (
            _shown_open_text(text, status, edited, unsafe)
            if question.kind == Question.Kind.OPEN and text
            else ""
        )
        value = _answer_value(question, number, choice, shown)
        if value is None:
            continue
        if question.kind == Question.Kind.MULTIPLE:
            multiple.setdefault((response_id, question_id), []).append(str(value))
            continue
        values.setdefault(response_id, {})[question_id] = value
    for (response_id, question_id), chosen in multiple.items():
        values.setdefault(response_id, {})[question_id] = "; ".join(chosen)

    for number, response in enumerate(responses, start=1):
        row_values = values.get(response.pk, {})
        table.rows.append(
            [
                number,
                *(descriptors[name][number - 1] for name in ROW_FIELDS),
                *(row_values.get(q.id) for q in questions),
            ]
        )
    return table, questions_table


def _descriptors(responses: list[Response]) -> dict[str, list[str]] | None:
    """Role, age band, kind, municipality and month of each row, as shown.

    None: too few responses to show any row.
    """
    roles = _role_labels()
    age_bands = {value: str(label) for value, label in Response.AgeBand.choices}
    foster_types = {value: str(label) for value, label in Response.FosterType.choices}
    columns = {
        "role": [roles.get(r.role, r.role) for r in responses],
        "age_band": [age_bands.get(r.age_band, "") for r in responses],
        "foster_type": [foster_types.get(r.foster_type, "") for r in responses],
        "municipality": [
            r.municipality.name if r.municipality else "" for r in responses
        ],
        "month": [r.submitted_on.strftime("%Y-%m") for r in responses],
    }
    return response_descriptors(columns, age_bands=list(age_bands.values()))


def responses_notes() -> list[str]:
    return [
        _("Anonieme antwoorden: één regel per ingevulde vragenlijst."),
        _(
            "Nr is een volgnummer in willekeurige volgorde. Het zegt niets over "
            "wie of wanneer."
        ),
        _(
            "Rol, leeftijd, soort pleegouder, gemeente en maand: elke combinatie "
            "die in het bestand staat, hoort bij minstens 5 ingevulde "
            "vragenlijsten. Waar dat nodig is, staat er iets ruimers (een gemeente "
            "als 'overig', twee leeftijden samen, een kwartaal in plaats van een "
            "maand) of is het vak leeg. Leeg kan ook betekenen: niet ingevuld."
        ),
        _("Maand: alleen de maand (of het kwartaal) van insturen, geen datum."),
        _(
            "Zolang de vragenlijst open is, staan er geen antwoorden in dit bestand. "
            "Anders kunt u zien wat één persoon net heeft ingevuld."
        ),
        _("Stellingen: 1 = helemaal mee oneens tot 5 = helemaal mee eens."),
        _(
            "Open vragen: alleen antwoorden die een gespreksleider heeft "
            "goedgekeurd, soms aangepast. Andere open antwoorden zijn leeg."
        ),
        _("Deel dit bestand niet buiten het team dat het traject begeleidt."),
    ]


def responses_xlsx(*, questionnaire: Questionnaire | None) -> bytes:
    return to_xlsx(
        list(responses_table(questionnaire=questionnaire)), notes=responses_notes()
    )


def responses_csv(
    *, questionnaire: Questionnaire | None, dutch_excel: bool = False
) -> bytes:
    table, _questions = responses_table(questionnaire=questionnaire)
    return to_csv([table], dutch_excel=dutch_excel)
