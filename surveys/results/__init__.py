"""The results room: one protected read of a questionnaire's results.

Everything that shows survey results (the results page, the slides, the
exports, the topic suggestions and the comparison, the response dashboard,
and other apps such as the meeting's voting longlist) reads them here:

- ``read.results_read``: the one public read; every figure in its answer has
  been through ``protection`` (the small-group rule, ``core.protection``).
- ``insights.suggest_topics``: the themes ranked by the attention they need.
- ``responses.response_overview``: response counts per role and municipality.

Modules: ``queries`` count in SQL; ``stats`` turns the counts into the
``figures`` (cells, theme and statement results); ``protection`` decides
what may be shown (``response_rows``: what rows of single responses may);
``read`` puts them together; ``charts`` draws SVG; ``exports`` writes
XLSX/CSV; ``views``, ``export_views`` and ``insight_views`` serve the pages.

The path of a results request (``GET /trajecten/<pk>/resultaten/?gemeente=&rol=``):
``urls`` -> ``views.ResultsView`` (``regions.mixins.TrajectoryPermissionMixin``:
login, one query for trajectory, region and questionnaire, the rule
``surveys.view_results``) -> ``read.questionnaire_of`` (never creates one) ->
``read.results_read`` (``stats.survey_results`` counts in two queries and
protects each row through ``protection``; a municipality filter is checked
by ``protection.municipality_filter_allowed`` and guarded against the
overall figures; ``protection.respondent_rows`` labels the respondents;
``themes.theme_reads`` builds the theme columns and marks the most different
themes) -> the view draws the charts (``charts``) -> the template
``surveys/results/results.html`` prints the read.
"""

from __future__ import annotations

from .insights import TopicSuggestion
from .insights import suggest_topics
from .read import ResultsFilters
from .read import ResultsRead
from .read import questionnaire_of
from .read import results_read
from .responses import ResponseOverview
from .responses import response_count
from .responses import response_overview

__all__ = [
    "ResponseOverview",
    "ResultsFilters",
    "ResultsRead",
    "TopicSuggestion",
    "questionnaire_of",
    "response_count",
    "response_overview",
    "results_read",
    "suggest_topics",
]
