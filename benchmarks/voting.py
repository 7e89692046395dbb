"""Live voting in ``make bench`` (issue #12): vote_cast, projector_tally, voter_page.

Called by ``benchmarks/run.py`` inside its gunicorn run, after the floor:

* ``vote_cast``: VOTERS simulated phones (wrk, one connection each) join a
  round and add and take back votes for ``--vote-seconds``; every answer must
  be a 303, every vote accepted, and the round's totals exactly what the
  clients hold (a request still in flight at the stop may or may not have
  counted; the ballot's version says which);
* ``projector_tally``: the projector's refresh (the htmx fragment) timed one
  request at a time while VOTERS voters poll their own page beside it, and
  its SQL statements counted at 10 and at 1,000 voters;
* ``voter_page``: the voter's page and its assets, in bytes.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import secrets
import sys
import time
from urllib.parse import urlsplit

VOTERS = 200
VOTERS_QUICK = 20  # --quick: a smoke run, so that votes follow the joins
TOPICS = 10
VOTES_PER_VOTER = 3
MAX_PER_TOPIC = 2
VOTE_GOAL_P95_MS = 200
VOTE_GOAL_RATIO = 0.5
TALLY_GOAL_P95_MS = 50
PAGE_GOAL_BYTES = 50 * 1024
POLL_PERIOD_MS = 2000
SMALL, LARGE = 10, 1000


def _prepare_round(name: str, voters: int = 0):
    """A trajectory with TOPICS topics and an open round with ``voters`` ballots."""
    from regions.models import Region
    from regions.models import Trajectory
    from sessions_app.voting.models import Voter
    from sessions_app.voting.services import round_open
    from sessions_app.voting.services import token_hash
    from sessions_app.voting.services import topic_create

    region = Region.objects.order_by("pk").first()
    trajectory = Trajectory.objects.create(region=region, name=name)  # type: ignore[misc,list-item,attr-defined,assignment,call-overload,arg-type]
    topics = [
        topic_create(trajectory=trajectory, title=f"Onderwerp {n + 1}")
        for n in range(TOPICS)
    ]
    voting_round = round_open(
        trajectory=trajectory,
        votes_per_voter=VOTES_PER_VOTER,
        max_per_topic=MAX_PER_TOPIC,
    )
    roles = ["pleegouder", "ouder", "professional", "pleegkind", ""]
    tokens = [secrets.token_urlsafe(24) for _ in range(voters)]
    Voter.objects.bulk_create(
        [
            Voter(
                round=voting_round,
                token_hash=token_hash(token),
                role=roles[n % len(roles)],
                ballot={
                    str(topics[n % TOPICS].pk): 1,
                    str(topics[(n + 3) % TOPICS].pk): 2,
                },
                votes_used=3,
            )
            for n, token in enumerate(tokens)
        ]
    )
    return voting_round, topics, tokens


def _tally_statements(client, voting_round) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    path = reverse("voting:round_tally", kwargs={"pk": voting_round.pk})
    client.get(path)
    cache.clear()  # count the tally's own statements, not a cache hit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"probe GET {path} answered {response.status_code}")
    return {"sql_statements": len(queries), "path": path}


def prepare(cookie: str) -> dict:
    """Rounds for the three benches and the in-process counts; before gunicorn.

    ``cookie`` is the signed-in staff member's session cookie ("name=value").
    """
    from django.test import Client
    from django.urls import reverse

    client = Client()
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    cast_round, cast_topics, _ = _prepare_round("Stemmen: vote_cast")
    small_round, _, _ = _prepare_round("Stemmen: 10", SMALL)
    large_round, _, poll_tokens = _prepare_round("Stemmen: 1000", LARGE)
    small = _tally_statements(client, small_round)
    large = _tally_statements(client, large_round)
    # The voter's page with every asset it loads, as a phone gets it.
    voter = Client()
    voter.cookies[f"gg_stem_{large_round.code}"] = poll_tokens[0]
    ballot_path = reverse("voting:ballot", kwargs={"code": large_round.code})
    page = voter.get(ballot_path)
    html = page.content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    sizes = {"html": len(html)}
    gzipped = len(gzip.compress(html))
    for asset in assets:
        body = b"".join(voter.get(asset.decode()).streaming_content)  # type: ignore[misc,list-item,attr-defined,assignment,call-overload,arg-type]
        sizes[asset.decode()] = len(body)
        gzipped += len(gzip.compress(body))
    return {
        "cast_round": cast_round,
        "cast_topics": [t.pk for t in cast_topics],
        "large_round": large_round,
        "poll_tokens": poll_tokens[:VOTERS],
        "tally_small": small,
        "tally_large": large,
        "page_bytes": sum(sizes.values()),
        "page_gzip_bytes": gzipped,
        "page_parts": sizes,
        "page_status": page.status_code,
    }


class Pollers:
    """Voters polling their own page, each about every POLL_PERIOD_MS (threads).

    wrk's delay() does not mix with gunicorn closing every connection, so
    these few requests a second come from plain threads.
    """

    def __init__(self, base: str, code: str, tokens: list[str]):
        import threading

        self.parts = urlsplit(base)
        self.path, self.cookie_name, self.tokens = (
            f"/stem/{code}/",
            f"gg_stem_{code}",
            tokens,
        )
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.statuses: dict[str, int] = {}
        self.errors = 0
        self.threads = [
            threading.Thread(target=self._run, args=(token, n), daemon=True)
            for n, token in enumerate(tokens)
        ]

    def _run(self, token: str, seed: int) -> None:
        import random

        rng = random.Random(seed)  # noqa: S311 - load timing
        while not self.stopped.wait(rng.uniform(0.5, 1.5) * POLL_PERIOD_MS / 1000):
            conn = http.client.HTTPConnection(
                self.parts.hostname or "127.0.0.1",
                self.parts.port,
                timeout=30,
            )
            try:
                conn.request(
                    "GET", self.path, headers={"Cookie": f"{self.cookie_name}={token}"}
                )
                response = conn.getresponse()
                response.read()
                key = str(response.status)
                with self.lock:
                    self.statuses[key] = self.statuses.get(key, 0) + 1
            except OSError:
                with self.lock:
                    self.errors += 1
            finally:
                conn.close()

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def wait_under_way(self, timeout: float = 30.0) -> None:
        """Wait until as many polls have been answered as there are pollers.

        Each poller waits 1 to 3 s before its first poll; timing the
        projector before that would measure it without the voters beside it.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                done = sum(self.statuses.values()) + self.errors
            if done >= len(self.threads):
                return
            time.sleep(0.1)

    def stop(self) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=35)


