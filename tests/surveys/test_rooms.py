"""The survey rooms keep their shape: writes, reads, forms, views, routes, small modules."""

from pathlib import Path

import pytest

import surveys

SURVEYS_DIR = Path(surveys.__file__).resolve().parent
ROOMS = ("respond", "editor", "review")
PARTS = ("services", "selectors", "forms", "views", "urls")
MAX_LINES = 400


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_has_its_writes_reads_forms_views_and_routes(room):
    present = {path.stem for path in (SURVEYS_DIR / room).glob("*.py")}

    assert set(PARTS) <= present


@pytest.mark.parametrize("room", ROOMS)
def test_no_module_of_a_room_is_longer_than_the_limit(room):
    lengths = {
        path.name: len(path.read_text().splitlines())
        for path in (SURVEYS_DIR / room).glob("*.py")
    }

    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}
