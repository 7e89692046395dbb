"""What rows of single responses may show: their descriptive fields, coarsened.

Rows of single responses (the response-level export) keep every combination
of their descriptive fields shared by at least the threshold
(``response_descriptors``, on ``core.protection.coarsen``): a field is made
wider or left out until no small group of responses can be picked out.
Counted figures have their rule in ``protection``.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence

from django.utils.translation import gettext as _

from core.protection import Recode
from core.protection import blank
from core.protection import coarsen
from core.protection import keep
from core.protection import mapped
from core.protection import merge_small

__all__ = ["ROW_FIELDS", "quarter", "response_descriptors", "wider_choices"]

ROW_FIELDS = ("role", "age_band", "foster_type", "municipality", "month")


def quarter(month: str) -> str:
    """``2026-05`` -> ``2026 K2``; anything else stays as it is."""
    year, _sep, number = month.partition("-")
    if not number.isdigit():
        return month
    return f"{year} K{(int(number) - 1) // 3 + 1}"


def wider_choices(labels: Sequence[str]) -> dict[str, str]:
    """Each choice with its neighbour, in the order of the choices: two bands as one.

    Generic over any list of choices (age bands, say): the 1st with the 2nd,
    the 3rd with the 4th, and so on; a last one on its own stays as it is.
    """
    wider = {}
    for start in range(0, len(labels), 2):
        pair = labels[start : start + 2]
        shown = (
            _("%(a)s of %(b)s") % {"a": pair[0], "b": pair[1]}
            if len(pair) == 2
            else pair[0]
        )
        wider.update(dict.fromkeys(pair, shown))
    return wider


def response_descriptors(
    columns: Mapping[str, Sequence[str]], *, age_bands: Sequence[str]
) -> dict[str, list[str]] | None:
    """The descriptive fields of response rows as an export may show them.

    ``columns`` holds, per field of ``ROW_FIELDS``, the label of each row's
    value ("" when not filled in). Fields are coarsened (a municipality with
    few people to "overig", age bands two by two, a month to its quarter,
    small groups of values together) or left out, one step at a time, until
    every combination of the shown fields is shared by at least the
    threshold. None: there are too few rows to show any.
    """
    other = _("overig")
    levels: dict[str, list[Recode]] = {
        "month": [
            keep,
            lambda values: [quarter(v) for v in values],
            lambda values: merge_small(_("andere periode"))(
                [quarter(v) for v in values]
            ),
            blank,
        ],
        "foster_type": [keep, merge_small(other), blank],
        "age_band": [
            keep,
            mapped(wider_choices(age_bands)),
            lambda values: merge_small(other)(mapped(wider_choices(age_bands))(values)),
            blank,
        ],
        "municipality": [keep, merge_small(other), blank],
        "role": [keep, merge_small(other), blank],
    }
    return coarsen(columns, levels)
