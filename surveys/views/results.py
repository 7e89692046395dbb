"""Survey results: every perspective side by side, and slides for the meeting (issue #4).

The numbers come from ``surveys.stats``; this module decides what the page
may print and shapes it for the templates. Nothing here prints a number of a
hidden group. Two extra guards sit on top of the statistics:

- A theme's figure for a group is the sum of that group's *shown* statement
  figures only, so "theme minus the shown statements" cannot reveal a hidden
  statement.
- With a municipality filter, a figure is hidden when the overall figure
  minus it (the rest of the region) would be a small group; see
  ``_guard_against_overall``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import path
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.mixins import PermissionRequiredMixin
from core.protection import can_be_worked_out
from core.protection import threshold
from regions.models import ParticipantRole
from regions.models import Trajectory

from ..charts import SCALE
from ..charts import LikertRow
from ..charts import ScoreRow
from ..charts import likert_chart
from ..charts import likert_labels
from ..charts import percent
from ..charts import score_bin
from ..charts import score_chart
from ..models import Question
from ..selectors import response_counts_by_municipality
from ..services import questionnaire_get_or_create
from ..stats import ALL
from ..stats import Cell
from ..stats import Results
from ..stats import municipality_filter_allowed
from ..stats import survey_results

MUNICIPALITY_PARAM = "gemeente"
ROLE_PARAM = "rol"
SLIDE_PARAM = "dia"
MOST_DIFFERENT_LIMIT = 3
MOST_DIFFERENT_MINIMUM = 15.0
LOWEST_STATEMENTS = 3


def group_label(group: str) -> str:
    return _("Iedereen") if group == ALL else str(ParticipantRole(group).label)


# --- What may be shown ------------------------------------------------------


def _guard_row(
    n: dict[str, int],
    hidden: set[str],
    overall_n: dict[str, int],
    *,
    extra: set[str] = frozenset(),
) -> set[str]:
    """Return the groups of one filtered row to hide, given the unfiltered row.

    A group shown here gives away "overall minus filtered", the rest of the
    region, whenever the overall figure is known; even a hidden overall
    figure may be known (as the total minus the shown groups), so every rest
    must be 0 or at least the threshold. Groups in
    ``extra`` are hidden for that reason too. A group hidden for that reason
    must not be computable within the row either: as the only hidden role
    (the total minus the shown roles), or, for the total, as the sum of the
    roles. The result holds ``ALL`` when only hiding the total protects the row.
    """
    limit = threshold()
    hidden = set(hidden)
    guarded = {
        group
        for group, count in n.items()
        if group not in hidden
        and group in overall_n
        and 0 < overall_n[group] - count < limit
    } | (set(extra) & set(n)) - hidden
    hidden |= guarded
    roles = [group for group in n if group != ALL]
    shown = sorted((n[r], r) for r in roles if r not in hidden and n[r] > 0)
    hidden_roles = [r for r in roles if r in hidden and n[r] > 0]
    if len(hidden_roles) == 1 and hidden_roles[0] in guarded and ALL not in hidden:
        hidden.add(shown[0][1] if shown else ALL)
    if ALL in guarded and not hidden_roles and shown:
        hidden.add(shown[0][1])
    return hidden


def guard_against_overall(
    filtered: Results, overall: Results, *, roles: set[str]
) -> None:
    """Hide filtered statement figures whose difference with the overall ones is small.

    ``roles`` are hidden outright: their respondent counts were guarded.
    """
    overall_rows = {q.question.id: q.cells for t in overall.themes for q in t.questions}
    for theme in filtered.themes:
        for question in theme.questions:
            cells = question.cells
            other = overall_rows.get(question.question.id, {})
            hide = _guard_row(
                {g: c.n for g, c in cells.items()},
                {g for g, c in cells.items() if c.hidden},
                {g: c.n for g, c in other.items()},
                extra=roles,
            )
            for group in hide:
                cells[group].hidden = True


@dataclass
class CountRow:
    group: str
    label: str
    display: str
    shown: bool


def hidden_respondents(results: Results, *, overall: Results | None = None) -> set[str]:
    """Roles whose respondent count is not shown; ``ALL`` when the total is not.

    With ``overall`` (the unfiltered results) the counts are guarded against
    it as in ``_guard_row``.
    """
    if results.total_hidden:
        return {*results.roles, ALL}
    hidden = set(results.hidden_roles)
    if overall is None:
        return hidden
    counts = {r: results.respondents.get(r, 0) for r in results.roles}
    counts[ALL] = results.total
    return _guard_row(counts, hidden, dict(overall.respondents))


def respondent_rows(results: Results, hidden: set[str]) -> tuple[list[CountRow], str]:
    """Respondents per role as the page shows them, and the total.

    A hidden role says "< 5" (or "5 of meer" when hidden to protect another
    group), unless the total minus the shown roles would then pin a hidden
    count down; in that case every hidden role just says "verborgen".
    """
    limit = threshold()
    counts = {r: results.respondents.get(r, 0) for r in results.roles}
    hidden_sum = results.total - sum(n for r, n in counts.items() if r not in hidden)
    bounds = [
        (1, limit - 1) if counts[r] < limit else (limit, hidden_sum)
        for r in counts
        if r in hidden
    ]
    labelled = ALL in hidden or not can_be_worked_out(bounds, hidden_sum=hidden_sum)
    rows = []
    for role, count in counts.items():
        if role not in hidden:
            display = str(count)
        elif labelled:
            display = (
                f"< {limit}" if count < limit else _("%(n)s of meer") % {"n": limit}
            )
        else:
            display = _("verborgen")
        rows.append(CountRow(role, group_label(role), display, role not in hidden))
    total = f"< {limit}" if ALL in hidden else str(results.total)
    return rows, total


@dataclass
class ScoreCell:
    """One group's theme figure in the perspective table."""

    group: str
    state: str  # "shown", "hidden", "none" (no answers) or "not_asked"
    cell: Cell | None = None
    n: int = 0

    @property
    def score(self) -> int | None:
        return round(self.cell.score) if self.state == "shown" else None

    @property
    def raw_score(self) -> float | None:
        return self.cell.score if self.state == "shown" else None

    @property
    def positive(self) -> int | None:
        if self.state != "shown":
            return None
        return percent(self.cell.counts[4] + self.cell.counts[5], self.cell.n)

    @property
    def bin(self) -> int | None:
        return score_bin(self.cell.score) if self.state == "shown" else None

    @property
    def label(self) -> str:
        return group_label(self.group)

    @property
    def summary(self) -> str:
        """The figures behind the cell in words (title attribute and slides)."""
        if self.state == "shown":
            return _(
                "%(group)s: score %(score)s van 100, %(positive)s%% (helemaal) mee eens, n = %(n)s"
            ) % {
                "group": self.label,
                "score": self.score,
                "positive": self.positive,
                "n": self.n,
            }
        return f"{self.label}: {self.note}"

    @property
    def note(self) -> str:
        return {
            "hidden": _("te weinig antwoorden"),
            "none": _("geen antwoorden"),
            "not_asked": _("niet gevraagd"),
        }.get(self.state, "")


