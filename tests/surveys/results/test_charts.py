"""The hand-drawn SVG charts: well-formed, described, proportional, readable."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings

from surveys.results.charts import PALETTE
from surveys.results.charts import TEXT_ON
from surveys.results.charts import LikertRow
from surveys.results.charts import ScoreRow
from surveys.results.charts import likert_chart
from surveys.results.charts import score_bin
from surveys.results.charts import score_chart
from surveys.results.figures import Cell

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, in a test


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def cell(counts, dont_know=0):
    return Cell(
        counts=dict(zip((1, 2, 3, 4, 5), counts, strict=True)), dont_know=dont_know
    )


@pytest.fixture
def likert_svg():
    return likert_chart(
        chart_id="stelling-7",
        title="De begeleiding is goed bereikbaar.",
        rows=[
            LikertRow("Iedereen", cell([2, 3, 5, 6, 4], dont_know=3)),
            LikertRow("Pleegouder", cell([0, 1, 2, 3, 4])),
            LikertRow("Ouder", None),
        ],
    )


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("index", range(5))
def test_every_palette_colour_has_a_text_colour_with_at_least_4_5_to_1(index):
    assert contrast(PALETTE[index], TEXT_ON[index]) >= 4.5


def test_the_palette_runs_from_orange_to_purple_and_has_five_distinct_steps():
    assert PALETTE == ("#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788")
    assert len(set(PALETTE)) == 5


def test_the_stylesheet_uses_the_same_colours_and_text_colours():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "results.css").read_text()
    for index, (background, text) in enumerate(zip(PALETTE, TEXT_ON, strict=True)):
        rule = re.search(rf"\.score-bin-{index} \{{([^}}]*)\}}", css).group(1)
        assert f"background-color: {background};" in rule
        expected = "#fff" if text == "#ffffff" else text
        assert f"color: {expected};" in rule
        assert contrast(background, text) >= 4.5


@pytest.mark.parametrize(
    ("score", "expected"), [(0, 0), (19.4, 0), (20, 1), (50, 2), (79.4, 3), (100, 4)]
)
def test_score_bins_split_the_scale_in_five(score, expected):
    assert score_bin(score) == expected


def test_likert_chart_is_well_formed_svg_with_title_and_desc(likert_svg):
    root = parse(likert_svg)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 760 ")
    assert root.get("aria-labelledby") == "stelling-7-title stelling-7-desc"
    assert root.find(f"{SVG}title").text == "De begeleiding is goed bereikbaar."
    assert root.find(f"{SVG}title").get("id") == "stelling-7-title"
    desc = root.find(f"{SVG}desc").text
    assert "Iedereen: 20 antwoorden" in desc
    assert "helemaal eens 4 (20%)" in desc
    assert "50% (helemaal) mee eens" in desc
    assert "Weet ik niet: 3." in desc
    assert "Ouder: te weinig antwoorden om te tonen." in desc


def test_likert_chart_has_no_style_attributes_or_elements(likert_svg):
    root = parse(likert_svg)
    assert all(el.get("style") is None for el in root.iter())
    assert root.find(f".//{SVG}style") is None
    assert "<script" not in likert_svg


def test_likert_segments_are_proportional_to_the_counts(likert_svg):
    root = parse(likert_svg)
    segments = [
        el for el in root.iter(f"{SVG}rect") if "segment" in el.get("class", "")
    ]
    first_row = [s for s in segments if s.get("y") == segments[0].get("y")]
    widths = {
        int(s.get("class").split("segment-")[1]): float(s.get("width"))
        for s in first_row
    }
    counts = {1: 2, 2: 3, 3: 5, 4: 6, 5: 4}
    total_width = sum(widths.values())
    assert total_width == pytest.approx(370, abs=0.05)
    for point, count in counts.items():
        assert widths[point] / total_width == pytest.approx(count / 20, abs=0.001)
    # Segments follow each other from left to right, in scale order.
    xs = [float(s.get("x")) for s in first_row]
    assert xs == sorted(xs)


def test_likert_segments_skip_empty_points_and_carry_colour_and_label(likert_svg):
    root = parse(likert_svg)
    segments = [
        el for el in root.iter(f"{SVG}rect") if "segment" in el.get("class", "")
    ]
    # Row 1 has five points, row 2 four (nobody chose 1), row 3 is hidden.
    assert len(segments) == 9
    for segment in segments:
        point = int(segment.get("class").split("segment-")[1])
        assert segment.get("fill") == PALETTE[point - 1]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "30%" in texts  # 6 of 20 as a label inside the segment
    assert "te weinig antwoorden" in texts
    assert "50% eens · n = 20" in texts
    assert "weet ik niet: 3" in texts


def test_likert_chart_has_a_visible_legend(likert_svg):
    texts = [t.text for t in parse(likert_svg).iter(f"{SVG}text")]
    for label in ("Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"):
        assert label in texts


def test_text_is_escaped():
    svg = likert_chart(
        chart_id="x",
        title='<script>alert("x")</script> & co',
        rows=[LikertRow("A & B <i>", cell([1, 1, 1, 1, 1]))],
    )
    root = parse(svg)
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & co'
    assert "<script>" not in svg
    assert "A & B <i>" in [t.text for t in root.iter(f"{SVG}text")]


def test_score_chart_bars_are_proportional_and_hidden_rows_have_no_bar():
    svg = score_chart(
        chart_id="scores-1",
        title="Score per rol: Financiën",
        rows=[
            ScoreRow("Iedereen", 50.0, n=20),
            ScoreRow("Pleegouder", 25.0, n=10),
            ScoreRow("Ouder", None, hidden=True),
            ScoreRow("Professional", None, note="niet gevraagd"),
        ],
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Score per rol: Financiën"
    desc = root.find(f"{SVG}desc").text
    assert "Iedereen: score 50 van 100 (20 mensen)." in desc
    assert "Ouder: te weinig antwoorden." in desc
    assert "Professional: niet gevraagd." in desc
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("class") == "score-bar"]
    assert len(bars) == 2
    assert float(bars[0].get("width")) == pytest.approx(2 * float(bars[1].get("width")))
    assert bars[0].get("fill") == PALETTE[2]
    assert bars[1].get("fill") == PALETTE[1]
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "50 n = 20" in texts
    assert "te weinig antwoorden" in texts
    assert "Score van 0 (helemaal oneens) tot 100 (helemaal eens)." in texts


def test_the_large_score_chart_uses_bigger_type_in_a_fixed_viewbox():
    rows = [ScoreRow("Iedereen", 80.0, n=12)]
    small = parse(score_chart(chart_id="a", title="t", rows=rows))
    large = parse(score_chart(chart_id="b", title="t", rows=rows, large=True))
    assert large.get("viewBox").startswith("0 0 700 ")
    size = {
        name: max(float(t.get("font-size")) for t in root.iter(f"{SVG}text"))
        for name, root in (("small", small), ("large", large))
    }
    assert size["large"] >= 2 * size["small"]
