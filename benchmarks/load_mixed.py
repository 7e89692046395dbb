"""``load_mixed`` in ``make bench`` (issue #14, "Load"): 500 people at once.

For ``--load-seconds`` (60) against its own gunicorn (2 sync workers, as the
other benches), PostgreSQL and Redis, the people of ``benchmarks/crowd.py``:
300 respondents answering the survey page by page and submitting, 190 voters
casting, a projector polling the tally and 9 staff members opening the
results page. Before them, the floor (``POST /bench/floor/``, one INSERT)
with wrk for a few seconds on the same server: ``floor_rps``.

Rate limits stay at their production values (the gunicorn gets neither
``SURVEY_START_RATE`` nor ``VOTER_*_RATE``): the voters share one address, as
in a hall, and are counted per voter cookie; each respondent's device has
an address of its own (people answer at home, on their phones), so the start
limit per address (120 per 10 minutes) sees the few surveys started on one
device.

Then the database is read, with nothing in flight: every submit the client
saw succeed must be stored and nothing else (``lost``, ``stored_unanswered``),
and the round's totals must equal the voters' ballots as the clients hold them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.output import merge_into

PEOPLE = {"respondents": 300, "voters": 190, "projector": 1, "staff": 9}
PEOPLE_QUICK = {"respondents": 8, "voters": 5, "projector": 1, "staff": 1}
# Respondent devices whose first person answered every page before the run
# and comes back with the resume link to send (a pleegouder, 60 answers).
SAVED, SAVED_QUICK = 100, 3
SECONDS, SECONDS_QUICK = 60, 15
SPREAD_S, SPREAD_QUICK_S = 10.0, 1.0  # everyone arrives within this
RESPONDENT_THINK_S, RESPONDENT_THINK_QUICK_S = (1.0, 3.0), (0.05, 0.15)
VOTER_THINK_QUICK_S = (0.5, 1.5)
STAFF_LOOK_QUICK_S = (1.0, 2.0)
FLOOR_SECONDS, FLOOR_SECONDS_QUICK = 5, 2
SEEDED_RESPONSES = 100  # so the staff's results page has figures to show
CLIENT_TIMEOUT_S = 120.0  # longer than gunicorn's: no request is given up
STAFF_EMAIL = "bench-load-staff@example.org"
# Settings the other benches raise; this one runs with the production values.
LIMIT_SETTINGS = ("SURVEY_START_RATE", "VOTER_JOIN_RATE", "VOTER_VOTE_RATE")
VOTER_KINDS = {"join": "vote_join", "vote": "vote_cast", "page": "voter_page"}


def _staff_cookie() -> str:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        email=STAFF_EMAIL, defaults={"name": "Benchmark load", "is_staff": True}
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def prepare(saved_drafts: int) -> dict:
    """The open survey (with a few responses), a voting round, a staff session."""
    from django.core.cache import cache
    from django.urls import reverse

    from benchmarks import run as bench
    from benchmarks.results_data import ResponseWriter
    from benchmarks.voting import _prepare_round

    trajectory, questionnaire = bench.create_trajectory("Benchmark load_mixed")
    ResponseWriter(questionnaire, trajectory).add(SEEDED_RESPONSES)
    saved = bench.DraftMaker(questionnaire, trajectory).make(saved_drafts)
    voting_round, topics, _ = _prepare_round("Stemmen: load_mixed")
    # The bench's own cache: rate-limit counts of earlier runs start afresh.
    cache.clear()
    return {
        "trajectory": trajectory,
        "questionnaire": questionnaire,
        "round": voting_round,
        "saved": saved,
        "topics": [topic.pk for topic in topics],
        "results_path": reverse("surveys:results", kwargs={"pk": trajectory.pk}),
        "tally_path": reverse("voting:round_tally", kwargs={"pk": voting_round.pk}),
        "cookie": _staff_cookie(),
    }


@contextlib.contextmanager
def _production_limits(env: dict[str, str]):
    """The bench's environment without the raised rate limits."""
    saved = {
        name: os.environ.pop(name) for name in LIMIT_SETTINGS if name in os.environ
    }
    try:
        yield {k: v for k, v in env.items() if k not in LIMIT_SETTINGS}
    finally:
        os.environ.update(saved)


