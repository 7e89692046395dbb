"""``make bench`` in miniature: benchmarks/run.py --quick on PostgreSQL with wrk.

It checks that the benchmark runs and counts right, not how fast the app is:
a smoke run on a shared machine says nothing about speed.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

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
    # Named after the project's database, so that two checkouts testing
    # against one PostgreSQL server do not drop each other's benchmark.
    bench_db = f"goedgesprek_bench_{urlsplit(database_url).path.strip('/')}"[:63]

    result = subprocess.run(
        [
            sys.executable,
            str(BASE_DIR / "benchmarks" / "run.py"),
            "--quick",
            "--output",
            str(output),
            "--db-name",
            bench_db,
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-4000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    by_bench = {line["bench"]: line for line in lines}
    assert set(by_bench) == {
        "floor_insert",
        "survey_submit",
        "results_page",
        "results_theme",
        "results_presentation",
        "vote_cast",
        "projector_tally",
        "voter_page",
        "pdf_render",
        "plan_page",
        "load_mixed",
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
    # --quick runs two rounds of floor and submit in turn.
    assert floor["rounds"] == submit["rounds"] == 2
    assert len(floor["rounds_rps"]) == len(submit["rounds_rps"]) == 2
    assert all(rate > 0 for rate in floor["rounds_rps"] + submit["rounds_rps"])
    assert len(submit["ratio_by_round"]) == 2
    assert 0 <= submit["steal_pct"] <= 100
    # The results page and the slides (issue #4): 300 responses in --quick,
    # nothing suppressed, and as many SQL statements as at 100 responses.
    for name in ("results_page", "results_theme", "results_presentation"):
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
        assert page["goal_ms"] == 250
        assert isinstance(page["met"], bool)
        # Issue #11: the p95 and the bytes over the wire (gzip) on each line.
        assert page["p95_ms"] > 0
        assert page["goal_wire_bytes"] == 200 * 1024
        assert 0 < page["wire_bytes"] < page["bytes"]
        # The first view after a submission, without the kept live figures.
        assert len(page["cold_ms"]) == 3
        assert 0 < min(page["cold_ms"]) <= page["cold_max_ms"]
    # Live voting (issue #12): every answer a 303, the totals exactly what the
    # clients hold, the tally's statements constant, the voter's page light.
    # The voters think between taps (benchmarks/room.py), and the floor is
    # driven by the same voters with the same pauses in the same run.
    vote = by_bench["vote_cast"]
    assert vote["correct"] is True, vote["problems"]
    assert vote["errors"] == 0
    assert vote["failures"] == {}
    assert vote["joined"] == vote["voters"] == 20
    assert vote["votes_ok"] > 0
    assert vote["think_s"][0] > 0
    assert set(vote["statuses"]) == {"join 303", "page 200", "vote 303"}
    assert vote["statuses"]["join 303"] == vote["joined"]
    assert vote["statuses"]["vote 303"] == vote["votes_ok"]
    assert vote["p95_ms"] >= vote["p50_ms"] > 0
    assert vote["tap_p95_ms"] > 0
    assert vote["floor"]["rps"] == vote["floor_rps"] > 0
    assert vote["floor"]["requests"] > 0
    assert isinstance(vote["ratio_to_floor"], float)
    assert vote["ratio_to_floor"] == round(vote["vote_rps"] / vote["floor_rps"], 3)
    assert {"gunicorn", "postgres", "client", "other"} <= set(vote["cpu_ms_per_vote"])
    assert 0 <= vote["steal_pct"] <= 100
    tally = by_bench["projector_tally"]
    assert tally["correct"] is True, tally["problems"]
    assert tally["errors"] == 0
    assert tally["poll_requests"] > 0
    assert tally["statements_constant"] is True
    assert tally["sql_statements"] == tally["sql_statements_small"] > 0
    page = by_bench["voter_page"]
    assert page["correct"] is True
    assert 0 < page["bytes"] < 50 * 1024
    # The action plan (issue #13): the PDF read back, a second render free,
    # the plan page in as many statements at 5 as at 30 actions.
    pdf = by_bench["pdf_render"]
    assert pdf["correct"] is True, pdf
    assert all(pdf["checks"].values())
    assert pdf["render_s"] > 0
    assert pdf["peak_mb"] > 0
    assert pdf["request_ms"] > 0
    assert pdf["pages"] >= 5
    assert pdf["quotes"] == 20
    plan_page = by_bench["plan_page"]
    assert plan_page["correct"] is True
    assert plan_page["sql_statements"] == plan_page["sql_statements_small"]
    # Load (issue #14): respondents, voters, a projector and staff at once
    # (15 people for 15 s with --quick); nothing lost, no 5xx, totals exact.
    load = by_bench["load_mixed"]
    assert load["correct"] is True, load["problems"]
    assert load["problems"] == []
    assert load["lost"] == 0
    assert load["errors_5xx"] == 0
    assert load["rate_limited"] == 0
    assert load["failures"] == {}
    assert load["successful"] > 0
    assert load["stored"] == load["responses_new"] == load["successful"]
    assert load["votes_ok"] > 0
    assert load["joined"] == load["voters"]
    assert load["resumed"] == 3  # came back with the resume link to send
    kinds = {"survey_page", "survey_start", "survey_step", "survey_submit"}
    kinds |= {"survey_resume"}
    kinds |= {"vote_join", "vote_cast", "voter_page", "projector_tally"}
    assert kinds | {"results_page"} == set(load["p95_ms"])
    assert all(ms > 0 for ms in load["p95_ms"].values())
    assert load["floor_rps"] > 0


def _round(latencies, *, status="302", seconds=2.0, sent=(3, 2)):
    """One wrk round as benchmarks/run.py's wrk() sees it, made up."""
    return {
        "duration_us": int(seconds * 1e6),
        "requests": len(latencies),
        "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
        "statuses": {status: len(latencies)},
        "sent_by_thread": list(sent),
        "exhausted": 0,
        "histogram": [[value, latencies.count(value)] for value in set(latencies)],
        "wall_s": seconds,
        "cpu_s": {"gunicorn": 0.01 * len(latencies), "postgres": 0.002},
        "other_s": 0.0,
        "steal_s": 0.1 * seconds,
    }


