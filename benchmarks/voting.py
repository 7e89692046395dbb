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

import argparse
import gzip
import http.client
import re
import secrets
import time
from urllib.parse import urlsplit

VOTERS = 200
VOTERS_QUICK = 20  # --quick: a smoke run, so that votes follow the joins
TOPICS = 10
VOTES_PER_VOTER = 3
MAX_PER_TOPIC = 2
VOTE_GOAL_P95_MS = 200
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

    def stop(self) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=35)


def _reconcile(voters: list, topic_ids: list[int]) -> tuple[dict, list[str]]:
    """Compare each client's ballot with the database; return totals, problems."""
    from sessions_app.voting.models import Voter
    from sessions_app.voting.services import token_hash

    expected: dict[int, int] = {}
    problems = []
    by_hash = {
        v.token_hash: v
        for v in Voter.objects.filter(
            token_hash__in=[token_hash(row.split(" ")[0]) for row in voters]
        )
    }
    for row_text in voters:
        parts = row_text.split(" ")
        if len(parts) != 4 or parts[0] in ("", "-"):
            continue  # never joined (or its join was still in flight)
        token, version, ballot_text, op = parts
        version = int(version)
        op = "" if op in ("-", "join") else op
        ballot = {
            k: int(n)
            for k, n in (item.split(":") for item in ballot_text.split(",") if item)
        }
        row = by_hash.get(token_hash(token))
        held = {int(k): n for k, n in ballot.items() if n}
        if row is None:
            problems.append("vote_cast: a voter the client holds is missing")
            continue
        stored = {int(k): n for k, n in row.ballot.items() if n}
        if row.version == version and stored == held:
            final = held
        elif op and row.version == version + 1:
            action, topic = op.split(":")
            final = dict(held)
            final[int(topic)] = final.get(int(topic), 0) + (
                1 if action == "add" else -1
            )
            final = {k: n for k, n in final.items() if n}
            if stored != final:
                problems.append("vote_cast: an in-flight vote stored differently")
        else:
            problems.append(
                f"vote_cast: ballot differs (client v{version}, database v{row.version})"
            )
            final = stored
        for topic, n in final.items():
            expected[topic] = expected.get(topic, 0) + n
    return expected, problems


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


def measure(
    base: str, prepared: dict, args, *, wrk, time_page, figures, floor, cookie, settle
):
    """Run the three benches against the running gunicorn; return JSON lines."""
    from sessions_app.voting.selectors import round_tally

    lines, problems = [], []
    cast_round = prepared["cast_round"]
    seconds = args.vote_seconds
    voters = VOTERS_QUICK if args.quick else VOTERS
    per_thread = voters // args.threads
    load = argparse.Namespace(
        **{**vars(args), "connections": per_thread * args.threads}
    )
    script_args = (
        cast_round.code,
        per_thread,
        ",".join(map(str, prepared["cast_topics"])),
        VOTES_PER_VOTER,
        MAX_PER_TOPIC,
        args.csrf_secret,
    )
    result = wrk(base, "vote.lua", seconds=seconds, args=load, script_args=script_args)
    # Requests still queued in gunicorn when wrk stopped change ballots for a
    # while (seconds, on a loaded machine): read only once nothing moves.
    settle(_round_changes(cast_round), quiet_for=2.0, limit=90.0)
    votes = result["VOTEJSON"]
    cast = figures(result, ok_status=303)
    expected, cast_problems = _reconcile(votes["voters"], prepared["cast_topics"])
    stored = round_tally(cast_round, cached=False).totals
    if stored != expected:
        cast_problems.append(f"vote_cast: totals {stored} != clients' {expected}")
    # When every voter of a wrk thread waits for an answer, the script sends
    # a GET of the join page instead (counted as "exhausted"): not a vote,
    # and not an error when it answers 200.
    idle = result["exhausted"]
    other = dict(cast["other_statuses"])
    other_ok = min(other.pop("200", 0), idle)
    errors = (
        sum(cast["socket_errors"].values())
        + sum(other.values())
        + (result["statuses"].get("200", 0) - other_ok)
        + votes["rejected"]
        + max(votes["untagged"] - idle, 0)
    )
    if errors:
        cast_problems.append(f"vote_cast: {errors} failed requests")
    vote_rps = round(votes["ok"] / (result["duration_us"] / 1e6), 1)
    ratio = round(vote_rps / floor["rps"], 3) if floor["rps"] else 0.0
    lines.append(
        {
            "bench": "vote_cast",
            "voters": voters,
            "joined": votes["joins"],
            "votes_ok": votes["ok"],
            "vote_rps": vote_rps,
            "requests_rps": cast["rps"],
            "errors": errors,
            "rejected": votes["rejected"],
            "idle_requests": idle,
            "p50_ms": cast["p50_ms"],
            "p95_ms": cast["p95_ms"],
            "max_ms": cast["max_ms"],
            "floor_rps": floor["rps"],
            "ratio_to_floor": ratio,
            "goal_p95_ms": VOTE_GOAL_P95_MS,
            "met": not cast_problems
            and cast["p95_ms"] < VOTE_GOAL_P95_MS
            and ratio >= 0.5,
            "correct": not cast_problems,
            "problems": cast_problems,
            "seconds": cast["seconds"],
            "other_cpu_pct": cast["other_cpu_pct"],
            "steal_pct": cast["steal_pct"],
            "other_statuses": cast["other_statuses"],
            "socket_errors": cast["socket_errors"],
        }
    )
    problems += cast_problems

    # The projector beside VOTERS voters polling their own page.
    large = prepared["large_round"]
    pollers = Pollers(base, large.code, prepared["poll_tokens"][:voters])
    pollers.start()
    try:
        time.sleep(min(2.0, seconds / 3))  # every poller under way
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