def _reconcile(voters: list, topic_ids: list[int]) -> tuple[dict, list[str]]:
    """Compare each client's ballot with the database; return totals, problems.

    Nothing is in flight when this runs (the room client lets every request
    finish), so each voter's stored ballot and version must be what it holds.
    """
    from sessions_app.voting.models import Voter
    from sessions_app.voting.services import token_hash

    joined = [voter for voter in voters if voter.token]
    by_hash = {
        v.token_hash: v
        for v in Voter.objects.filter(
            token_hash__in=[token_hash(voter.token) for voter in joined]
        )
    }
    expected: dict[int, int] = {}
    problems = []
    for voter in joined:
        row = by_hash.get(token_hash(voter.token))
        held = {topic: n for topic, n in voter.ballot.items() if n}
        if row is None:
            problems.append("vote_cast: a voter the client holds is missing")
            continue
        stored = {int(k): n for k, n in row.ballot.items() if n}
        if stored != held or row.version != voter.version:
            problems.append(
                f"vote_cast: ballot differs (client v{voter.version}, "
                f"database v{row.version})"
            )
        for topic, n in held.items():
            expected[topic] = expected.get(topic, 0) + n
    return expected, problems


def _room_line(room, elapsed: float, machine: dict, kind: str) -> dict:
    """Rate, latency and failures of one room run (floor or cast)."""
    from benchmarks.room import percentile_ms

    times = room.tally.times.get(kind, [])
    ok = max(room.tally.ok, 1)
    return {
        "rps": round(room.tally.ok / elapsed, 1) if elapsed else 0.0,
        "requests": len(times),
        "p50_ms": percentile_ms(times, 50),
        "p95_ms": percentile_ms(times, 95),
        "p99_ms": percentile_ms(times, 99),
        "max_ms": round(1000 * max(times), 2) if times else 0.0,
        "seconds": round(elapsed, 2),
        "cpu_ms_per_request": {
            part: round(1000 * used / ok, 2) for part, used in machine["cpu_s"].items()
        },
        **machine,
    }