def measure(args, env: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Prepare, start gunicorn, run the floor and the crowd; the JSON line."""
    from django.db import connection

    from benchmarks import crowd
    from benchmarks import room
    from benchmarks import run as bench
    from benchmarks import voting
    from surveys.models import Response

    quick = args.quick
    people = PEOPLE_QUICK if quick else PEOPLE
    seconds = args.load_seconds or (SECONDS_QUICK if quick else SECONDS)
    prepared = prepare(SAVED_QUICK if quick else SAVED)
    stored_before = Response.objects.filter(
        questionnaire=prepared["questionnaire"]
    ).count()
    connection.close()
    bench.log(f"load_mixed: {sum(people.values())} people ({people}) for {seconds} s")
    workdir = Path(tempfile.mkdtemp(prefix="goedgesprek-load-"))
    try:
        with (
            _production_limits(env) as load_env,
            bench.gunicorn(load_env, workdir) as base,
        ):
            bench.wait_quiet(args)
            floor_seconds = FLOOR_SECONDS_QUICK if quick else FLOOR_SECONDS
            floor = bench.figures(
                bench.wrk(
                    f"{base}/bench/floor/",
                    "floor.lua",
                    seconds=floor_seconds,
                    args=args,
                ),
                ok_status=200,
            )
            parts = urlsplit(base)
            client = room.Client(
                parts.hostname or "127.0.0.1",
                parts.port or 80,
                bench.CSRF_SECRET,
                timeout=CLIENT_TIMEOUT_S,
            )
            spread = min(SPREAD_QUICK_S if quick else SPREAD_S, seconds / 4)
            voters_room = room.Room(
                client,
                code=prepared["round"].code,
                topics=prepared["topics"],
                votes=voting.VOTES_PER_VOTER,
                per_topic=voting.MAX_PER_TOPIC,
                spread=spread,
                think=VOTER_THINK_QUICK_S if quick else room.THINK_S,
            )
            the_crowd = crowd.Crowd(
                client,
                public_token=prepared["trajectory"].public_token,
                results_path=prepared["results_path"],
                tally_path=prepared["tally_path"],
                staff_cookie=prepared["cookie"],
                voters_room=voters_room,
                spread=spread,
                think=RESPONDENT_THINK_QUICK_S if quick else RESPONDENT_THINK_S,
            )
            voters = [room.Voter() for _ in range(people["voters"])]
            elapsed, machine = bench.on_machine(
                lambda: crowd.run(
                    the_crowd,
                    respondents=people["respondents"],
                    saved=prepared["saved"],
                    voters=voters,
                    projectors=people["projector"],
                    staff_members=people["staff"],
                    look=STAFF_LOOK_QUICK_S if quick else crowd.STAFF_LOOK_S,
                    seconds=seconds,
                ),
                db_name=args.db_name,
                server=parts.netloc,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    line = _line(
        prepared,
        the_crowd,
        the_crowd.respondents,
        voters,
        stored_before=stored_before,
        elapsed=elapsed,
        machine=machine,
        floor=floor,
        people=people,
        seconds=seconds,
    )
    if not line["successful"]:
        bench.log(
            "load_mixed: no survey was sent before the time was up, so no submit "
            "was checked under load (the server was too slow to get through one)"
        )
    return [line], line["problems"]


def _stored(prepared: dict, respondents: list, stored_before: int) -> dict:
    """Which respondents' surveys are stored (their token is spent)."""
    from core.tokens import hash_token
    from surveys.models import Answer
    from surveys.models import Response
    from surveys.models import SpentToken

    by_hash = {hash_token(p.token): p for p in respondents if p.token}
    spent = set(
        SpentToken.objects.filter(token_hash__in=list(by_hash)).values_list(
            "token_hash", flat=True
        )
    )
    ok = {key for key, p in by_hash.items() if p.submitted}
    questionnaire = prepared["questionnaire"]
    responses = Response.objects.filter(questionnaire=questionnaire)
    new = responses.count() - stored_before
    empty = responses.exclude(
        pk__in=Answer.objects.filter(response__questionnaire=questionnaire).values(
            "response_id"
        )
    ).count()
    return {
        "successful": len(ok),
        "stored": len(spent),
        "responses_new": new,
        "lost": len(ok - spent),
        "stored_unanswered": len(spent - ok),
        "stored_without_answers": empty,
        "started": len(by_hash),
        "resumed": sum(1 for p in respondents if p.resumed),
        "unfinished": sum(1 for p in respondents if p.token and not p.submit_sent),
    }


def _line(
    prepared,
    the_crowd,
    respondents,
    voters,
    *,
    stored_before,
    elapsed,
    machine,
    floor,
    people,
    seconds,
) -> dict:
    from benchmarks.room import percentile_ms
    from benchmarks.voting import _reconcile
    from sessions_app.voting.selectors import round_tally

    stored = _stored(prepared, respondents, stored_before)
    problems = []
    if stored["lost"]:
        problems.append(f"load_mixed: {stored['lost']} successful submits not stored")
    if stored["stored_unanswered"]:
        problems.append(
            f"load_mixed: {stored['stored_unanswered']} stored without a success"
        )
    if stored["responses_new"] != stored["successful"]:
        problems.append(
            f"load_mixed: {stored['responses_new']} new responses, "
            f"{stored['successful']} successful submits"
        )
    if stored["stored_without_answers"]:
        problems.append("load_mixed: stored responses without answers")
    expected, vote_problems = _reconcile(voters, prepared["topics"])
    problems += [p.replace("vote_cast", "load_mixed") for p in vote_problems]
    totals = round_tally(prepared["round"], cached=False).totals
    if totals != expected:
        problems.append(f"load_mixed: vote totals {totals} != clients' {expected}")
    correct = not problems
    # Times and statuses by kind of request: the crowd's and the voters'.
    vote_tally = the_crowd.voters_room.tally
    times = dict(the_crowd.tally.times)
    statuses = dict(the_crowd.tally.statuses)
    failures = dict(the_crowd.tally.failures)
    for kind, name in VOTER_KINDS.items():
        if kind in vote_tally.times:
            times[name] = vote_tally.times[kind]
    for key, count in vote_tally.statuses.items():
        kind, status = key.split(" ", 1)
        statuses[f"{VOTER_KINDS.get(kind, kind)} {status}"] = count
    for why, count in vote_tally.failures.items():
        failures[f"voters: {why}"] = count
    errors_5xx = sum(n for key, n in statuses.items() if int(key.split()[-1]) >= 500)
    refused = sum(n for key, n in statuses.items() if key.endswith(" 429"))
    requests = sum(statuses.values())
    if errors_5xx:
        problems.append(f"load_mixed: {errors_5xx} answers 5xx")
    if failures:
        problems.append(f"load_mixed: failed requests {failures}")
    return {
        "bench": "load_mixed",
        "people": sum(people.values()),
        **people,
        "seconds": seconds,
        "elapsed_s": round(elapsed, 2),
        "requests": requests,
        "rps": round(requests / elapsed, 1) if elapsed else 0.0,
        **stored,
        "joined": sum(1 for voter in voters if voter.token),
        "votes_ok": vote_tally.ok,
        "vote_totals": {str(k): v for k, v in sorted(totals.items())},
        "errors_5xx": errors_5xx,
        "rate_limited": refused,
        "failures": failures,
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": {k: percentile_ms(v, 50) for k, v in sorted(times.items())},
        "p95_ms": {k: percentile_ms(v, 95) for k, v in sorted(times.items())},
        "max_ms": {k: round(1000 * max(v), 2) for k, v in sorted(times.items()) if v},
        "floor_rps": floor["rps"],
        "floor_p95_ms": floor["p95_ms"],
        "floor_other_statuses": floor["other_statuses"],
        "correct": correct,
        "problems": problems,
        "rate_limits": "production values; voters from one address, counted per "
        "voter cookie; each respondent from its own address",
        "cpu_ms_per_request": {
            part: round(1000 * used / max(requests, 1), 2)
            for part, used in machine["cpu_s"].items()
        },
        "other_cpu_pct": machine["other_cpu_pct"],
        "machine_busy_pct": machine["machine_busy_pct"],
        "steal_pct": machine["steal_pct"],
    }


def only(args, env: dict[str, str], *, log) -> int:
    """``run.py --only load_mixed``: this line alone, merged into ``--output``.

    The other benches' lines already in ``--output`` stay; an older
    ``load_mixed`` line is replaced. Exit status 1 when something was lost,
    failed or answered 5xx.
    """
    import datetime as dt
    import json

    lines, problems = measure(args, env)
    date = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
    lines = [{**line, "date": date, "cpus": os.cpu_count()} for line in lines]
    for line in lines:
        print(json.dumps(line), flush=True)
    merge_into(args.output, lines)
    log(f"wrote {args.output}")
    if problems:
        log("INCORRECT: " + "; ".join(problems))
        return 1
    return 0