def _asked(question_roles, group: str) -> bool:
    return group == ALL or not question_roles or group in question_roles


def theme_cell(theme_result, group: str) -> ScoreCell:
    """A group's theme figure from its shown statement figures only."""
    asked = [q for q in theme_result.questions if _asked(q.question.roles, group)]
    if not asked:
        return ScoreCell(group, "not_asked")
    stats_cell = theme_result.cells.get(group)
    total, largest, any_hidden = Cell(), 0, False
    for row in asked:
        cell = row.cells.get(group)
        if cell is None:
            continue
        if cell.hidden:
            any_hidden = True
            continue
        total.add(cell)
        largest = max(largest, cell.n)
    if (stats_cell is not None and stats_cell.hidden) or (not total.n and any_hidden):
        return ScoreCell(group, "hidden")
    if not total.n:
        return ScoreCell(group, "none")
    return ScoreCell(group, "shown", cell=total, n=largest)


@dataclass
class StatementView:
    id: int
    text: str
    rows: list[LikertRow]
    chart: SafeString
    all_cell: Cell | None

    @property
    def positive(self) -> int | None:
        cell = self.all_cell
        if cell is None or not cell.n:
            return None
        return percent(cell.counts[4] + cell.counts[5], cell.n)

    def table_rows(self) -> list[dict]:
        rows = []
        for row in self.rows:
            cell = row.cell
            if cell is None or not cell.n:
                rows.append({"label": row.label, "cell": cell, "counts": []})
                continue
            rows.append(
                {
                    "label": row.label,
                    "cell": cell,
                    "counts": [cell.counts[p] for p in SCALE],
                    "positive": percent(cell.counts[4] + cell.counts[5], cell.n),
                }
            )
        return rows


@dataclass
class ThemeSection:
    key: str
    title: str
    anchor: str
    cells: list[ScoreCell]  # every group in ``groups`` order
    statements: list[StatementView] = field(default_factory=list)
    spread: float | None = None
    different: bool = False
    score_chart: SafeString | None = None

    def lowest(self, limit: int = LOWEST_STATEMENTS) -> list[StatementView]:
        """Statements with the lowest share (helemaal) mee eens, shown ones only."""
        ranked = sorted(
            (s for s in self.statements if s.positive is not None),
            key=lambda s: (s.positive, s.id),
        )
        return ranked[:limit]