def vote_cast(base: str, prepared: dict, args, *, on_machine, settle) -> dict:
    """200 voters in a room (benchmarks/room.py), and the floor the same way."""
    from benchmarks import room
    from sessions_app.voting.selectors import round_tally

    cast_round = prepared["cast_round"]
    seconds = args.vote_seconds
    voters = VOTERS_QUICK if args.quick else VOTERS
    spread = min(room.SPREAD_S, seconds / 3)
    think = (0.2, 0.6) if args.quick else room.THINK_S
    parts = urlsplit(base)
    client = room.Client(
        parts.hostname or "127.0.0.1", parts.port or 80, args.csrf_secret
    )
    (floor_room, floor_s), floor_machine = on_machine(
        lambda: room.floor(
            client, voters=voters, seconds=seconds, spread=spread, think=think
        )
    )
    floor = _room_line(floor_room, floor_s, floor_machine, "floor")
    floor_errors = sum(floor_room.tally.failures.values())
    (cast_room, people, cast_s), cast_machine = on_machine(
        lambda: room.cast(
            client,
            code=cast_round.code,
            topics=prepared["cast_topics"],
            votes=VOTES_PER_VOTER,
            per_topic=MAX_PER_TOPIC,
            voters=voters,
            seconds=seconds,
            spread=spread,
            think=think,
        )
    )
    settle(_round_changes(cast_round), quiet_for=0.6, limit=10.0)
    cast = _room_line(cast_room, cast_s, cast_machine, "vote")
    expected, problems = _reconcile(people, prepared["cast_topics"])
    stored = round_tally(cast_round, cached=False).totals
    if stored != expected:
        problems.append(f"vote_cast: totals {stored} != clients' {expected}")
    failures = dict(cast_room.tally.failures)
    errors = sum(failures.values())
    if errors:
        problems.append(f"vote_cast: {errors} failed requests {failures}")
    if floor_errors:
        problems.append(f"vote_cast: floor failed {floor_room.tally.failures}")
    ratio = round(cast["rps"] / floor["rps"], 3) if floor["rps"] else 0.0
    page_times = cast_room.tally.times.get("page", [])
    join_times = cast_room.tally.times.get("join", [])
    return {
        "bench": "vote_cast",
        "voters": voters,
        "think_s": list(think),
        "arrival_spread_s": spread,
        "joined": sum(1 for voter in people if voter.token),
        "votes_ok": cast_room.tally.ok,
        "vote_rps": cast["rps"],
        "errors": errors,
        "failures": failures,
        "p50_ms": cast["p50_ms"],
        "p95_ms": cast["p95_ms"],
        "p99_ms": cast["p99_ms"],
        "max_ms": cast["max_ms"],
        "page_p95_ms": percentile_ms_of(page_times, 95),
        "join_p95_ms": percentile_ms_of(join_times, 95),
        "tap_p95_ms": percentile_ms_of(cast_room.taps, 95),
        "requests": sum(cast_room.tally.statuses.values()),
        "statuses": cast_room.tally.statuses,
        "floor": {k: v for k, v in floor.items() if k != "cpu_s"},
        "floor_rps": floor["rps"],
        "ratio_to_floor": ratio,
        "goal_p95_ms": VOTE_GOAL_P95_MS,
        "goal_ratio": VOTE_GOAL_RATIO,
        "met": not problems
        and cast["p95_ms"] < VOTE_GOAL_P95_MS
        and ratio >= VOTE_GOAL_RATIO,
        "correct": not problems,
        "problems": problems,
        "seconds": cast["seconds"],
        "other_cpu_pct": cast["other_cpu_pct"],
        "steal_pct": cast["steal_pct"],
        "machine_busy_pct": cast["machine_busy_pct"],
        "cpu_ms_per_vote": cast["cpu_ms_per_request"],
    }


