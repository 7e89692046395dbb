"""People in a room: voters who think between their taps, as an asyncio client.

``vote_cast`` (issue #12) is 200 phones in a church hall, not 200 machines
sending as fast as they can. Each simulated voter here:

1. arrives at a random moment in the first ``spread`` seconds and joins
   (``POST /stem/<code>/meedoen/`` with a role), then loads its page (the
   ``303`` a browser follows);
2. then, until the time is up, thinks for ``THINK_S`` (a uniform pause of 1
   to 5 seconds, its own random stream), adds or takes back one vote
   (``POST /stem/<code>/stemmen/`` with the ballot version it holds) and
   loads its page again.

The floor is driven by the same client with the same voters, arrival times
and pauses: each "voter" thinks and sends ``POST /bench/floor/`` (one
INSERT). So the ratio of the two rates compares like with like: when the
server keeps up, both run at the pace of the people (the ratio is near 1);
it drops below 1 only when a cast makes people wait longer than an insert.

Why not wrk: wrk opens its next connection the moment an answer comes in and
then holds it idle through ``delay()``, and gunicorn's sync workers (which
close every connection) sit blocked on that idle connection until the
request arrives. In production a reverse proxy hands gunicorn only complete
requests; this client does the same by connecting only when its request is
ready. Every request is timed from connecting to the last byte.

Nothing is in flight when the counts are read: after the time is up no new
request starts and the running ones finish, so the totals in the database
must equal what the clients hold, exactly.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass
from dataclasses import field

THINK_S = (1.0, 5.0)
SPREAD_S = 5.0
TIMEOUT_S = 30.0
ROLES = ("pleegouder", "ouder", "professional", "pleegkind", "beleidsmaker", "")
TOKEN = re.compile(rb"gg_stem_\w+=([^;\s]+)")


@dataclass
class Voter:
    token: str = ""
    version: int = 0
    ballot: dict[int, int] = field(default_factory=dict)


@dataclass
class Tally:
    """Latencies (seconds) per kind of request, and what went wrong."""

    times: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    ok: int = 0

    def add(self, kind: str, status: int, seconds: float) -> None:
        self.times.setdefault(kind, []).append(seconds)
        key = f"{kind} {status}"
        self.statuses[key] = self.statuses.get(key, 0) + 1

    def fail(self, why: str) -> None:
        self.failures[why] = self.failures.get(why, 0) + 1


class Client:
    def __init__(
        self, host: str, port: int, csrf_secret: str, timeout: float = TIMEOUT_S
    ):
        self.host, self.port, self.secret = host, port, csrf_secret
        self.timeout = timeout

    async def send(
        self, method: str, path: str, *, form: str = "", cookie: str = ""
    ) -> tuple[int, bytes, float]:
        """One request on a new connection: (status, header block, seconds)."""
        status, head, _body, seconds = await self.exchange(
            method, path, form=form, cookie=cookie
        )
        return status, head, seconds

    async def exchange(
        self,
        method: str,
        path: str,
        *,
        form: str = "",
        cookie: str = "",
        local: str = "",
    ) -> tuple[int, bytes, bytes, float]:
        """One request on a new connection: (status, head, body, seconds).

        ``local`` is the client address to connect from (any 127.x.y.z on
        loopback), so that simulated people can have addresses of their own.
        """
        cookies = f"csrftoken={self.secret}" + (f"; {cookie}" if cookie else "")
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Cookie: {cookies}",
            "Connection: close",
        ]
        body = form.encode()
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        started = time.perf_counter()
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(
                self.host, self.port, local_addr=(local, 0) if local else None
            ),
            self.timeout,
        )
        try:
            writer.write(raw)
            answer = await asyncio.wait_for(reader.read(), self.timeout)
        finally:
            writer.close()
        seconds = time.perf_counter() - started
        head, _, body = answer.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        return status, head, body, seconds


def header(head: bytes, name: bytes) -> str:
    prefix = name.lower() + b":"
    for line in head.split(b"\r\n")[1:]:
        if line.lower().startswith(prefix):
            return line[len(prefix) :].strip().decode()
    return ""


async def _guarded(tally: Tally, kind: str, request):
    """Await one request; a socket error or timeout counts as a failure."""
    try:
        return await request
    except (OSError, TimeoutError, ValueError, IndexError):
        tally.fail(f"{kind}: no answer")
        return None


async def cast_voter(n: int, room: Room, voter: Voter) -> None:
    rng = random.Random(n)  # noqa: S311 - load timing
    loop = asyncio.get_running_loop()
    await asyncio.sleep(rng.uniform(0, room.spread))
    if loop.time() >= room.stop_at:
        return
    form = f"csrfmiddlewaretoken={room.client.secret}&tag={n}"
    answer = await _guarded(
        room.tally,
        "join",
        room.client.send(
            "POST", room.join_path, form=f"{form}&role={ROLES[n % len(ROLES)]}"
        ),
    )
    if answer is None:
        return
    status, head, seconds = answer
    room.tally.add("join", status, seconds)
    match = TOKEN.search(head)
    if status != 303 or match is None:
        room.tally.fail(f"join answered {status}")
        return
    voter.token = match.group(1).decode()
    cookie = f"gg_stem_{room.code}={voter.token}"
    await room.page(cookie)
    while True:
        await asyncio.sleep(rng.uniform(*room.think))
        if loop.time() >= room.stop_at:
            return
        used = sum(voter.ballot.values())
        if used >= room.votes or (used and rng.random() < 0.35):
            action = "remove"
            topic = rng.choice(sorted(t for t, k in voter.ballot.items() if k))
        else:
            action = "add"
            topic = rng.choice(
                [t for t in room.topics if voter.ballot.get(t, 0) < room.per_topic]
            )
        answer = await _guarded(
            room.tally,
            "vote",
            room.client.send(
                "POST",
                room.vote_path,
                form=f"{form}&topic={topic}&action={action}&version={voter.version}",
                cookie=cookie,
            ),
        )
        if answer is None:
            continue
        status, head, seconds = answer
        room.tally.add("vote", status, seconds)
        if status == 303 and header(head, b"X-Vote") == "ok":
            voter.ballot[topic] = voter.ballot.get(topic, 0) + (
                1 if action == "add" else -1
            )
            voter.version = int(header(head, b"X-Ballot-Version"))
            room.tally.ok += 1
        else:
            room.tally.fail(f"vote answered {status} {header(head, b'X-Vote')}")
        page_seconds = await room.page(cookie)
        if page_seconds is not None:
            room.taps.append(seconds + page_seconds)


async def _floor_voter(n: int, room: Room) -> None:
    """The same arrival and pauses as a voter; each tap one INSERT."""
    rng = random.Random(n)  # noqa: S311 - the same stream as the voter's
    loop = asyncio.get_running_loop()
    await asyncio.sleep(rng.uniform(0, room.spread))
    while loop.time() < room.stop_at:
        await asyncio.sleep(rng.uniform(*room.think))
        if loop.time() >= room.stop_at:
            return
        answer = await _guarded(
            room.tally, "floor", room.client.send("POST", "/bench/floor/", form="ok=1")
        )
        if answer is None:
            continue
        status, _head, seconds = answer
        room.tally.add("floor", status, seconds)
        if status == 200:
            room.tally.ok += 1
        else:
            room.tally.fail(f"floor answered {status}")


@dataclass
class Room:
    client: Client
    code: str = ""
    topics: list[int] = field(default_factory=list)
    votes: int = 3
    per_topic: int = 2
    spread: float = SPREAD_S
    think: tuple[float, float] = THINK_S
    stop_at: float = 0.0
    tally: Tally = field(default_factory=Tally)
    taps: list[float] = field(default_factory=list)

    @property
    def join_path(self) -> str:
        return f"/stem/{self.code}/meedoen/"

    @property
    def vote_path(self) -> str:
        return f"/stem/{self.code}/stemmen/"

    async def page(self, cookie: str) -> float | None:
        answer = await _guarded(
            self.tally,
            "page",
            self.client.send("GET", f"/stem/{self.code}/", cookie=cookie),
        )
        if answer is None:
            return None
        status, _head, seconds = answer
        self.tally.add("page", status, seconds)
        if status != 200:
            self.tally.fail(f"page answered {status}")
        return seconds


def _run(room: Room, seconds: float, coroutines) -> float:
    """Run the voters; return the seconds until the last request finished."""

    async def main() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        room.stop_at = started + seconds
        await asyncio.gather(*coroutines())
        return loop.time() - started

    return asyncio.run(main())


def cast(
    client: Client,
    *,
    code: str,
    topics: list[int],
    votes: int,
    per_topic: int,
    voters: int,
    seconds: float,
    spread: float,
    think: tuple[float, float],
) -> tuple[Room, list[Voter], float]:
    room = Room(
        client,
        code=code,
        topics=topics,
        votes=votes,
        per_topic=per_topic,
        spread=spread,
        think=think,
    )
    people = [Voter() for _ in range(voters)]
    elapsed = _run(
        room,
        seconds,
        lambda: [cast_voter(n, room, voter) for n, voter in enumerate(people)],
    )
    return room, people, elapsed


def floor(
    client: Client,
    *,
    voters: int,
    seconds: float,
    spread: float,
    think: tuple[float, float],
) -> tuple[Room, float]:
    room = Room(client, spread=spread, think=think)
    elapsed = _run(
        room, seconds, lambda: [_floor_voter(n, room) for n in range(voters)]
    )
    return room, elapsed


def percentile_ms(values: list[float], percent: float) -> float:
    """wrk's rank rule (as run.py's ``_percentile``), in milliseconds."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), int(len(ordered) * percent / 100) + 1)
    return round(1000 * ordered[rank - 1], 2)
