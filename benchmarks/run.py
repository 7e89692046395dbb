#!/usr/bin/env python
"""``make bench``: the survey submit and the results page against a floor, in one run.

Starts gunicorn (2 sync workers) on a fresh PostgreSQL database and measures:

* ``floor_insert``: a bare Django view that inserts one row (the floor), wrk;
* ``results_page``: GET of a trajectory's results page (the perspective
  table, every theme and statement) with 5,000 responses of about 60 answers
  each, as a signed-in NVP staff member: sequential requests timed by a
  client on loopback (one worker idle), a short wrk run with one connection
  per worker, and the SQL statements of one request at two sizes (500 and
  5,000 responses), which must be equal;
* ``results_presentation``: the same for the slides of that trajectory;
* ``vote_cast``, ``projector_tally``, ``voter_page``: live voting, see
  ``benchmarks/voting.py``;
* ``pdf_render`` and ``plan_page``: the action plan's PDF (render time, peak
  memory, the publish request, a second render that costs nothing, the PDF
  read back) and the plan page's SQL statements at 5 and 30 actions
  (benchmarks/plan_bench.py);
* ``load_mixed``: 500 people at once for 60 s (respondents, voters, a
  projector, staff) on a gunicorn of its own, see ``benchmarks/load_mixed.py``;
* ``survey_submit``: the final POST of a complete survey (pleegouder, about 60
  answers) that stores one Response and its Answers and deletes the draft, wrk.

The floor and the submit take turns (``--rounds``, 4 by default: floor 5 s,
submit 5 s, four times), so that both meet the same moments of a shared
machine; their figures pool the rounds, and each round's rate is reported too.

Each benchmark prints one JSON line on stdout; all of them go to
``benchmarks/results.json``. Progress goes to stderr. The exit status is
non-zero when a submission went missing or a request failed (correctness),
not when only a speed goal is missed.

Usage: python benchmarks/run.py [--duration 20] [--rounds 4] [--connections 32] [--quick]
       [--responses 5000] [--page-requests 20] [--only load_mixed]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.client
import io
import json
import math
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "benchmarks"
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_DB_NAME = "goedgesprek_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/2"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
# High enough never to trigger: the limiter still runs (and asks Redis) on
# every start, it just never says no; the submit has no limiter.
START_RATE = "100000000/s"
WORKERS = 2
ROLE = "pleegouder"
OPEN_ANSWERS = 19  # with the 41 Likert questions: 60 answers per survey
OPEN_TEXTS = (
    "Het contact met de pleegzorgbegeleider gaat goed.",
    "Meer tijd voor overleg zou helpen.",
    "We voelen ons gehoord.",
    "De informatie kwam soms laat.",
)
# Django accepts an unmasked 32-character secret as the form token.
CSRF_SECRET = "goedgesprekbenchcsrf000000000000"
GOAL_RATIO = 0.5
GOAL_P95_MS = 150
# Other jobs may use at most this share of the machine (percent of all cores)
# during a measurement before its figures are flagged as disturbed.
QUIET_PCT = 10.0
# Prepared drafts per expected submit: the submit never beats the floor, so
# floor rps x seconds x this margin is always enough.
DRAFT_MARGIN = 1.3
MIN_EXPECTED_RPS = 500.0
# The results page (issue #4): a trajectory this big, server time under this.
RESULTS_RESPONSES = 5000
RESULTS_RESPONSES_SMALL = 500
RESULTS_GOAL_MS = 250
# What a results page may send over the wire (compressed), issue #11.
RESULTS_GOAL_WIRE_BYTES = 200 * 1024
PAGE_REQUESTS = 20
PAGE_WARMUPS = 3
# Requests timed without the kept live figures (``cold_ms``).
COLD_REQUESTS = 3
STAFF_EMAIL = "bench-staff@example.org"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration",
        type=int,
        default=20,
        help="seconds of floor and of submit, each split over the rounds",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="floor and submit take turns this many times (default 4, 2 with --quick)",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per warm-up")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 3 s per bench, 8 connections, 1 s warm-up",
    )
    parser.add_argument(
        "--wait-quiet",
        type=int,
        default=None,
        metavar="SECONDS",
        help="before each measurement, wait up to this long for other jobs on "
        "the machine to finish (default 120, 0 with --quick)",
    )
    parser.add_argument(
        "--responses",
        type=int,
        default=None,
        help=f"responses in the results trajectory (default {RESULTS_RESPONSES}, "
        "300 with --quick); statements are also counted at a tenth of it",
    )
    parser.add_argument(
        "--page-requests",
        type=int,
        default=None,
        help=f"timed sequential requests per results page (default {PAGE_REQUESTS}, "
        "5 with --quick)",
    )
    parser.add_argument(
        "--vote-seconds",
        type=int,
        default=None,
        help="seconds of vote_cast and of projector_tally (default 30, 3 with --quick)",
    )
    parser.add_argument(
        "--load-seconds",
        type=int,
        default=None,
        help="seconds of load_mixed (default 60, 15 with --quick)",
    )
    parser.add_argument(
        "--only",
        choices=("results", "voting", "load_mixed"),
        default=None,
        help="run only these benchmarks (results: the three results pages; "
        "voting: vote_cast, projector_tally, voter_page; load_mixed), without "
        "the data the others need; their lines replace their old ones in --output",
    )
    parser.add_argument(
        "--db-name",
        default=DEFAULT_DB_NAME,
        help="database to drop and create on the PostgreSQL server",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=BENCH_DIR / "results.json",
        help="where to write all JSON lines (as a JSON array)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.connections, args.warmup, args.rounds = 4, 8, 1, 2
    args.rounds = max(1, min(args.rounds, args.duration))
    if args.wait_quiet is None:
        args.wait_quiet = 0 if args.quick else 120
    if args.responses is None:
        args.responses = 300 if args.quick else RESULTS_RESPONSES
    if args.vote_seconds is None:
        args.vote_seconds = 3 if args.quick else 30
    if args.page_requests is None:
        args.page_requests = 5 if args.quick else PAGE_REQUESTS
    # Small enough to differ clearly, large enough that no group is suppressed.
    args.responses_small = max(100, args.responses // 10)
    if args.responses < args.responses_small:
        parser.error(f"--responses must be at least {args.responses_small}")
    args.threads = max(1, min(args.threads, args.connections))
    return args


# --- Environment --------------------------------------------------------------


def database_url(db_name: str) -> str:
    """The benchmark database on DATABASE_URL's PostgreSQL server (or the local one).

    Never DATABASE_URL's own database: the benchmark drops and recreates its
    database on every run.
    """
    parts = urlsplit(os.environ.get("DATABASE_URL", ""))
    if parts.scheme not in POSTGRES_SCHEMES:
        parts = urlsplit(DEFAULT_SERVER)
    elif parts.path.lstrip("/") == db_name:
        raise RuntimeError(f"refusing to drop DATABASE_URL's own database {db_name}")
    return urlunsplit((parts.scheme, parts.netloc, f"/{db_name}", parts.query, ""))


def bench_env(db_url: str, redis_url: str) -> dict[str, str]:
    """Everything that changes the figures, set explicitly (a .env cannot win)."""
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "DJANGO_PRODUCTION": "0",
        "DJANGO_DEBUG": "0",
        "CONN_MAX_AGE": "60",
        "RATELIMIT_ENABLE": "1",
        "SURVEY_START_RATE": START_RATE,
        "LOG_LEVEL": "WARNING",
    }


def recreate_database(db_url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(db_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(
        (parts.scheme, parts.netloc, "/postgres", parts.query, "")
    ).replace("pgsql://", "postgres://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Data ---------------------------------------------------------------------


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_regions", stdout=io.StringIO())


def create_trajectory(name: str = "Benchmark"):
    """A trajectory in JZ32 with its survey open, and its questionnaire."""
    from django.utils import timezone

    from regions.models import Region
    from regions.models import Trajectory
    from surveys.services import questionnaire_get_or_create

    region = Region.objects.get(code="JZ32")
    today = timezone.localdate()
    trajectory = Trajectory.objects.create(
        region=region,
        name=name,
        phase=Trajectory.Phase.VRAGENLIJST_OPEN,
        survey_opens_on=today - dt.timedelta(days=1),
        survey_closes_on=today + dt.timedelta(days=30),
    )
    trajectory.municipalities.set(region.municipalities.all())
    questionnaire = questionnaire_get_or_create(trajectory=trajectory)
    return trajectory, questionnaire


class DraftMaker:
    """Drafts as a pleegouder leaves them on the review page: every page done."""

    def __init__(self, questionnaire, trajectory):
        from surveys.models import Question
        from surveys.structure import structure_for

        self.questionnaire = questionnaire
        structure = structure_for(questionnaire)
        themes = structure.themes_for(ROLE)
        questions = [q for theme in themes for q in theme.questions_for(ROLE)]
        self.likert = [q.id for q in questions if q.kind == Question.Kind.LIKERT]
        self.open = [q.id for q in questions if q.kind == Question.Kind.OPEN][
            :OPEN_ANSWERS
        ]
        self.municipalities = list(
            trajectory.municipalities.values_list("pk", flat=True)
        )
        # Role page, context page, one page per theme; then the review page.
        self.step = 2 + len(themes)
        self.rng = random.Random(3)  # noqa: S311 - test data, not secrets

    @property
    def answers_per_submit(self) -> int:
        return len(self.likert) + len(self.open)

    def data(self) -> dict:
        rng = self.rng
        answers: dict[str, object] = {str(q): rng.randint(0, 5) for q in self.likert}
        answers.update({str(q): rng.choice(OPEN_TEXTS) for q in self.open})
        context = {
            "other_roles": [],
            "municipality": rng.choice(self.municipalities),
            "foster_type": rng.choice(["netwerk", "bestand"]),
            "care_types": ["voltijd"],
        }
        return {"answers": answers, "context": context}

    def make(self, count: int) -> list[str]:
        """Insert ``count`` drafts by bulk ORM; return their raw tokens."""
        from django.utils import timezone

        from core.tokens import hash_token
        from surveys.models import SurveyDraft

        today = timezone.localdate()
        tokens = [secrets.token_urlsafe(24) for _ in range(count)]
        SurveyDraft.objects.bulk_create(
            [
                SurveyDraft(
                    questionnaire=self.questionnaire,
                    token_hash=hash_token(token),
                    role=ROLE,
                    role_fixed=False,
                    data=self.data(),
                    step=self.step,
                    updated_on=today,
                )
                for token in tokens
            ],
            batch_size=2000,
        )
        return tokens


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def submit_path(token: str) -> str:
    from django.urls import reverse

    return reverse("surveys:submit", kwargs={"token": token})


def count_statements(path: str, data: dict, expect: int) -> dict:
    """Run one request in-process and count its SQL statements and Redis commands.

    A warm worker: the questionnaire structure and the connection are already
    there. Django's query log misses the connection health check (a
    ``SELECT 1`` when a request reuses a connection).
    """
    from unittest import mock

    import redis
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    commands: list[str] = []
    execute = redis.Redis.execute_command

    def counting(self, *args, **options):
        commands.append(str(args[0]))
        return execute(self, *args, **options)

    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    with (
        mock.patch.object(redis.Redis, "execute_command", counting),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(path, data)
    if response.status_code != expect:
        raise RuntimeError(
            f"probe POST {path} answered {response.status_code}, expected {expect}"
        )
    return {
        "sql_statements": len(queries),
        "sql": [_short(q["sql"]) for q in queries.captured_queries],
        "redis_commands": commands,
    }


def _short(statement: str) -> str:
    words = statement.split()
    head = " ".join(words[:4])
    for keyword in ("INTO", "FROM"):
        if keyword in words:
            at = words.index(keyword)
            head = " ".join(words[:1] + words[at : at + 2])
            break
    return head[:80]


def staff_client():
    """A Django test client signed in as NVP staff, and its session cookie.

    The session is stored in the database, so the same cookie signs the load
    tools in on the gunicorn server too.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_user(
        STAFF_EMAIL, name="Benchmark", is_staff=True
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    name = settings.SESSION_COOKIE_NAME
    return client, f"{name}={client.cookies[name].value}"


def probe_page(client, path: str, marker: str) -> dict:
    """One GET in-process after a warm-up: its SQL statements, SQL time, time.

    ``sql_ms`` is the time the view waited for PostgreSQL (Django's query
    log); the rest of ``inprocess_ms`` is Python: the view, the charts and
    the templates.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # builds the cached questionnaire structure
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"probe GET {path} answered {response.status_code}")
    if marker.encode() not in response.content:
        raise RuntimeError(f"probe GET {path}: no {marker!r} in the page")
    return {
        "sql_statements": len(queries),
        "sql": [_short(q["sql"]) for q in queries.captured_queries],
        "sql_ms": round(
            1000 * sum(float(q["time"]) for q in queries.captured_queries), 1
        ),
        "inprocess_ms": round(1000 * elapsed, 1),
        "bytes": len(response.content),
    }


# Pages measured on the results trajectory: name, URL name, text the page must
# hold, and URL arguments besides the trajectory. ``results_theme`` is what the
# results page loads when a theme's statements are opened (without JavaScript,
# the page a link leads to).
PAGES: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("results_page", "surveys:results", "perspective-table", {}),
    ("results_theme", "surveys:results_theme", 'id="stelling-', {"key": "belasting"}),
    ("results_presentation", "surveys:results_presentation", 'id="dia-2"', {}),
)


def prepare_results(args) -> dict:
    """The results trajectory, and each page's statements at two sizes.

    First ``args.responses_small`` responses, then up to ``args.responses``:
    one request per page is counted in-process at both sizes (a warm worker:
    the questionnaire structure is cached), so a statement per response or
    per answer would show as a difference.
    """
    from django.urls import reverse

    from benchmarks.results_data import ResponseWriter
    from benchmarks.results_data import nothing_suppressed

    trajectory, questionnaire = create_trajectory("Benchmark resultaten")
    writer = ResponseWriter(questionnaire, trajectory)
    client, cookie = staff_client()
    paths = {
        name: reverse(url_name, kwargs={"pk": trajectory.pk, **extra})
        for name, url_name, _marker, extra in PAGES
    }
    markers = {name: marker for name, _url_name, marker, _extra in PAGES}
    started = time.monotonic()
    answers = writer.add(args.responses_small)
    seconds = time.monotonic() - started
    vacuum_analyze()
    small = {
        name: probe_page(client, path, markers[name]) for name, path in paths.items()
    }
    started = time.monotonic()
    answers += writer.add(args.responses - args.responses_small)
    seconds += time.monotonic() - started
    log(
        f"results trajectory: {args.responses} responses, {answers} answers "
        f"written in {seconds:.1f} s"
    )
    vacuum_analyze()
    checkpoint()
    large = {
        name: probe_page(client, path, markers[name]) for name, path in paths.items()
    }
    return {
        "client": client,
        "paths": paths,
        "cookie": cookie,
        "answers": answers,
        "answers_per_response": round(writer.answers_per_response(), 1),
        "write_s": round(seconds, 1),
        "nothing_suppressed": nothing_suppressed(questionnaire),
        "small": small,
        "large": large,
    }


def checkpoint() -> None:
    """Write the seeded pages out now, not during a measurement (if allowed)."""
    from django.db import DatabaseError
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        log("CHECKPOINT not allowed for this database user; skipped")


def measure_pages(base: str, prepared: dict, args) -> dict:
    """Each results page: sequential requests, then one wrk connection per worker."""
    page_args = argparse.Namespace(
        **{**vars(args), "connections": WORKERS, "threads": WORKERS}
    )
    seconds = max(3, args.duration // 2)
    measured = {}
    for name, path in prepared["paths"].items():
        url, cookie = f"{base}{path}", prepared["cookie"]
        # Warms both workers (templates, the questionnaire structure).
        log(f"{name}: warm-up {args.warmup} s with {WORKERS} connections")
        wrk(url, "page.lua", seconds=args.warmup, args=page_args, script_args=[cookie])
        wait_quiet(args)
        # Cold: the first view after a submission, when the live figures are
        # not kept yet (``surveys.results.snapshot``): each request after
        # the snapshots are dropped, with warm workers.
        cold = []
        for _ in range(COLD_REQUESTS):
            drop_snapshots()
            cold.append(time_page(url, cookie, requests=1, args=args)["max_ms"])
        time_page(url, cookie, requests=PAGE_WARMUPS, args=args)
        log(f"{name}: {args.page_requests} requests one at a time")
        sequential = time_page(url, cookie, requests=args.page_requests, args=args)
        sequential["cold_ms"] = cold
        log(f"{name}: {seconds} s with {WORKERS} connections")
        concurrent = figures(
            wrk(url, "page.lua", seconds=seconds, args=page_args, script_args=[cookie]),
            ok_status=200,
        )
        measured[name] = {"sequential": sequential, "concurrent": concurrent}
    return measured


def drop_snapshots() -> None:
    """Delete the kept live figures from the cache the server uses."""
    from django.core.cache import cache

    from surveys.results.snapshot import KEY_PREFIX

    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    keys = list(client.scan_iter(match=f"*:{KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


def page_line(name: str, prepared: dict, measured: dict, floor: dict, args) -> dict:
    """The JSON line of one results page."""
    small, large = prepared["small"][name], prepared["large"][name]
    sequential, concurrent = measured["sequential"], measured["concurrent"]
    problems = []
    if sequential["statuses"] != {"200": sequential["requests"]}:
        problems.append(f"{name}: statuses {sequential['statuses']}")
    if concurrent["other_statuses"]:
        problems.append(f"{name} (concurrent): statuses {concurrent['other_statuses']}")
    if concurrent["socket_errors"]:
        problems.append(f"{name} (concurrent): errors {concurrent['socket_errors']}")
    if not prepared["nothing_suppressed"]:
        problems.append(f"{name}: some figures are suppressed; the data is too small")
    constant = small["sql_statements"] == large["sql_statements"]
    return {
        "bench": name,
        "path": prepared["paths"][name],
        "responses": args.responses,
        "answers": prepared["answers"],
        "answers_per_response": prepared["answers_per_response"],
        "nothing_suppressed": prepared["nothing_suppressed"],
        "p50_ms": sequential["p50_ms"],
        "p95_ms": sequential["p95_ms"],
        "cold_ms": sequential["cold_ms"],
        "cold_max_ms": max(sequential["cold_ms"]),
        "max_ms": sequential["max_ms"],
        "min_ms": sequential["min_ms"],
        "mean_ms": sequential["mean_ms"],
        "requests": sequential["requests"],
        "warmups": PAGE_WARMUPS,
        "bytes": sequential["bytes"],
        "wire_bytes": sequential["wire_bytes"],
        "sql_statements": large["sql_statements"],
        "sql_statements_small": small["sql_statements"],
        "responses_small": args.responses_small,
        "statements_constant": constant,
        "sql": large["sql"],
        "sql_ms": large["sql_ms"],
        "inprocess_ms": large["inprocess_ms"],
        "sql_ms_small": small["sql_ms"],
        "inprocess_ms_small": small["inprocess_ms"],
        "cpu_ms_per_request": sequential["cpu_ms_per_request"],
        "other_cpu_pct": sequential["other_cpu_pct"],
        "concurrent": {
            "connections": WORKERS,
            **{
                key: concurrent[key]
                for key in (
                    "rps",
                    "p50_ms",
                    "p95_ms",
                    "max_ms",
                    "successful",
                    "seconds",
                    "other_cpu_pct",
                    "cpu_ms_per_request",
                )
            },
        },
        "goal_ms": RESULTS_GOAL_MS,
        "goal_wire_bytes": RESULTS_GOAL_WIRE_BYTES,
        "met": not problems
        and constant
        and sequential["p95_ms"] < RESULTS_GOAL_MS
        and sequential["wire_bytes"] < RESULTS_GOAL_WIRE_BYTES,
        "correct": not problems,
        "problems": problems,
        "floor_rps": floor["rps"],
        "write_s": prepared["write_s"],
    }


# --- Server and load ------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workdir: Path):
    import gunicorn as gunicorn_package

    port = free_port()
    log_path = workdir / "gunicorn.log"
    log_file = log_path.open("w")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    if gunicorn_package.version_info >= (27,):
        # Not the shared ~/.gunicorn/gunicorn.ctl of another running gunicorn.
        command.append("--no-control-socket")
    process = subprocess.Popen(
        [*command, "benchmarks.wsgi"],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, log_path)
        log(f"gunicorn ({WORKERS} sync workers, pid {process.pid}) on {base}")
        yield base
    finally:
        stop(process)
        log_file.close()


def wait_healthy(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn not healthy after 60 s:\n{log_path.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Stop the gunicorn this script started (its master; it stops its workers)."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session, started above
        process.wait(timeout=5)


def wrk(
    url: str, script: str, *, seconds: int, args, script_args=()
) -> dict[str, object]:
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed: apt-get install wrk (or make setup)")
    command = [
        binary,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH_DIR / script),
        url,
        "--",
        *map(str, script_args),
    ]
    children = _children_cpu()
    steal_before = steal_ticks()
    with CpuSampler() as sampler:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 120, check=False
        )
    steal_after = steal_ticks()
    before, after = sampler.before, sampler.after
    server = urlsplit(url).netloc
    parts = cpu_by_part(before, after, args.db_name, server)
    # wrk has exited by now: its CPU comes from the finished children's usage.
    parts["wrk"] = _children_cpu() - children
    # Other JSON lines a script prints ("VOTEJSON {...}"), by their prefix.
    extra = {
        line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1])
        for line in result.stdout.splitlines()
        if line.endswith("}")
        and line.split(" ", 1)[0].endswith("JSON")
        and not line.startswith("WRKJSON ")
    }
    for line in result.stdout.splitlines():
        if line.startswith("WRKJSON "):
            raw = json.loads(line.removeprefix("WRKJSON "))
            return extra | pooled(
                [
                    {
                        **raw,
                        "wall_s": after[0] - before[0],
                        "cpu_s": parts,
                        "other_s": parts["other"],
                        "steal_s": (steal_after - steal_before)
                        / os.sysconf("SC_CLK_TCK"),
                    }
                ]
            )
    raise RuntimeError(
        f"wrk printed no WRKJSON line (exit {result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )


def on_machine(run_load, *, db_name: str, server: str):
    """Run ``run_load()`` in this process; return its result and the machine's CPU.

    For the room client (benchmarks/room.py), which runs here rather than as
    wrk: its own CPU is ``client`` (this process, less the sampler's share,
    which is small), every other part as in ``wrk()``.
    """
    steal_before = steal_ticks()
    client_before = time.process_time()
    with CpuSampler() as sampler:
        result = run_load()
    client = time.process_time() - client_before
    steal = (steal_ticks() - steal_before) / os.sysconf("SC_CLK_TCK")
    parts = cpu_by_part(sampler.before, sampler.after, db_name, server)
    parts.pop("wrk", None)
    parts["client"] = client
    wall = sampler.after[0] - sampler.before[0]
    cores = os.cpu_count() or 1
    return result, {
        "cpu_s": {part: round(used, 3) for part, used in parts.items()},
        "other_cpu_pct": round(100 * parts["other"] / wall / cores, 1),
        "machine_busy_pct": round(100 * sum(parts.values()) / wall / cores),
        "steal_pct": round(100 * steal / wall / cores, 1),
    }


def time_page(url: str, cookie: str, *, requests: int, args) -> dict:
    """GET ``url`` one request at a time; each timed by this client on loopback.

    From sending the request to the last byte of the body, a new connection
    each time (gunicorn's sync workers close it after every response). With
    one request at a time one of the two workers is idle: the time is the
    server's time for the page, uncontended.
    """
    parts = urlsplit(url)
    times: list[float] = []
    statuses: dict[int, int] = {}
    size = wire = 0
    with CpuSampler() as sampler:
        started = time.monotonic()
        for _ in range(requests):
            began = time.perf_counter()
            conn = http.client.HTTPConnection(
                parts.hostname or "127.0.0.1", parts.port, timeout=60
            )
            try:
                conn.request(
                    "GET",
                    parts.path,
                    headers={"Cookie": cookie, "Accept-Encoding": "gzip"},
                )
                response = conn.getresponse()
                body = response.read()
                wire = len(body)
                if response.getheader("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                size = len(body)
            finally:
                conn.close()
            times.append(1000 * (time.perf_counter() - began))
            statuses[response.status] = statuses.get(response.status, 0) + 1
        seconds = time.monotonic() - started
    before, after = sampler.before, sampler.after
    used = cpu_by_part(before, after, args.db_name, parts.netloc)
    ordered = sorted(times)
    return {
        "requests": requests,
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[math.ceil(0.95 * len(ordered)) - 1], 1),
        "max_ms": round(ordered[-1], 1),
        "min_ms": round(ordered[0], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "bytes": size,
        "wire_bytes": wire,
        "seconds": round(seconds, 2),
        "other_cpu_pct": other_cpu_percent(before, after, args.db_name, parts.netloc),
        "cpu_ms_per_request": {
            part: round(1000 * cpu / requests, 1) for part, cpu in used.items()
        },
    }


class CpuSampler:
    """Snapshots of every process's CPU ticks, every half second meanwhile.

    A process that exits meanwhile (a PostgreSQL backend replaced when its
    connection reaches CONN_MAX_AGE) keeps the ticks it was last seen with.
    """

    def __init__(self, interval: float = 0.5):
        import threading

        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.before = cpu_ticks()
        self.seen = dict(self.before[1])
        self.thread.start()
        return self

    def _run(self):
        while not self.stopped.wait(self.interval):
            self.seen.update(cpu_ticks()[1])

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()
        now, processes = cpu_ticks()
        self.seen.update(processes)
        self.after = (now, self.seen)
        return False


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def steal_ticks() -> int:
    """Ticks the hypervisor gave to other guests instead of this machine (Linux).

    On a shared virtual machine this is the disturbance no process list shows:
    every process here runs slower, and a run with a lot of it is unreliable.
    """
    with open("/proc/stat") as stat:
        fields = stat.readline().split()
    return int(fields[8]) if len(fields) > 8 else 0


def _percentile(histogram: list[list[int]], percent: float) -> int:
    """The latency (µs) at ``percent`` of a histogram [[latency, count], ...].

    The rank rule of wrk's own ``latency:percentile()``.
    """
    total = sum(count for _value, count in histogram)
    if not total:
        return 0
    rank = min(total, math.floor(total * percent / 100) + 1)
    seen = 0
    for value, count in sorted(histogram):
        seen += count
        if seen >= rank:
            return value
    return max(value for value, _count in histogram)


def pooled(results: list[dict]) -> dict:
    """One wrk result from several runs (rounds) of the same script.

    Counts and CPU seconds add up; the percentiles come from the pooled
    latencies; each round's rate is kept under ``rounds``.
    """
    histogram: dict[int, int] = {}
    for result in results:
        for value, count in result["histogram"]:
            histogram[value] = histogram.get(value, 0) + count
    pairs = [[value, count] for value, count in histogram.items()]
    total = sum(histogram.values())
    statuses: dict[str, int] = {}
    errors: dict[str, int] = {}
    cpu: dict[str, float] = {}
    for result in results:
        for key, value in result["statuses"].items():
            statuses[key] = statuses.get(key, 0) + value
        for key, value in result["errors"].items():
            errors[key] = errors.get(key, 0) + value
        for key, value in result["cpu_s"].items():
            cpu[key] = cpu.get(key, 0.0) + value
    wall = sum(r["wall_s"] for r in results)
    other = sum(r["other_s"] for r in results)
    steal = sum(r["steal_s"] for r in results)
    requests = sum(r["requests"] for r in results)
    cores = os.cpu_count() or 1
    latency: dict[str, float] = {
        f"p{p}_us": _percentile(pairs, p) for p in (50, 90, 95, 99)
    }
    latency["max_us"] = max((v for v in histogram), default=0)
    latency["mean_us"] = (
        round(sum(v * c for v, c in histogram.items()) / total, 1) if total else 0
    )
    return {
        "duration_us": sum(r["duration_us"] for r in results),
        "requests": requests,
        "errors": errors,
        "latency": latency,
        "statuses": statuses,
        "sent_by_thread": [
            sum(sent)
            for sent in zip(*(r["sent_by_thread"] for r in results), strict=True)
        ],
        "exhausted": sum(r["exhausted"] for r in results),
        "histogram": pairs,
        "wall_s": wall,
        "cpu_s": cpu,
        "other_s": other,
        "steal_s": steal,
        "other_cpu_pct": round(100 * other / wall / cores, 1),
        "machine_busy_pct": round(100 * sum(cpu.values()) / wall / cores),
        "steal_pct": round(100 * steal / wall / cores, 1),
        "cpu_ms_per_request": {
            part: round(1000 * used / max(requests, 1), 2) for part, used in cpu.items()
        },
        # Each round's statuses and duration, for its own rate.
        "rounds": [
            part
            for r in results
            for part in r.get("rounds")
            or [{"statuses": r["statuses"], "duration_us": r["duration_us"]}]
        ],
    }


def cpu_ticks() -> tuple[float, dict[int, tuple[str, int]]]:
    """Now, and every process's CPU ticks so far with its command line (Linux)."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, UnicodeDecodeError):
            continue
        processes[int(entry.name)] = (command, int(stat[11]) + int(stat[12]))
    return time.monotonic(), processes


def cpu_by_part(before, after, db_name: str, server: str = "") -> dict[str, float]:
    """CPU seconds used between two snapshots, by part of the machine.

    ``gunicorn`` (master and workers bound to ``server``), ``wrk``,
    ``postgres`` (the backends serving the benchmark database),
    ``postgres_background`` (autovacuum on it and the server's own processes
    such as the WAL writer and the checkpointer), ``redis`` and ``other``:
    every other job, including PostgreSQL backends serving other databases.
    """
    parts = dict.fromkeys(
        ("gunicorn", "wrk", "postgres", "postgres_background", "redis", "other"),
        0.0,
    )
    hz = os.sysconf("SC_CLK_TCK")
    for pid, (command, ticks) in after[1].items():
        used = (ticks - before[1].get(pid, (command, 0))[1]) / hz
        if not used or pid == os.getpid():  # this script: the measuring itself
            continue
        program = command.split(" ", 1)[0]
        if server and "gunicorn" in command and server in command:
            part = "gunicorn"
        elif program.endswith("/wrk") or program == "wrk":
            part = "wrk"
        elif command.startswith("postgres:"):
            part = _postgres_part(command, db_name)
        elif program.startswith("redis-server"):
            part = "redis"
        else:
            part = "other"
        parts[part] += used
    return parts


def other_cpu_percent(before, after, db_name: str, server: str = "") -> float:
    """Share of all cores that other jobs used: well above 0 means disturbed."""
    seconds = after[0] - before[0]
    other = cpu_by_part(before, after, db_name, server)["other"]
    return round(100 * other / seconds / (os.cpu_count() or 1), 1)


def wait_quiet(args) -> None:
    """Wait (up to --wait-quiet seconds) until other jobs leave the CPUs alone."""
    deadline = time.monotonic() + args.wait_quiet
    while time.monotonic() < deadline:
        before = cpu_ticks()
        time.sleep(3)
        other = other_cpu_percent(before, cpu_ticks(), args.db_name)
        if other < QUIET_PCT:
            return
        log(f"other jobs use {other}% of the machine; waiting for quiet")
    if args.wait_quiet:
        log("the machine stayed busy; measuring anyway")


def _postgres_part(title: str, db_name: str) -> str:
    """``postgres`` for a backend of our database, ``postgres_background``
    for autovacuum on it and the server's own processes (WAL writer,
    checkpointer, ...), ``other`` for work on other databases."""
    words = title.split(":", 2)[-1].split()
    if len(words) >= 3 and ("(" in words[2] or words[2] == "[local]"):
        # "user database host(port) state"
        return "postgres" if words[1] == db_name else "other"
    if words[:2] == ["autovacuum", "worker"]:
        return "postgres_background" if words[2:3] == [db_name] else "other"
    return "postgres_background"


def settle(count, *, quiet_for: float = 0.6, limit: float = 30.0) -> int:
    """Wait until requests still queued in gunicorn when wrk stopped are done."""
    deadline = time.monotonic() + limit
    last, still_since = count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = count()
        if now != last:
            last, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet_for:
            break
    return last


def figures(result: dict, ok_status: int) -> dict:
    seconds = result["duration_us"] / 1e6
    statuses = {int(k): v for k, v in result["statuses"].items()}
    successful = statuses.get(ok_status, 0)
    latency = result["latency"]
    errors = {k: v for k, v in result["errors"].items() if v}
    other = {str(k): v for k, v in sorted(statuses.items()) if k != ok_status}
    sent = sum(result["sent_by_thread"])
    return {
        "rps": round(successful / seconds, 1),
        "rounds_rps": [
            round(r["statuses"].get(str(ok_status), 0) / (r["duration_us"] / 1e6), 1)
            for r in result["rounds"]
        ],
        "p50_ms": round(latency["p50_us"] / 1000, 2),
        "p95_ms": round(latency["p95_us"] / 1000, 2),
        "p99_ms": round(latency["p99_us"] / 1000, 2),
        "max_ms": round(latency["max_us"] / 1000, 2),
        "requests": result["requests"],
        "successful": successful,
        "sent": sent,
        "in_flight_at_stop": sent - result["requests"],
        "other_statuses": other,
        "socket_errors": errors,
        "seconds": round(seconds, 2),
        "other_cpu_pct": result["other_cpu_pct"],
        "machine_busy_pct": result["machine_busy_pct"],
        "steal_pct": result["steal_pct"],
        "cpu_ms_per_request": result["cpu_ms_per_request"],
    }


# --- The run ----------------------------------------------------------------------


def run_results_only(args) -> int:
    """``--only results``: the results pages alone, measured as in ``run``."""
    from benchmarks.output import merge_into

    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    db_url = database_url(args.db_name)
    env = bench_env(db_url, redis_url)
    log(f"fresh database {urlsplit(db_url).hostname}/{args.db_name}; cache {redis_url}")
    recreate_database(db_url)
    setup_django(env)
    migrate()

    from django.db import connection

    prepared = prepare_results(args)
    connection.close()
    workdir = Path(tempfile.mkdtemp(prefix="goedgesprek-bench-"))
    date = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
    try:
        with gunicorn(env, workdir) as base:
            pages = measure_pages(base, prepared, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    lines = [
        {
            **page_line(name, prepared, pages[name], {"rps": None}, args),
            "date": date,
            "cpus": os.cpu_count(),
            "workers": WORKERS,
        }
        for name in prepared["paths"]
    ]
    for line in lines:
        print(json.dumps(line), flush=True)
    merge_into(args.output, lines)
    log(f"wrote {args.output}")
    for line in lines:
        verdict = "GOAL MET" if line["met"] else "GOAL MISSED"
        log(
            f"{verdict}: {line['bench']}: p50 {line['p50_ms']} ms, p95 "
            f"{line['p95_ms']} ms (cold, figures not kept yet: {line['cold_ms']} ms); "
            f"{line['wire_bytes']} bytes over the wire; {line['sql_statements']} "
            f"SQL statements ({line['sql_statements_small']} at "
            f"{line['responses_small']} responses); other jobs "
            f"{line['other_cpu_pct']}%"
        )
    return 0 if all(line["correct"] for line in lines) else 1


def run(args) -> int:
    if args.only == "results":
        return run_results_only(args)
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    db_url = database_url(args.db_name)
    env = bench_env(db_url, redis_url)
    log(f"fresh database {urlsplit(db_url).hostname}/{args.db_name}; cache {redis_url}")
    recreate_database(db_url)
    setup_django(env)
    started = time.monotonic()
    migrate()
    from benchmarks import load_mixed

    if args.only == "load_mixed":
        return load_mixed.only(args, env, log=log)

    from django.db import connection

    from benchmarks.models import FloorRow
    from surveys.models import Answer
    from surveys.models import Response
    from surveys.models import SpentToken
    from surveys.models import SurveyDraft

    if args.only == "voting":
        return run_voting(args, env)
    trajectory, questionnaire = create_trajectory()
    maker = DraftMaker(questionnaire, trajectory)
    log(
        f"migrated and seeded in {time.monotonic() - started:.1f} s; "
        f"{maker.answers_per_submit} answers per survey ({ROLE})"
    )

    # Statements per request, in-process, on a warm path (the first submit
    # also builds the cached questionnaire structure).
    probe = maker.make(2)
    csrf = {"csrfmiddlewaretoken": CSRF_SECRET}
    count_statements(submit_path(probe[0]), csrf, expect=302)
    submit_cost = count_statements(submit_path(probe[1]), csrf, expect=302)
    floor_cost = count_statements("/bench/floor/", {}, expect=200)
    # The results trajectory (issue #4), its statements counted at two sizes.
    prepared = prepare_results(args)
    # Live voting (issue #12): its rounds, statements and page weight.
    from benchmarks import voting

    voting_prepared = voting.prepare(prepared["cookie"])
    # The action plan (issue #13): its PDF and its page, in-process.
    from benchmarks.plan_bench import plan_benches
    from benchmarks.results_data import ResponseWriter

    plan_lines = plan_benches(
        client=prepared["client"],
        probe_page=probe_page,
        create_trajectory=create_trajectory,
        writer_class=ResponseWriter,
        log=log,
    )
    connection.close()

    round_seconds = max(1, args.duration // args.rounds)
    workdir = Path(tempfile.mkdtemp(prefix="goedgesprek-bench-"))
    date = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
    common = {
        "date": date,
        "cpus": os.cpu_count(),
        "workers": WORKERS,
        "connections": args.connections,
        "wrk_threads": args.threads,
        "duration_s": round_seconds * args.rounds,
        "rounds": args.rounds,
    }
    try:
        with gunicorn(env, workdir) as base:
            # Warm-up of the floor; its rate sizes the drafts for the submit.
            log(f"floor: warm-up {args.warmup} s")
            warm_floor = figures(
                wrk(
                    f"{base}/bench/floor/", "floor.lua", seconds=args.warmup, args=args
                ),
                ok_status=200,
            )
            settle(FloorRow.objects.count)
            connection.close()

            # The results page and the slides (issue #4).
            pages = measure_pages(base, prepared, args)

            # Drafts for the warm-up and for each round of the submit, sized
            # from the floor (the submit never beats it), or more if the
            # warm-up was disturbed.
            expected = max(warm_floor["rps"], MIN_EXPECTED_RPS)
            warm_tokens = maker.make(math.ceil(expected * args.warmup * DRAFT_MARGIN))
            round_tokens = [
                maker.make(math.ceil(expected * round_seconds * DRAFT_MARGIN) + 200)
                for _ in range(args.rounds)
            ]
            vacuum_analyze()
            connection.close()
            warm_file = workdir / "warmup.tokens"
            warm_file.write_text("\n".join(warm_tokens) + "\n")
            round_files = []
            for number, tokens in enumerate(round_tokens):
                round_file = workdir / f"round{number}.tokens"
                round_file.write_text("\n".join(tokens) + "\n")
                round_files.append(round_file)
            log(
                f"prepared {len(warm_tokens) + sum(map(len, round_tokens))} drafts; "
                f"submit: warm-up {args.warmup} s"
            )
            wrk(
                base,
                "submit.lua",
                seconds=args.warmup,
                args=args,
                script_args=(warm_file, args.threads, CSRF_SECRET),
            )
            settle(Response.objects.count)

            # (a) The floor and (b) the submit, in turns: the same moments of
            # a shared machine for both, so that the ratio compares like
            # with like.
            floor_rounds: list[dict] = []
            submit_rounds: list[dict] = []
            floor_stored = 0
            for number in range(args.rounds):
                wait_quiet(args)
                log(
                    f"round {number + 1} of {args.rounds}: floor {round_seconds} s, "
                    f"then submit {round_seconds} s"
                )
                before = FloorRow.objects.count()
                floor_rounds.append(
                    wrk(
                        f"{base}/bench/floor/",
                        "floor.lua",
                        seconds=round_seconds,
                        args=args,
                    )
                )
                floor_stored += settle(FloorRow.objects.count) - before
                submit_rounds.append(
                    wrk(
                        base,
                        "submit.lua",
                        seconds=round_seconds,
                        args=args,
                        script_args=(round_files[number], args.threads, CSRF_SECRET),
                    )
                )
                settle(Response.objects.count)
                connection.close()
            floor = figures(pooled(floor_rounds), ok_status=200)
            floor["stored"] = floor_stored
            submit_raw = pooled(submit_rounds)
            submit = figures(submit_raw, ok_status=302)
            log(
                f"live voting: floor and vote_cast in a room, {args.vote_seconds} s "
                "each; projector_tally"
            )
            voting_lines, voting_problems = measure_voting(
                base, workdir, voting_prepared, prepared["cookie"], args
            )
            connection.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # issue #14: 500 people at once, on a gunicorn of its own.
    load_lines, load_problems = load_mixed.measure(args, env)

    # Which prepared drafts did wrk send? In each round, thread n took lines
    # n, n + threads, ... of that round's file.
    sent_tokens = [
        token
        for tokens, result in zip(round_tokens, submit_rounds, strict=True)
        for thread, sent in enumerate(result["sent_by_thread"])
        for token in tokens[thread :: args.threads][:sent]
    ]
    from core.tokens import hash_token

    sent_keys = {hash_token(t) for t in sent_tokens}
    run_keys = {hash_token(t) for tokens in round_tokens for t in tokens}
    # A sent survey's token is spent; the response keeps no link to it.
    stored_keys = set(
        SpentToken.objects.filter(token_hash__in=run_keys).values_list(
            "token_hash", flat=True
        )
    )
    left_keys = set(
        SurveyDraft.objects.filter(questionnaire=questionnaire).values_list(
            "token_hash", flat=True
        )
    )
    # Every response of the questionnaire, warm-up included (its tokens are
    # not in ``run_keys``): each must hold a whole survey's answers.
    responses_total = Response.objects.filter(questionnaire=questionnaire).count()
    answers_total = Answer.objects.filter(response__questionnaire=questionnaire).count()
    submit["stored"] = len(stored_keys & sent_keys)
    problems = check(
        floor,
        submit,
        exhausted=submit_raw["exhausted"],
        stored_unsent=len((stored_keys & run_keys) - sent_keys),
        stored_with_draft=len(stored_keys & left_keys),
        answers_problem=""
        if answers_total == responses_total * maker.answers_per_submit
        else f"{answers_total} != {responses_total} x {maker.answers_per_submit}",
    )
    correct = not problems

    ratio = round(submit["rps"] / floor["rps"], 3) if floor["rps"] else 0.0
    round_ratios = [
        round(b / a, 3) if a else 0.0
        for a, b in zip(floor["rounds_rps"], submit["rounds_rps"], strict=True)
    ]
    # The same ratio from the CPU each request costs the machine (gunicorn,
    # PostgreSQL, Redis, wrk): hardly moved by other jobs on the machine.
    cpu_ratio = round(_cpu_ms(floor) / _cpu_ms(submit), 3) if _cpu_ms(submit) else 0.0
    met = correct and ratio >= GOAL_RATIO and submit["p95_ms"] < GOAL_P95_MS
    lines = [
        {
            "bench": "floor_insert",
            **_pick(floor),
            "sql_statements": floor_cost["sql_statements"],
            "sql": floor_cost["sql"],
            "redis_commands": floor_cost["redis_commands"],
            "correct": not any(p.startswith("floor") for p in problems),
            **common,
        },
        {
            "bench": "survey_submit",
            "answers_per_submit": maker.answers_per_submit,
            **_pick(submit),
            "ratio_to_floor": ratio,
            "ratio_by_round": round_ratios,
            "ratio_by_cpu": cpu_ratio,
            "goal_ratio": GOAL_RATIO,
            "goal_p95_ms": GOAL_P95_MS,
            "met": met,
            "correct": correct,
            "problems": problems,
            "sql_statements": submit_cost["sql_statements"],
            "sql": submit_cost["sql"],
            "redis_commands": submit_cost["redis_commands"],
            "rate_limit": (
                f"{START_RATE} per IP at the start that makes drafts; "
                "the submit has no limiter of its own"
            ),
            **common,
        },
    ]
    page_lines = [
        {
            **page_line(name, prepared, pages[name], floor, args),
            **{key: common[key] for key in ("date", "cpus", "workers")},
        }
        for name in prepared["paths"]
    ]
    lines += page_lines
    problems = problems + [p for line in page_lines for p in line["problems"]]
    lines += [
        {**line, **{key: common[key] for key in ("date", "cpus", "workers")}}
        for line in voting_lines
    ]
    problems = problems + voting_problems + load_problems
    lines += [
        {**line, "date": common["date"], "cpus": common["cpus"]} for line in load_lines
    ]
    for line in plan_lines:
        line.update({key: common[key] for key in ("date", "cpus")})
        lines.append(line)
        if not line["correct"]:
            problems.append(f"{line['bench']} incorrect")
    for line in lines:
        print(json.dumps(line), flush=True)
    args.output.write_text(json.dumps(lines, indent=2) + "\n")
    log(f"wrote {args.output}")

    disturbed = [
        f"{line['bench']} {line['other_cpu_pct']}%"
        for line in lines
        if line.get("other_cpu_pct", 0) >= QUIET_PCT
    ]
    if disturbed:
        log(
            "DISTURBED: other jobs used part of the machine during "
            + ", ".join(disturbed)
            + "; the figures are low and the ratio is unreliable. Run again."
        )
    stolen = [
        f"{line['bench']} {line['steal_pct']}%"
        for line in lines[:2]
        if line["steal_pct"] >= QUIET_PCT
    ]
    if stolen:
        log(
            "SHARED HOST: the hypervisor gave part of the CPU time to other "
            "machines during " + ", ".join(stolen) + " (steal); rates are low "
            "and move from run to run. The rounds give both the same share."
        )
    if problems:
        log("INCORRECT: " + "; ".join(problems))
        return 1
    for line in page_lines:
        verdict = "GOAL MET" if line["met"] else "GOAL MISSED"
        log(
            f"{verdict}: {line['bench']} with {line['responses']} responses: p50 "
            f"{line['p50_ms']} ms, p95 {line['p95_ms']} ms, max {line['max_ms']} ms "
            f"(goal {RESULTS_GOAL_MS} ms); {line['wire_bytes']} bytes over the wire "
            f"({line['bytes']} unpacked; goal under {RESULTS_GOAL_WIRE_BYTES}); "
            f"{line['sql_statements']} SQL statements "
            f"({line['sql_statements_small']} at {line['responses_small']} responses)"
        )
    summary = (
        f"submit {submit['rps']} rps (p50 {submit['p50_ms']} ms, p95 "
        f"{submit['p95_ms']} ms) vs floor {floor['rps']} rps: ratio {ratio} "
        f"(by CPU per request: {cpu_ratio}; per round: "
        + ", ".join(f"{r:.3f}" for r in round_ratios)
        + ")"
    )
    if met:
        log(f"GOAL MET: {summary}")
    else:
        log(
            f"GOAL MISSED (ratio >= {GOAL_RATIO} and p95 < {GOAL_P95_MS} ms "
            f"at {args.connections} connections): {summary}"
        )
    return 0


def measure_voting(base: str, workdir: Path, prepared: dict, cookie: str, args):
    """The live voting benches against the running gunicorn, once it is quiet."""
    from benchmarks import voting

    wait_quiet(args)
    args.workdir, args.csrf_secret = workdir, CSRF_SECRET
    server = urlsplit(base).netloc
    return voting.measure(
        base,
        prepared,
        args,
        time_page=time_page,
        on_machine=lambda run_load: on_machine(
            run_load, db_name=args.db_name, server=server
        ),
        cookie=cookie,
        settle=settle,
    )


def run_voting(args, env: dict[str, str]) -> int:
    """``--only voting``: the live voting benchmarks on their own (issue #12).

    The same server and the same room client as in the full run; only the
    survey, results and plan data are left out, so a change to voting can be
    measured in two minutes.
    """
    from django.db import connection

    from benchmarks import voting
    from benchmarks.output import merge_into

    _client, cookie = staff_client()
    prepared = voting.prepare(cookie)
    connection.close()
    workdir = Path(tempfile.mkdtemp(prefix="goedgesprek-bench-"))
    date = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
    try:
        with gunicorn(env, workdir) as base:
            lines, problems = measure_voting(base, workdir, prepared, cookie, args)
            connection.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for line in lines:
        line.update({"date": date, "cpus": os.cpu_count(), "workers": WORKERS})
        print(json.dumps(line), flush=True)
    merge_into(args.output, lines)
    log(f"wrote {args.output}")
    if problems:
        log("INCORRECT: " + "; ".join(problems))
        return 1
    return 0


def _cpu_ms(result: dict) -> float:
    parts = result["cpu_ms_per_request"]
    return sum(ms for part, ms in parts.items() if part != "other")


def _pick(result: dict) -> dict:
    keys = (
        "rps",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "successful",
        "stored",
        "sent",
        "in_flight_at_stop",
        "other_statuses",
        "socket_errors",
        "seconds",
        "other_cpu_pct",
        "machine_busy_pct",
        "steal_pct",
        "cpu_ms_per_request",
        "rounds_rps",
    )
    return {key: result[key] for key in keys}


def check(
    floor, submit, *, exhausted, stored_unsent, stored_with_draft, answers_problem
) -> list[str]:
    """What went wrong, if anything. Speed is not checked here."""
    problems = []
    for name, result in (("floor", floor), ("submit", submit)):
        if not result["successful"]:
            problems.append(f"{name}: no successful request")
        if result["other_statuses"]:
            problems.append(f"{name}: unexpected statuses {result['other_statuses']}")
        if result["socket_errors"]:
            problems.append(f"{name}: socket errors {result['socket_errors']}")
        # Every answered request is stored. Requests still queued when wrk
        # stopped are stored too but never answered, so they may add to it.
        low, high = result["successful"], result["sent"]
        if not low <= result["stored"] <= high:
            problems.append(
                f"{name}: stored {result['stored']}, expected between "
                f"{low} (successful) and {high} (sent)"
            )
    if exhausted:
        problems.append(f"submit: ran out of prepared drafts ({exhausted} requests)")
    if stored_unsent:
        problems.append(f"submit: {stored_unsent} responses for drafts never sent")
    if stored_with_draft:
        problems.append(f"submit: {stored_with_draft} responses whose draft remains")
    if answers_problem:
        problems.append(
            "submit: answers stored != responses x answers per survey "
            f"({answers_problem})"
        )
    return problems


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except RuntimeError as error:
        log(f"ERROR: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
