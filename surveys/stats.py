"""Moved to ``surveys.results``; kept for ``surveys.review_selectors`` only.

New code reads results through ``surveys.results.results_read``.
"""

from .results.stats import ALL
from .results.stats import respondents_by_role

__all__ = ["ALL", "respondents_by_role"]
