"""The one rule for reading a 0-100 score: its band, colour and words.

The results table colours a cell by its band, the topic suggestions name the
band in words ("lage score"), the charts fill a bar with the band's colour and
the legend lists the bands: all of them ask ``score_band``. A band is taken
from the score *as shown* (rounded to a whole number), so a cell that reads
40 is never coloured as 20-39.

Whether the roles differ on a theme has its rule in one place too:
``figures.rank_most_different`` (a spread of at least ``DIFFERENCE_POINTS``
between the highest and the lowest role, the largest few), which marks
``ThemeRead.different``; the table, the slides and the suggestions show that
flag and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .figures import MOST_DIFFERENT_MINIMUM

DIFFERENCE_POINTS = MOST_DIFFERENT_MINIMUM


@dataclass(frozen=True)
class Band:
    """One fifth of the scale: ``index`` 0 (lowest) to 4 is also its colour."""

    index: int
    low: int
    high: int
    word: str | Promise

    @property
    def range(self) -> str:
        return f"{self.low}–{self.high}"

    @property
    def low_score(self) -> bool:
        """The lowest two bands: a score that asks for attention."""
        return self.index <= 1


BANDS = (
    Band(0, 0, 19, _("zeer lage score")),
    Band(1, 20, 39, _("lage score")),
    Band(2, 40, 59, _("middelmatige score")),
    Band(3, 60, 79, _("hoge score")),
    Band(4, 80, 100, _("zeer hoge score")),
)


def shown_score(score: float) -> int:
    """The whole number a page shows for a score."""
    return round(score)


def score_band(score: float) -> Band:
    """The band of a 0-100 score, by the number that is shown."""
    shown = max(0, min(100, shown_score(score)))
    return BANDS[min(4, shown // 20)]