def _score_rows(cells: list[ScoreCell]) -> list[ScoreRow]:
    return [
        ScoreRow(
            label=c.label,
            score=c.raw_score,
            n=c.n if c.state == "shown" else None,
            hidden=c.state == "hidden",
            note=c.note,
        )
        for c in cells
        if c.state != "not_asked"
    ]


def build_sections(
    results: Results,
    *,
    columns: list[str],
    statement_groups: list[str],
    large: bool = False,
) -> list[ThemeSection]:
    """Theme sections with their cells, statements and charts.

    ``columns`` are the groups of the perspective table (ALL first);
    ``statement_groups`` the groups drawn per statement (ALL and shown roles).
    ``large`` draws the slide charts, and no chart per statement.
    """
    role_columns = [g for g in columns if g != ALL]
    sections = []
    for theme_result in results.themes:
        theme = theme_result.theme
        likert = [
            q for q in theme_result.questions if q.question.kind == Question.Kind.LIKERT
        ]
        if not likert:
            continue
        anchor = f"thema-{theme.key}"
        section = ThemeSection(
            key=theme.key,
            title=theme.heading(child=False),
            anchor=anchor,
            cells=[theme_cell(theme_result, g) for g in columns],
        )
        for row in likert:
            groups = [
                g
                for g in statement_groups
                if _asked(row.question.roles, g) and g in row.cells
            ]
            rows = [
                LikertRow(
                    label=group_label(g),
                    cell=None if row.cells[g].hidden else row.cells[g],
                )
                for g in groups
            ]
            text = row.question.wording(child=False)
            section.statements.append(
                StatementView(
                    id=row.question.id,
                    text=text,
                    rows=rows,
                    chart=(
                        likert_chart(
                            chart_id=f"stelling-{row.question.id}",
                            title=text,
                            rows=rows,
                        )
                        if not large
                        else SafeString("")
                    ),
                    all_cell=None if row.cells[ALL].hidden else row.cells[ALL],
                )
            )
        scores = [
            c.raw_score
            for c in section.cells
            if c.group in role_columns and c.state == "shown"
        ]
        section.spread = max(scores) - min(scores) if len(scores) >= 2 else None
        sections.append(section)
    ranked = sorted(
        (
            s
            for s in sections
            if s.spread is not None and s.spread >= MOST_DIFFERENT_MINIMUM
        ),
        key=lambda s: s.spread,
        reverse=True,
    )
    for section in ranked[:MOST_DIFFERENT_LIMIT]:
        section.different = True
    for index, section in enumerate(sections):
        section.score_chart = score_chart(
            chart_id=f"{'dia-grafiek' if large else 'scores'}-{index}",
            title=_("Score per rol: %(theme)s") % {"theme": section.title},
            rows=_score_rows(section.cells),
            large=large,
        )
    return sections


# --- Views ------------------------------------------------------------------


def municipality_counts(
    *, questionnaire
) -> tuple[dict[int | None, int], dict[int, str]]:
    """Respondents per municipality and the names, in one GROUP BY query."""
    counts: dict[int | None, int] = {}
    names: dict[int, str] = {}
    for row in response_counts_by_municipality(questionnaire=questionnaire):
        counts[row["municipality_id"]] = row["count"]
        if row["municipality_id"] is not None:
            names[row["municipality_id"]] = row["municipality__name"]
    return counts, names


class _ResultsMixin(PermissionRequiredMixin):
    permission_required = "surveys.view_results"

    def get_permission_object(self):
        if not hasattr(self, "_trajectory"):
            self._trajectory = get_object_or_404(
                Trajectory.objects.select_related("region"), pk=self.kwargs["pk"]
            )
        return self._trajectory


