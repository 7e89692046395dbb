"""The people of ``load_mixed``: respondents, voters, a projector and staff at once.

An asyncio client (the one of ``benchmarks/room.py``: every request on a new
connection, sent whole, timed from connecting to the last byte) that runs
four kinds of people in one event loop for ``seconds``:

* **respondents** answer the survey page by page as a browser does: the
  public link (the role choice), the start page of a role, ``Beginnen``
  (a draft), then each page: load it, read its form (radio buttons,
  checkboxes, selects, text areas), think, fill it in and send it; then the
  summary, ``Versturen`` and the thank-you page. Then the next person starts
  on the same device. On some devices the first person answered every page
  earlier and comes back with the resume link to send it. Each device connects from an address of its own
  (``127.1.x.y``): people answer a survey on their own phones;
* **voters** join a round and add and take back votes (``room.cast_voter``,
  exactly as ``vote_cast``), all from one address (``127.0.0.1``): a hall;
* a **projector** polls the round's tally every ``POLL_S`` seconds;
* **staff** open the trajectory's results page and look at it for a while.

Everyone arrives at a random moment in the first ``spread`` seconds. When the
time is up no new request starts and the running ones finish, so nothing is
in flight when the database is read: every submit the client saw succeed
must be stored, and nothing else.
"""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass
from dataclasses import field
from html.parser import HTMLParser
from urllib.parse import urlencode
from urllib.parse import urlsplit

from benchmarks import room as room_module

ROLES = (
    "pleegouder",
    "pleegouder",
    "professional",
    "professional",
    "ouder",
    "pleegkind",
    "eigen_kind",
    "beleidsmaker",
)
OPEN_TEXTS = (
    "Het contact met de pleegzorgbegeleider gaat goed.",
    "Meer tijd voor overleg zou helpen.",
    "De informatie kwam soms laat.",
)
POLL_S = 2.0
STAFF_LOOK_S = (5.0, 15.0)
STEP = re.compile(r"/vragenlijst/([^/]+)/stap/\d+/$")


