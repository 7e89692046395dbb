"""Survey charts as SVG strings, drawn by hand: one renderer for page, slides and PDF.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``
that reads out the numbers, a visible legend and a fixed ``viewBox``. Colour
never carries meaning alone: segments wide enough carry their percentage as
text, the order of the segments is fixed and the legend names them. Styling
uses SVG presentation attributes only (no ``style=""``), so the strict
Content-Security-Policy holds; all text goes through ``escape``.

The palette is a diverging orange-purple scale (ColorBrewer PuOr), safe for
the common forms of colour blindness. Dark bins carry white text, light bins
near-black text; every pair has a contrast of at least 4.5:1.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape as html_escape

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .bands import score_band
from .bands import shown_score
from .figures import SCALE
from .figures import Cell

# Low (orange) to high (purple): Likert points 1..5 and score bins 0..4.
PALETTE = ("#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788")
WHITE = "#ffffff"
INK = "#1a1a1a"
GRID = "#6c757d"
TEXT_ON = (WHITE, INK, INK, INK, WHITE)
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"


def likert_labels() -> dict[int, str]:
    """Short names of the scale points, for legends and tables."""
    return dict(_likert_labels(get_language()))


@lru_cache(maxsize=8)
def _likert_labels(language: str | None) -> tuple[tuple[int, str], ...]:
    # Per language: a results page asks for these hundreds of times.
    return (
        (1, _("Helemaal oneens")),
        (2, _("Oneens")),
        (3, _("Neutraal")),
        (4, _("Eens")),
        (5, _("Helemaal eens")),
    )


def score_bin(score: float) -> int:
    """The colour bin (0..4) of a 0-100 score: its band (``bands.score_band``)."""
    return score_band(score).index


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


@lru_cache(maxsize=64)
def _attr_name(name: str) -> str:
    """``font_size`` -> ``font-size``; ``class_`` -> ``class``."""
    return name.rstrip("_").replace("_", "-")


def _attrs(attrs: dict[str, object]) -> str:
    # html.escape is what django.utils.html.escape calls, without its lazy
    # wrapper and SafeString: a results page draws some 40,000 attributes.
    return "".join(
        f' {_attr_name(name)}="{_num(value) if isinstance(value, float) else html_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not None
    )


def _el(tag: str, content: str | None = None, **attrs: object) -> str:
    """One element; ``content`` must already be escaped markup."""
    if content is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"


def _text(x: float, y: float, text: str, **attrs: object) -> str:
    return _el("text", html_escape(str(text)), x=float(x), y=float(y), **attrs)


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the rendered width of ``text`` in a sans-serif font."""
    return len(text) * size * 0.6


def _svg(
    *,
    chart_id: str,
    title: str,
    desc: str,
    width: int,
    height: int,
    body: Iterable[str],
) -> SafeString:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    content = "".join(
        [
            _el("title", escape(title), id=title_id),
            _el("desc", escape(desc), id=desc_id),
            *body,
        ]
    )
    return mark_safe(  # noqa: S308 - every piece is built with escape()  # nosec B308 B703
        _el(
            "svg",
            content,
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {width} {height}",
            width=str(width),
            height=str(height),
            role="img",
            aria_labelledby=f"{title_id} {desc_id}",
            class_="chart",
            font_family=FONT,
        )
    )


def _legend(y: float, size: float, x: float = 0.0) -> list[str]:
    return list(_legend_parts(get_language(), y, size, x))


@lru_cache(maxsize=32)
def _legend_parts(
    language: str | None, y: float, size: float, x: float
) -> tuple[str, ...]:
    """The same legend for every chart of a page: drawn once per language."""
    parts = []
    for point, label in likert_labels().items():
        parts.append(
            _el(
                "rect",
                x=float(x),
                y=float(y),
                width=size,
                height=size,
                fill=PALETTE[point - 1],
                stroke=INK,
                stroke_width="1",
            )
        )
        parts.append(
            _text(
                x + size * 1.4, y + size * 0.85, label, font_size=_num(size), fill=INK
            )
        )
        x += size * 1.4 + _text_width(label, size) + size * 1.2
    return tuple(parts)


