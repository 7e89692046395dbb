"""What the verbeteragenda says: gathered from the version, the survey and the vote.

The survey figures come from ``surveys.results.results_read`` and the quotes
from ``quotes_for_meeting``, the same reads as the web pages, so small groups
are hidden by the same code. Vote results come from ``plan_vote_results``,
as on the plan page: per role only where the facilitator shows them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from django.utils.translation import gettext as _

from regions.models import ParticipantRole
from regions.models import RegionMembership

from ..models import Action
from ..models import PlanVersion
from ..selectors.meetings import plan_meetings
from ..vote_results import plan_vote_results

MAX_QUOTES_PER_THEME = 4
# The newest progress notes shown per action; the rest are counted.
NOTES_PER_ACTION = 3


@dataclass
class Chart:
    data_uri: str
    alt: str


@dataclass
class ThemeSummary:
    title: str
    chart: Chart | None
    quotes: list = field(default_factory=list)


@dataclass
class RoleCount:
    label: str
    shown: str  # a number, "< 5" or "verborgen"


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _survey(trajectory):
    """Respondents per role and a summary per theme, or empty lists."""
    from surveys.results import ResultsFilters
    from surveys.results import questionnaire_of
    from surveys.results import results_read
    from surveys.results.charts import ScoreRow
    from surveys.results.charts import describe_score
    from surveys.results.charts import score_chart
    from surveys.results.figures import ALL
    from surveys.review.selectors import quotes_for_meeting

    questionnaire = questionnaire_of(trajectory)
    if questionnaire is None:
        return None, [], []
    # The one protected read the web pages use: the same groups are hidden,
    # with the same words, in the PDF.
    read = results_read(questionnaire=questionnaire, filters=ResultsFilters())
    results = read.results
    quotes = quotes_for_meeting(questionnaire=questionnaire)
    labels = dict(ParticipantRole.choices)
    themes = []
    for index, theme_result in enumerate(results.themes):
        title = theme_result.theme.heading(child=False)
        rows = []
        for group in [ALL, *results.roles]:
            cell = theme_result.cells.get(group)
            if cell is None:
                continue
            label = _("Iedereen") if group == ALL else str(labels.get(group, group))
            hidden = cell.hidden
            rows.append(
                ScoreRow(
                    label=label,
                    score=None if hidden else cell.score,
                    n=None if hidden else cell.n,
                    hidden=hidden,
                )
            )
        chart = None
        if rows and not results.total_hidden:
            svg = score_chart(
                chart_id=f"pdf-thema-{index}",
                title=_("Score per rol: %(theme)s") % {"theme": title},
                rows=rows,
            )
            alt = " ".join(describe_score(row) for row in rows)
            chart = Chart(svg_data_uri(str(svg)), f"{title}. {alt}")
        theme_quotes = quotes.get(theme_result.theme.key)
        shown_quotes = []
        if theme_quotes is not None:
            for _kind, _label, items in theme_quotes.groups():
                shown_quotes.extend(items)
        themes.append(ThemeSummary(title, chart, shown_quotes[:MAX_QUOTES_PER_THEME]))
    respondents = [RoleCount(str(row.label), row.display) for row in read.count_rows]
    return results, respondents, themes


def _note(note: dict, statuses: dict) -> dict:
    try:
        noted_on = date.fromisoformat(note["noted_on"]).strftime("%d-%m-%Y")
    except (KeyError, TypeError, ValueError):
        noted_on = "—"
    return {
        "noted_on_display": noted_on,
        "text": note.get("text", ""),
        "status_label": statuses.get(note.get("status") or "", ""),
    }


@dataclass
class Contact:
    organisation: str
    contact: str


def document_context(version: PlanVersion) -> dict:
    """Everything the PDF template shows for ``version``."""
    plan = version.plan
    trajectory = plan.trajectory
    snapshot = version.snapshot
    results, respondents, themes = _survey(trajectory)
    topic_ids = {t["topic_id"] for t in snapshot.get("topics", [])}
    vote = plan_vote_results(trajectory=trajectory, topic_ids=topic_ids)
    statuses = dict(Action.Status.choices)
    topics = []
    contacts: dict[tuple[str, str], Contact] = {}
    for topic in snapshot.get("topics", []):
        actions = []
        for action in topic["actions"]:
            notes = action.get("notes") or []  # none in older snapshots
            actions.append(
                {
                    **action,
                    "status_label": statuses.get(action["status"], ""),
                    "latest_notes": [
                        _note(note, statuses) for note in notes[:NOTES_PER_ACTION]
                    ],
                    "earlier_notes": max(0, len(notes) - NOTES_PER_ACTION),
                }
            )
            key = (action["owner_organisation"], action["owner_contact"])
            contacts.setdefault(key, Contact(*key))
        topics.append({**topic, "actions": actions})
    coordinators = list(
        RegionMembership.objects.filter(
            region=trajectory.region, role=RegionMembership.Role.COORDINATOR
        )
        .select_related("user")
        .order_by("user__name")
    )
    return {
        "version": version,
        "trajectory": trajectory,
        "region": trajectory.region,
        "municipalities": list(trajectory.municipalities.order_by("name")),
        "meetings": plan_meetings(trajectory=trajectory),
        "results": results,
        "respondents": respondents,
        "themes": themes,
        "tally": vote.tally,
        "vote_rows": vote.rows,
        "vote_roles": vote.roles,
        "topics": topics,
        "contacts": sorted(
            contacts.values(), key=lambda c: (c.organisation, c.contact)
        ),
        "coordinators": [m.user for m in coordinators],
    }
