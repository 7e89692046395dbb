"""Live figures kept between two submissions: a snapshot per state of the responses.

While a survey is open the published figures (``queries._answers``) are a
function of the stored responses alone. Answers are only ever written
together with their response (the submit), and a response only comes or
goes as a whole, so the state is told by each role's number of responses
and highest id: a new response raises a highest id (ids are never reused),
a deleted one lowers a count. The figures computed for one state are kept in
the cache under that state; every view until the next submission reads them
instead of counting the answers again. The first view after a submission
counts (the cold time ``make bench`` reports as ``cold_ms``).

Only live figures are kept: after the survey closes the figures are exact
and free text can still be deleted (``surveys.retention``) without a
response changing, so closed surveys are counted on every view.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from collections.abc import Sequence
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

KEY_PREFIX = "results-live"
# Long enough to span the quiet hours between submissions; a new state makes
# a new key, so an old one just expires.
TIMEOUT_S = 6 * 60 * 60


def snapshot_key(
    *,
    questionnaire_id: int,
    version: int,
    municipality_id: int | None,
    step: int,
    state: Sequence[tuple[str, int, int]],
) -> str:
    """The cache key of the live figures for one state of the responses.

    ``state``: (role, responses, highest response id) per role; ``version``
    the questionnaire's (its statements and themes); ``step`` the size of
    the live steps.
    """
    digest = hashlib.sha256(repr(sorted(state)).encode()).hexdigest()[:32]
    return (
        f"{KEY_PREFIX}:{questionnaire_id}:{version}:{municipality_id or 0}:"
        f"{step}:{digest}"
    )


def kept(key: str, compute: Callable[[], T]) -> T:
    """The figures under ``key``, computed and kept when not there yet."""
    figures: T | None = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, TIMEOUT_S)
    return figures