@dataclass(frozen=True)
class LikertRow:
    """One group in a distribution chart; ``cell`` is None when it is hidden."""

    label: str
    cell: Cell | None


def describe_cell(label: str, cell: Cell | None) -> str:
    """The numbers of one group as a sentence, for ``<desc>`` and tables."""
    if cell is None:
        return _("%(group)s: te weinig antwoorden om te tonen.") % {"group": label}
    names = likert_labels()
    if not cell.n:
        return _("%(group)s: geen antwoorden.") % {"group": label}
    points = ", ".join(
        f"{names[p].lower()} {cell.counts[p]} ({percent(cell.counts[p], cell.n)}%)"
        for p in SCALE
    )
    text = _(
        "%(group)s: %(n)s antwoorden; %(points)s; %(positive)s%% (helemaal) mee eens."
    ) % {
        "group": label,
        "n": cell.n,
        "points": points,
        "positive": percent(cell.counts[4] + cell.counts[5], cell.n),
    }
    if cell.dont_know:
        text += " " + _("Weet ik niet: %(n)s.") % {"n": cell.dont_know}
    return text


def likert_chart(*, chart_id: str, title: str, rows: Sequence[LikertRow]) -> SafeString:
    """A horizontal 100% stacked bar per group, five segments, legend on top."""
    width, label_w, bar_w, row_h, bar_h, font = 760, 210, 370, 46, 26, 14
    bar_x = label_w + 8
    info_x = bar_x + bar_w + 10
    legend_h = 34
    height = legend_h + row_h * len(rows) + 4
    body = _legend(y=6, size=13)
    for index, row in enumerate(rows):
        top = legend_h + index * row_h
        mid = top + bar_h / 2 + font * 0.35
        body.append(
            _text(
                label_w,
                mid,
                row.label,
                font_size=str(font),
                fill=INK,
                text_anchor="end",
            )
        )
        cell = row.cell
        if cell is None or not cell.n:
            note = _("te weinig antwoorden") if cell is None else _("geen antwoorden")
            body.append(
                _text(
                    bar_x, mid, note, font_size=str(font), fill=INK, font_style="italic"
                )
            )
        else:
            x = float(bar_x)
            for point in SCALE:
                count = cell.counts[point]
                if not count:
                    continue
                seg_w = bar_w * count / cell.n
                body.append(
                    _el(
                        "rect",
                        x=x,
                        y=float(top),
                        width=seg_w,
                        height=str(bar_h),
                        fill=PALETTE[point - 1],
                        stroke=WHITE,
                        stroke_width="1",
                        class_=f"segment segment-{point}",
                    )
                )
                label = f"{percent(count, cell.n)}%"
                if seg_w >= _text_width(label, 12) + 6:
                    body.append(
                        _text(
                            x + seg_w / 2,
                            mid,
                            label,
                            font_size="12",
                            fill=TEXT_ON[point - 1],
                            text_anchor="middle",
                        )
                    )
                x += seg_w
            body.append(
                _el(
                    "rect",
                    x=float(bar_x),
                    y=float(top),
                    width=str(bar_w),
                    height=str(bar_h),
                    fill="none",
                    stroke=INK,
                    stroke_width="1",
                )
            )
        if cell is not None and cell.n:
            positive = percent(cell.counts[4] + cell.counts[5], cell.n)
            first = _("%(p)s%% eens · n = %(n)s") % {"p": positive, "n": cell.n}
            body.append(_text(info_x, top + 12, first, font_size="13", fill=INK))
            body.append(
                _text(
                    info_x,
                    top + 29,
                    _("weet ik niet: %(n)s") % {"n": cell.dont_know},
                    font_size="13",
                    fill=INK,
                )
            )
    desc = " ".join(describe_cell(row.label, row.cell) for row in rows)
    return _svg(
        chart_id=chart_id, title=title, desc=desc, width=width, height=height, body=body
    )