class ResultsView(_ResultsMixin, TemplateView):
    """The perspective table, then every theme and statement per group."""

    template_name = "surveys/results/results.html"

    def _municipality(self, questionnaire) -> tuple[int | None, list[tuple[int, str]]]:
        counts, names = municipality_counts(questionnaire=questionnaire)
        allowed = municipality_filter_allowed(municipality_counts=counts)
        options = sorted(((pk, names[pk]) for pk in allowed), key=lambda o: o[1])
        raw = self.request.GET.get(MUNICIPALITY_PARAM, "").strip()
        if not raw:
            return None, options
        try:
            chosen = int(raw)
        except ValueError:
            chosen = None
        if chosen not in allowed:
            self._reject_municipality()
            return None, options
        return chosen, options

    def _reject_municipality(self) -> None:
        messages.warning(
            self.request,
            _(
                "Die gemeente kunnen we niet apart laten zien: er zijn te weinig antwoorden, of de gemeente hoort niet bij dit traject. U ziet de resultaten van alle gemeenten."
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = self.get_permission_object()
        questionnaire = questionnaire_get_or_create(trajectory=trajectory)
        municipality_id, municipality_options = self._municipality(questionnaire)
        results = survey_results(
            questionnaire=questionnaire, municipality_id=municipality_id
        )
        hidden_roles = hidden_respondents(results)
        if municipality_id is not None:
            overall = survey_results(questionnaire=questionnaire)
            hidden_roles = hidden_respondents(results, overall=overall)
            if ALL in hidden_roles:
                # Only hiding the municipality's total would protect the rest
                # of the region; show everything instead.
                self._reject_municipality()
                municipality_id, results = None, overall
                hidden_roles = hidden_respondents(results)
            else:
                guard_against_overall(
                    results, overall, roles=hidden_roles - results.hidden_roles
                )
        rows, total = respondent_rows(results, hidden_roles)
        shown_roles = [r for r in results.roles if r not in hidden_roles]

        role = self.request.GET.get(ROLE_PARAM, "").strip()
        if role and role not in shown_roles:
            messages.warning(
                self.request,
                _(
                    "Die rol kunnen we niet apart laten zien: er zijn te weinig antwoorden. U ziet alle rollen."
                ),
            )
            role = ""
        columns = [ALL, role] if role else [ALL, *results.roles]
        statement_groups = [ALL, role] if role else [ALL, *shown_roles]
        sections = build_sections(
            results, columns=columns, statement_groups=statement_groups
        )
        context.update(
            trajectory=trajectory,
            questionnaire=questionnaire,
            count_rows=rows,
            total=total,
            total_hidden=results.total_hidden,
            has_results=results.total > 0 and not results.total_hidden,
            any_hidden=bool(hidden_roles - {ALL}),
            columns=[(g, group_label(g)) for g in columns],
            sections=sections,
            different=[s for s in sections if s.different],
            municipality_options=municipality_options,
            municipality_id=municipality_id,
            municipality_name=dict(municipality_options).get(municipality_id, ""),
            role_options=[(r, group_label(r)) for r in shown_roles],
            role=role,
            role_label=group_label(role) if role else "",
            legend=likert_labels(),
            score_bins=[
                (i, f"{i * 20}–{i * 20 + 19 if i < 4 else 100}") for i in range(5)
            ],
            threshold=threshold(),
            presentation_url=reverse(
                "surveys:results_presentation", kwargs={"pk": trajectory.pk}
            ),
        )
        return context


class ResultsPresentationView(_ResultsMixin, TemplateView):
    """Full-screen slides: a title slide, then one slide per theme.

    Every slide is in the page; ``?dia=N`` picks the one shown, so the
    Vorige/Volgende links work without JavaScript. ``slides.js`` adds the
    keyboard and switches slides without reloading (full screen stays on).
    """

    template_name = "surveys/results/presentation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = self.get_permission_object()
        questionnaire = questionnaire_get_or_create(trajectory=trajectory)
        results = survey_results(questionnaire=questionnaire)
        hidden_roles = hidden_respondents(results)
        rows, total = respondent_rows(results, hidden_roles)
        shown_roles = [r for r in results.roles if r not in hidden_roles]
        has_results = results.total > 0 and not results.total_hidden
        sections = (
            build_sections(
                results,
                columns=[ALL, *results.roles],
                statement_groups=[ALL, *shown_roles],
                large=True,
            )
            if has_results
            else []
        )
        count = 1 + len(sections)
        try:
            current = int(self.request.GET.get(SLIDE_PARAM, "1"))
        except ValueError:
            current = 1
        current = min(max(current, 1), count)
        context.update(
            trajectory=trajectory,
            count_rows=rows,
            total=total,
            has_results=has_results,
            sections=sections,
            slide_count=count,
            current=current,
            previous=current - 1 if current > 1 else None,
            next=current + 1 if current < count else None,
            results_url=reverse("surveys:results", kwargs={"pk": trajectory.pk}),
        )
        return context


def results_section_context(request, trajectory: Trajectory) -> dict | None:
    """Links to the results and the slides on the trajectory page."""
    if not request.user.has_perm("surveys.view_results", trajectory):
        return None
    return {
        "results_url": reverse("surveys:results", kwargs={"pk": trajectory.pk}),
        "presentation_url": reverse(
            "surveys:results_presentation", kwargs={"pk": trajectory.pk}
        ),
    }


urlpatterns = [
    path("trajecten/<int:pk>/resultaten/", ResultsView.as_view(), name="results"),
    path(
        "trajecten/<int:pk>/resultaten/presentatie/",
        ResultsPresentationView.as_view(),
        name="results_presentation",
    ),
]