def test_percentiles_follow_wrks_rank_rule():
    from benchmarks.run import _percentile

    histogram = [[30, 2], [10, 1], [20, 1]]  # unsorted, as a dict gives them
    assert _percentile(histogram, 50) == 30  # rank 4 // 2 + 1 = 3
    assert _percentile(histogram, 25) == 20
    assert _percentile(histogram, 24) == 10
    assert _percentile(histogram, 100) == 30
    assert _percentile([], 50) == 0


def test_rounds_pool_into_one_result_and_keep_their_own_rates():
    from benchmarks.run import figures
    from benchmarks.run import pooled

    fast = _round([100] * 6, seconds=2.0, sent=(3, 3))
    slow = _round([400] * 2, seconds=2.0, sent=(1, 1))

    result = figures(pooled([fast, slow]), ok_status=302)

    assert result["successful"] == 8
    assert result["seconds"] == 4.0
    assert result["rps"] == 2.0
    assert result["rounds_rps"] == [3.0, 1.0]
    assert result["sent"] == 8
    assert result["p50_ms"] == 0.1  # six of the eight took 100 µs
    assert result["p95_ms"] == 0.4
    assert result["max_ms"] == 0.4
    assert result["cpu_ms_per_request"]["gunicorn"] == 10.0
    assert result["steal_pct"] == round(100 * 0.4 / 4.0 / (os.cpu_count() or 1), 1)
    # Pooling a pooled result changes nothing but adds its rounds.
    again = figures(pooled([pooled([fast, slow]), fast]), ok_status=302)
    assert again["rounds_rps"] == [3.0, 1.0, 3.0]
    assert again["successful"] == 14


def test_room_percentiles_follow_the_same_rank_rule():
    from benchmarks.room import percentile_ms
    from benchmarks.run import _percentile

    seconds = [0.030, 0.030, 0.010, 0.020, 0.040, 0.015]
    histogram = [[round(s * 1e6), 1] for s in seconds]
    for percent in (25, 50, 95, 99, 100):
        assert percentile_ms(seconds, percent) == _percentile(histogram, percent) / 1000
    assert percentile_ms([], 95) == 0.0


def test_room_voters_pause_between_taps():
    """Each simulated voter thinks between requests: no closed loop like wrk's."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler
    from http.server import ThreadingHTTPServer

    from benchmarks import room

    seen: list[float] = []

    class Floor(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(time.monotonic())
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Floor)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = room.Client("127.0.0.1", server.server_address[1], "x" * 32)
        # In a thread of its own: a browser test earlier in this process may
        # have left Playwright's event loop running in the main thread, and
        # the bench's asyncio.run() refuses to start inside it.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as pool:
            floor_room, _elapsed = pool.submit(
                room.floor,
                client,
                voters=1,
                seconds=1.2,
                spread=0.0,
                think=(0.2, 0.25),
            ).result()
    finally:
        server.shutdown()
        server.server_close()
    assert floor_room.tally.failures == {}
    assert floor_room.tally.ok == len(seen)
    assert 4 <= len(seen) <= 6
    gaps = [later - earlier for earlier, later in zip(seen, seen[1:], strict=False)]
    assert min(gaps) >= 0.19


def test_a_respondent_fills_in_the_pages_own_form_only():
    """The crowd reads a survey page as a browser does: its form, not others."""
    import random
    from urllib.parse import parse_qs

    from benchmarks.crowd import fill

    page = b"""<form action="/i18n/setlang/" method="post">
      <input type="hidden" name="next" value="/"></form>
    <form method="post" novalidate>
      <input type="hidden" name="csrfmiddlewaretoken" value="masked">
      <input type="hidden" name="terug" value="overzicht">
      <input type="radio" name="q_1" value="5"><input type="radio" name="q_1" value="0">
      <select name="municipality"><option value="">-</option><option value="7">A</option></select>
      <textarea name="q_2"></textarea>
    </form>"""
    filled = [parse_qs(fill(page, random.Random(n), "s" * 32)) for n in range(40)]
    for form in filled:
        assert "next" not in form
        assert form["csrfmiddlewaretoken"] == ["s" * 32]
        assert form["terug"] == ["overzicht"]
        assert form["action"] == ["next"]
        assert form.get("q_1", ["5"])[0] in {"5", "0"}
    assert {form["q_1"][0] for form in filled if "q_1" in form} == {"5", "0"}
    assert any("q_2" in form for form in filled)
    assert fill(b"<p>no form</p>", random.Random(1), "s") is None