@dataclass(frozen=True)
class ScoreRow:
    """One group's theme score; ``score`` is None when hidden or unanswered."""

    label: str
    score: float | None
    n: int | None = None
    hidden: bool = False
    note: str = ""  # what to say instead of a score, e.g. "niet gevraagd"

    @property
    def empty_text(self) -> str:
        if self.note:
            return self.note
        return _("te weinig antwoorden") if self.hidden else _("geen antwoorden")


def describe_score(row: ScoreRow) -> str:
    if row.hidden or row.score is None:
        return f"{row.label}: {row.empty_text}."
    return _("%(group)s: score %(score)s van 100 (%(n)s mensen).") % {
        "group": row.label,
        "score": shown_score(row.score),
        "n": row.n,
    }


def score_chart(
    *, chart_id: str, title: str, rows: Sequence[ScoreRow], large: bool = False
) -> SafeString:
    """Horizontal bars of the 0-100 theme score per group, with an axis.

    ``large`` draws the slide version: each group's name above its bar, so
    the bars get the full width and the words can be big enough for the back
    of the room.
    """
    if large:
        width, bar_x, bar_w, bar_h, font, tick = 700, 0.0, 520, 40, 30, 20
        label_h = font * 1.25
        row_h = label_h + bar_h + 18
    else:
        width, bar_w, bar_h, font, tick = 760, 380, 24, 14, 12
        bar_x, label_h, row_h = 217.0, 0.0, 38
    top0 = tick * 2
    bottom = top0 + row_h * len(rows)
    legend_y = bottom + tick * 1.6
    height = round(legend_y + tick * 0.6)
    body = []
    ticks = (0, 25, 50, 75, 100)
    for value in ticks:
        x = bar_x + bar_w * value / 100
        anchor = "start" if large and value == 0 else "middle"
        body.append(
            _text(
                x, tick, str(value), font_size=str(tick), fill=INK, text_anchor=anchor
            )
        )
    for index, row in enumerate(rows):
        top = top0 + index * row_h + label_h + (row_h - label_h - bar_h) / 2
        mid = top + bar_h / 2 + font * 0.35
        for value in ticks if row.score is not None and not row.hidden else ():
            x = bar_x + bar_w * value / 100
            body.append(
                _el(
                    "line",
                    x1=float(x),
                    y1=float(top - 4),
                    x2=float(x),
                    y2=float(top + bar_h + 4),
                    stroke=GRID,
                    stroke_width="1",
                    stroke_dasharray="4 4" if value not in (0, 100) else None,
                )
            )
        if large:
            body.append(
                _text(bar_x, top - font * 0.4, row.label, font_size=str(font), fill=INK)
            )
        else:
            body.append(
                _text(
                    bar_x - 7,
                    mid,
                    row.label,
                    font_size=str(font),
                    fill=INK,
                    text_anchor="end",
                )
            )
        if row.hidden or row.score is None:
            body.append(
                _text(
                    bar_x + font / 2,
                    mid,
                    row.empty_text,
                    font_size=str(font),
                    fill=INK,
                    font_style="italic",
                )
            )
            continue
        bar_len = max(bar_w * row.score / 100, 2.0)
        body.append(
            _el(
                "rect",
                x=float(bar_x),
                y=float(top),
                width=bar_len,
                height=str(bar_h),
                fill=PALETTE[score_bin(row.score)],
                stroke=INK,
                stroke_width="1",
                class_="score-bar",
            )
        )
        n_label = "" if row.n is None else " " + _("n = %(n)s") % {"n": row.n}
        body.append(
            _el(
                "text",
                escape(str(shown_score(row.score)))
                + _el(
                    "tspan",
                    escape(n_label),
                    font_size=str(max(tick, font * 0.7)),
                    font_weight="normal",
                ),
                x=float(bar_x + bar_len + font / 2),
                y=float(mid),
                font_size=str(font),
                fill=INK,
                font_weight="bold",
            )
        )
    scale_note = _("Score van 0 (helemaal oneens) tot 100 (helemaal eens).")
    body.append(_text(bar_x, legend_y, scale_note, font_size=str(tick), fill=INK))
    desc = scale_note + " "
    desc += " ".join(describe_score(row) for row in rows)
    return _svg(
        chart_id=chart_id, title=title, desc=desc, width=width, height=height, body=body
    )