def percentile_ms_of(values: list[float], percent: float) -> float:
    from benchmarks.room import percentile_ms

    return percentile_ms(values, percent)


def _round_changes(voting_round):
    """A number that moves whenever a voter of the round joins or votes."""
    from django.db.models import Count
    from django.db.models import Sum

    from sessions_app.voting.models import Voter

    def count() -> int:
        row = Voter.objects.filter(round=voting_round).aggregate(
            versions=Sum("version"), voters=Count("id")
        )
        return (row["versions"] or 0) + row["voters"]

    return count


def measure(base: str, prepared: dict, args, *, time_page, on_machine, cookie, settle):
    """Run the three benches against the running gunicorn; return JSON lines."""
    lines, problems = [], []
    seconds = args.vote_seconds
    voters = VOTERS_QUICK if args.quick else VOTERS
    line = vote_cast(base, prepared, args, on_machine=on_machine, settle=settle)
    # The line now, on stderr: projector_tally can take minutes on a busy machine.
    print(f"[bench] {json.dumps(line)}", file=sys.stderr, flush=True)
    lines.append(line)
    problems += line["problems"]

    # The projector beside VOTERS voters polling their own page.
    large = prepared["large_round"]
    pollers = Pollers(base, large.code, prepared["poll_tokens"][:voters])
    pollers.start()
    try:
        pollers.wait_under_way()
        tally = time_page(
            base + prepared["tally_large"]["path"],
            cookie,
            requests=max(10, min(200, seconds * 10)),
            args=args,
        )
    finally:
        pollers.stop()
    poll_statuses = pollers.statuses
    poll_errors = pollers.errors
    tally_problems = []
    constant = (
        prepared["tally_small"]["sql_statements"]
        == prepared["tally_large"]["sql_statements"]
    )
    if not constant:
        tally_problems.append("projector_tally: statements grow with the voters")
    bad = {k: v for k, v in tally["statuses"].items() if k != "200"}
    poll_bad = {k: v for k, v in poll_statuses.items() if k != "200"}
    tally_errors = (
        sum(bad.values())
        + sum(poll_bad.values())
        + (poll_errors if poll_statuses else 1)
    )
    if tally_errors:
        tally_problems.append(
            f"projector_tally: failed requests (projector {bad}, voters {poll_bad})"
        )
    lines.append(
        {
            "bench": "projector_tally",
            "voters_polling": voters,
            "poll_period_ms": POLL_PERIOD_MS,
            "poll_requests": sum(poll_statuses.values()),
            "requests": tally["requests"],
            "errors": tally_errors,
            "p50_ms": tally["p50_ms"],
            "p95_ms": tally["p95_ms"],
            "max_ms": tally["max_ms"],
            "sql_statements": prepared["tally_large"]["sql_statements"],
            "sql_statements_small": prepared["tally_small"]["sql_statements"],
            "voters_small": SMALL,
            "voters_large": LARGE,
            "statements_constant": constant,
            "goal_p95_ms": TALLY_GOAL_P95_MS,
            "met": not tally_problems and tally["p95_ms"] < TALLY_GOAL_P95_MS,
            "correct": not tally_problems,
            "problems": tally_problems,
            "other_cpu_pct": tally["other_cpu_pct"],
        }
    )
    problems += tally_problems

    page_problems = [] if prepared["page_status"] == 200 else ["voter_page: not 200"]
    lines.append(
        {
            "bench": "voter_page",
            "bytes": prepared["page_bytes"],
            "gzip_bytes": prepared["page_gzip_bytes"],
            "parts": prepared["page_parts"],
            "goal_bytes": PAGE_GOAL_BYTES,
            "errors": len(page_problems),
            "met": not page_problems and prepared["page_bytes"] < PAGE_GOAL_BYTES,
            "correct": not page_problems,
            "problems": page_problems,
            "other_cpu_pct": 0.0,
            "steal_pct": 0.0,
        }
    )
    return lines, problems + page_problems