class FormReader(HTMLParser):
    """The fields of the page's own form (``method="post"`` without ``action``)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found = False
        self.choices: dict[str, list[str]] = {}  # radio groups and selects
        self.boxes: dict[str, list[str]] = {}  # checkboxes
        self.texts: list[str] = []
        self.hidden: dict[str, str] = {}
        self.select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("method", "").lower() == "post" and "action" not in a
            self.found = self.found or self.inside
            return
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "radio":
                self.choices.setdefault(name, []).append(a.get("value", ""))
            elif kind == "checkbox":
                self.boxes.setdefault(name, []).append(a.get("value", ""))
            elif kind == "hidden":
                self.hidden[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self.texts.append(name)
        elif tag == "select" and name:
            self.select = name
            self.choices.setdefault(name, [])
        elif tag == "option" and self.select:
            self.choices[self.select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = ""


def fill(html: bytes, rng: random.Random, secret: str) -> str | None:
    """The form of a survey page filled in as a person might; None: no form."""
    reader = FormReader()
    reader.feed(html.decode("utf-8", "replace"))
    if not reader.found:
        return None
    pairs = [(k, v) for k, v in reader.hidden.items() if k != "csrfmiddlewaretoken"]
    pairs.append(("csrfmiddlewaretoken", secret))
    for name, values in reader.choices.items():
        if values and rng.random() < 0.95:  # a few questions skipped
            pairs.append((name, rng.choice(values)))
    for name, values in reader.boxes.items():
        if values and rng.random() < 0.3:
            pairs.append((name, rng.choice(values)))
    for name in reader.texts:
        if rng.random() < 0.4:
            pairs.append((name, rng.choice(OPEN_TEXTS)))
    pairs.append(("action", "next"))
    return urlencode(pairs)


def dechunk(head: bytes, body: bytes) -> bytes:
    """The body of a ``Transfer-Encoding: chunked`` answer (others as they are)."""
    if room_module.header(head, b"Transfer-Encoding").lower() != "chunked":
        return body
    out, rest = [], body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if not size:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


@dataclass
class Respondent:
    address: str
    role: str
    token: str = ""
    submitted: bool = False  # the submit answered 302 to the thank-you page
    submit_sent: bool = False
    pages: int = 0
    resumed: bool = False  # came back with the resume link to send


@dataclass
class Crowd:
    """What the people share: the client, the paths, the clock and the tallies."""

    client: room_module.Client
    public_token: str
    results_path: str
    tally_path: str
    staff_cookie: str
    voters_room: room_module.Room
    spread: float
    think: tuple[float, float]
    stop_at: float = 0.0
    tally: room_module.Tally = field(default_factory=room_module.Tally)
    respondents: list[Respondent] = field(default_factory=list)

    def over(self) -> bool:
        return asyncio.get_running_loop().time() >= self.stop_at

    async def request(
        self,
        kind: str,
        method: str,
        path: str,
        expect: int,
        local: str = "",
        *,
        form: str = "",
        cookie: str = "",
    ) -> tuple[bytes, bytes] | None:
        """One request counted under ``kind``; (head, body), or None if it failed."""
        try:
            status, head, body, seconds = await self.client.exchange(
                method, path, form=form, cookie=cookie, local=local
            )
        except (OSError, TimeoutError, ValueError, IndexError):
            self.tally.fail(f"{kind}: no answer")
            return None
        self.tally.add(kind, status, seconds)
        if status != expect:
            self.tally.fail(f"{kind} answered {status}")
            return None
        return head, dechunk(head, body)


def address(n: int) -> str:
    """A loopback address of its own for respondent ``n`` (127.1.0.1, ...)."""
    return f"127.1.{n // 250}.{n % 250 + 1}"


def _location(head: bytes) -> str:
    return urlsplit(room_module.header(head, b"Location")).path


async def respondent(n: int, crowd: Crowd, address: str, saved: str = "") -> None:
    """One respondent after another on a device, until the time is up.

    With ``saved`` (the resume token of a draft with every page answered),
    the first comes back to send it; every other starts with the public link.
    When one has sent the survey and seen the thank-you page, the next person
    starts on the same device (the same address) after a pause, so that the
    respondents keep coming for the whole run. A failed request ends it.
    """
    rng = random.Random(10_000 + n)  # noqa: S311 - load timing
    await asyncio.sleep(rng.uniform(0, crowd.spread))
    while not crowd.over():
        role = ROLES[(n + len(crowd.respondents)) % len(ROLES)]
        person = Respondent(address, role, token=saved, resumed=bool(saved))
        crowd.respondents.append(person)
        await (resume if saved else survey)(rng, crowd, person)
        saved = ""
        if not person.submitted:
            return
        await asyncio.sleep(rng.uniform(*crowd.think))


async def survey(rng: random.Random, crowd: Crowd, person: Respondent) -> None:
    """The public link, the role, Beginnen, every page, the summary, Versturen."""
    local, ask = person.address, crowd.request
    start = f"/v/{crowd.public_token}/"
    for path in (start, f"{start}{person.role}/?gekozen=1"):
        if crowd.over() or not await ask("survey_page", "GET", path, 200, local):
            return
        await asyncio.sleep(rng.uniform(*crowd.think))
    if crowd.over():
        return
    answer = await ask(
        "survey_start",
        "POST",
        f"{start}{person.role}/",
        302,
        local,
        form=f"csrfmiddlewaretoken={crowd.client.secret}",
    )
    if answer is None:
        return
    path = _location(answer[0])
    match = STEP.search(path)
    if match is None:
        crowd.tally.fail(f"survey_start went to {path!r}")
        return
    person.token = match.group(1)
    submit_path = f"/vragenlijst/{person.token}/versturen/"
    while path != submit_path:
        if crowd.over():
            return
        page = await ask("survey_page", "GET", path, 200, local)
        if page is None:
            return
        form = fill(page[1], rng, crowd.client.secret)
        if form is None:
            crowd.tally.fail("survey_page without a form")
            return
        await asyncio.sleep(rng.uniform(*crowd.think))
        if crowd.over():
            return
        answer = await ask("survey_step", "POST", path, 302, local, form=form)
        if answer is None:
            return
        person.pages += 1
        path = _location(answer[0])
        if not (path == submit_path or STEP.search(path)):
            crowd.tally.fail(f"survey_step went to {path!r}")
            return
    await send(rng, crowd, person)


async def resume(rng: random.Random, crowd: Crowd, person: Respondent) -> None:
    """Someone who answered every page earlier comes back with the resume link.

    ``/vragenlijst/<token>/`` leads to the page where they stopped, which
    leads to the summary; then Versturen as in :func:`survey`.
    """
    path = f"/vragenlijst/{person.token}/"
    for _ in range(2):
        if crowd.over():
            return
        answer = await crowd.request("survey_resume", "GET", path, 302, person.address)
        if answer is None:
            return
        path = _location(answer[0])
        if path.endswith("/versturen/"):
            await send(rng, crowd, person)
            return
    crowd.tally.fail(f"survey_resume went to {path!r}")


async def send(rng: random.Random, crowd: Crowd, person: Respondent) -> None:
    """The summary, Versturen and the thank-you page."""
    local, ask = person.address, crowd.request
    start = f"/v/{crowd.public_token}/"
    submit_path = f"/vragenlijst/{person.token}/versturen/"
    if crowd.over() or not await ask("survey_page", "GET", submit_path, 200, local):
        return
    await asyncio.sleep(rng.uniform(*crowd.think))
    if crowd.over():
        return
    person.submit_sent = True
    answer = await ask(
        "survey_submit",
        "POST",
        submit_path,
        302,
        local,
        form=f"csrfmiddlewaretoken={crowd.client.secret}",
    )
    if answer is None:
        return
    thanks = _location(answer[0])
    if thanks != f"{start}bedankt/":
        crowd.tally.fail(f"survey_submit went to {thanks!r}")
        return
    person.submitted = True
    await ask("survey_page", "GET", thanks, 200, local)


async def projector(crowd: Crowd) -> None:
    """The tally fragment every POLL_S seconds, as the projector's htmx does."""
    loop = asyncio.get_running_loop()
    while not crowd.over():
        began = loop.time()
        await crowd.request(
            "projector_tally", "GET", crowd.tally_path, 200, cookie=crowd.staff_cookie
        )
        await asyncio.sleep(max(0.0, POLL_S - (loop.time() - began)))


