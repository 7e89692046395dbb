"""The one public read of a questionnaire's results: ``results_read``.

A page, the slides, an export, the topic suggestions (and later a PDF) ask
this function for what they show, and show only that. Every number in a
``ResultsRead`` has been through ``surveys.results.protection``: a hidden
figure is absent (``None`` or state "hidden"), never present with a flag for
the caller to obey. The steps:

1. ``stats.survey_results`` counts in SQL and protects every row on its own;
2. a municipality filter is accepted only for a municipality that
   ``protection.municipality_filter_allowed`` allows, and the filtered
   figures are guarded against the overall ones (``protection.guard_row``);
3. the respondents per role get their labels (``protection.respondent_rows``);
4. per theme, each column's figure is the sum of its *shown* statement
   figures only, and the themes where roles differ most are marked
   (``figures.rank_most_different``, the one place).

While the survey is open (``protection.is_live``) every figure is published
in whole steps of 5 people (``live`` on the read; the page says so) and no
municipality filter is offered. With fewer than 5 respondents in all, the
read names no role at all: not even that a role answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from regions.models import Trajectory

from ..models import Questionnaire
from .figures import ALL
from .figures import Results
from .figures import empty_results
from .protection import CountRow
from .protection import guard_against_overall
from .protection import hidden_respondents
from .protection import is_live
from .protection import municipality_filter_allowed
from .protection import respondent_rows
from .responses import response_counts_by_municipality
from .stats import survey_results
from .themes import ScoreCell
from .themes import StatementRead
from .themes import ThemeRead
from .themes import group_label
from .themes import theme_reads


def questionnaire_of(trajectory: Trajectory) -> Questionnaire | None:
    """The trajectory's questionnaire, or None: a read never creates one.

    Uses the relation when the trajectory was fetched with
    ``select_related("questionnaire")`` (no query), one query otherwise.
    """
    try:
        return trajectory.questionnaire
    except Questionnaire.DoesNotExist:
        return None


@dataclass(frozen=True)
class ResultsFilters:
    """The filters a reader asked for, as given (a query string may hold anything)."""

    municipality: str = ""
    role: str = ""

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, municipality: str, role: str
    ) -> ResultsFilters:
        return cls(
            municipality=query.get(municipality, "").strip(),
            role=query.get(role, "").strip(),
        )


@dataclass
class ResultsRead:
    """Everything a results page, slide or export may show, and nothing else."""

    questionnaire: Questionnaire | None
    results: Results  # every hidden cell flagged; filtered when a municipality is
    hidden_respondents: set[str]
    count_rows: list[CountRow]
    total_display: str
    columns: list[str]  # ALL first, then the roles of the perspective table
    statement_groups: list[str]  # the groups drawn per statement
    themes: list[ThemeRead]
    municipality_id: int | None = None
    municipality_options: list[tuple[int, str]] = field(default_factory=list)
    municipality_rejected: bool = False
    role: str = ""
    role_rejected: bool = False
    live: bool = False  # the survey is open: figures in whole steps of 5

    @property
    def total_hidden(self) -> bool:
        return self.results.total_hidden

    @property
    def has_results(self) -> bool:
        return self.results.total > 0 and not self.results.total_hidden

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden_respondents - {ALL})

    @property
    def shown_roles(self) -> list[str]:
        return [r for r in self.results.roles if r not in self.hidden_respondents]

    @property
    def different(self) -> list[ThemeRead]:
        return [t for t in self.themes if t.different]

    @property
    def municipality_name(self) -> str:
        return dict(self.municipality_options).get(self.municipality_id or 0, "")


def _municipality(
    questionnaire: Questionnaire, raw: str
) -> tuple[int | None, list[tuple[int, str]], bool]:
    """The accepted municipality, the options, and whether ``raw`` was refused."""
    counts: dict[int | None, int] = {}
    names: dict[int, str] = {}
    for row in response_counts_by_municipality(questionnaire=questionnaire):
        counts[row["municipality_id"]] = row["count"]
        if row["municipality_id"] is not None:
            names[row["municipality_id"]] = row["municipality__name"]
    allowed = municipality_filter_allowed(municipality_counts=counts)
    options = sorted(((pk, names[pk]) for pk in allowed), key=lambda o: o[1])
    if not raw:
        return None, options, False
    try:
        chosen: int | None = int(raw)
    except ValueError:
        chosen = None
    if chosen is None or chosen not in allowed:
        return None, options, True
    return chosen, options, False


def results_read(
    *,
    questionnaire: Questionnaire | None,
    filters: ResultsFilters | None = None,
    with_filter_options: bool = False,
) -> ResultsRead:
    """The protected results of ``questionnaire`` for the chosen filters.

    A filter that cannot be honoured (an unknown or too small municipality, a
    hidden role, or anything that is not a municipality or role at all) is
    dropped and reported in ``municipality_rejected`` / ``role_rejected``.
    ``with_filter_options`` also lists the municipalities that may be chosen
    (a page with a filter form). A fixed number of queries: two, one more
    for the options or a municipality filter, two more with that filter.
    """
    filters = filters or ResultsFilters()
    if questionnaire is None:
        results = empty_results()
        return ResultsRead(
            questionnaire=None,
            results=results,
            hidden_respondents=set(),
            count_rows=[],
            total_display="0",
            columns=[ALL],
            statement_groups=[ALL],
            themes=[],
            municipality_rejected=bool(filters.municipality),
            role_rejected=bool(filters.role),
        )
    municipality_id: int | None = None
    options: list[tuple[int, str]] = []
    municipality_rejected = False
    live = is_live(questionnaire.trajectory)
    if live:
        # One submission must not move a municipality's figures: no filter
        # until the survey closes.
        municipality_rejected = bool(filters.municipality)
    elif with_filter_options or filters.municipality:
        municipality_id, options, municipality_rejected = _municipality(
            questionnaire, filters.municipality
        )
    results = survey_results(
        questionnaire=questionnaire, municipality_id=municipality_id, live=live
    )
    hidden = hidden_respondents(results)
    if municipality_id is not None:
        overall = survey_results(questionnaire=questionnaire)
        hidden = hidden_respondents(results, overall=overall)
        if ALL in hidden:
            # Only hiding the municipality's total would protect the rest of
            # the region; show everything instead.
            municipality_rejected = True
            municipality_id, results = None, overall
            hidden = hidden_respondents(results)
        else:
            guard_against_overall(results, overall, roles=hidden - results.hidden_roles)
    rows, total = respondent_rows(
        results, hidden, labels={r: group_label(r) for r in results.roles}
    )
    shown_roles = [r for r in results.roles if r not in hidden]
    role = filters.role
    role_rejected = bool(role) and role not in shown_roles
    if role_rejected:
        role = ""
    roles = results.roles
    if ALL in hidden:
        # Fewer than 5 in all: a role named even as "< 5" would say who
        # answered (with one or two responses, often the only role).
        rows, roles = [], []
    columns = [ALL, role] if role else [ALL, *roles]
    statement_groups = [ALL, role] if role else [ALL, *shown_roles]
    return ResultsRead(
        questionnaire=questionnaire,
        results=results,
        hidden_respondents=hidden,
        count_rows=rows,
        total_display=total,
        columns=columns,
        statement_groups=statement_groups,
        themes=theme_reads(results, columns=columns, statement_groups=statement_groups),
        municipality_id=municipality_id,
        municipality_options=options,
        municipality_rejected=municipality_rejected,
        role=role,
        role_rejected=role_rejected,
        live=live,
    )


__all__ = [
    "ResultsFilters",
    "ResultsRead",
    "ScoreCell",
    "StatementRead",
    "ThemeRead",
    "group_label",
    "questionnaire_of",
    "results_read",
]
