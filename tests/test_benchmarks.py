"""``make bench`` in miniature: benchmarks/run.py --quick on PostgreSQL with wrk.

It checks that the benchmark runs and counts right, not how fast the app is:
a smoke run on a shared machine says nothing about speed.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.conftest import require_service

BASE_DIR = Path(__file__).resolve().parent.parent


def test_quick_bench_stores_every_successful_submit(tmp_path):
    database_url = require_service("DATABASE_URL")
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        pytest.skip("the benchmark runs on PostgreSQL only")
    if shutil.which("wrk") is None:
        if IN_CI:
            pytest.fail("wrk is missing; `make setup` installs it")
        pytest.skip("wrk is not installed (apt-get install wrk)")
    output = tmp_path / "results.json"

    result = subprocess.run(
        [
            sys.executable,
            str(BASE_DIR / "benchmarks" / "run.py"),
            "--quick",
            "--output",
            str(output),
            "--db-name",
            "goedgesprek_bench_pytest",
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-4000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    by_bench = {line["bench"]: line for line in lines}
    assert set(by_bench) == {
        "floor_insert",
        "survey_submit",
        "results_page",
        "results_presentation",
    }
    assert json.loads(output.read_text()) == lines
    floor, submit = by_bench["floor_insert"], by_bench["survey_submit"]
    for line in (floor, submit):
        assert line["successful"] > 0
        assert line["other_statuses"] == {}
        # Every answered request is stored; requests still queued in gunicorn
        # when wrk stopped are stored too, but never answered.
        assert line["successful"] <= line["stored"]
        assert line["stored"] - line["successful"] <= line["in_flight_at_stop"]
        assert line["p50_ms"] > 0
        assert line["p95_ms"] >= line["p50_ms"]
    assert submit["correct"] is True
    assert submit["answers_per_submit"] >= 50
    assert submit["sql_statements"] > 0
    assert isinstance(submit["ratio_to_floor"], float)
    assert submit["ratio_to_floor"] > 0
    # The results page and the slides (issue #4): 300 responses in --quick,
    # nothing suppressed, and as many SQL statements as at 100 responses.
    for name in ("results_page", "results_presentation"):
        page = by_bench[name]
        assert page["correct"] is True, page["problems"]
        assert page["responses"] == 300
        assert page["responses_small"] < page["responses"]
        assert page["answers"] >= 50 * page["responses"]
        assert page["nothing_suppressed"] is True
        assert page["requests"] == 5
        assert 0 < page["p50_ms"] <= page["p95_ms"] <= page["max_ms"]
        assert page["sql_statements"] > 0
        assert page["sql_statements"] == page["sql_statements_small"]
        assert page["statements_constant"] is True
        assert page["floor_rps"] == floor["rps"]
        assert page["goal_ms"] == 500
        assert isinstance(page["met"], bool)