async def staff(n: int, crowd: Crowd, look: tuple[float, float]) -> None:
    """Opens the results page, reads it for a while, opens it again."""
    rng = random.Random(20_000 + n)  # noqa: S311 - load timing
    await asyncio.sleep(rng.uniform(0, crowd.spread))
    while not crowd.over():
        await crowd.request(
            "results_page", "GET", crowd.results_path, 200, cookie=crowd.staff_cookie
        )
        await asyncio.sleep(rng.uniform(*look))


def run(
    crowd: Crowd,
    *,
    respondents: int,
    voters: list[room_module.Voter],
    saved: list[str],
    projectors: int,
    staff_members: int,
    look: tuple[float, float],
    seconds: float,
) -> float:
    """Everyone at once; return the seconds until the last request finished."""

    async def main() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        crowd.stop_at = crowd.voters_room.stop_at = started + seconds
        await asyncio.gather(
            *(
                respondent(n, crowd, address(n), saved[n] if n < len(saved) else "")
                for n in range(respondents)
            ),
            *(
                room_module.cast_voter(n, crowd.voters_room, voter)
                for n, voter in enumerate(voters)
            ),
            *(projector(crowd) for _ in range(projectors)),
            *(staff(n, crowd, look) for n in range(staff_members)),
        )
        return loop.time() - started

    return asyncio.run(main())
