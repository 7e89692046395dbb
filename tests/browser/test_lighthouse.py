"""Survey and voter pages stay light on a slow phone: Lighthouse 12, mobile.

Lighthouse runs in its default mode (a phone's screen, simulated slow 4G and
a four times slower CPU) on a production-like live server: DEBUG off, the
static files collected with content hashes and gzip copies and served by
WhiteNoise with its cache headers, the HTML gzipped. The pages: a survey's
start page, a step with statements (an adult's and a child's) and the voter
page of an open voting round. Performance must stay at 95 or more and
accessibility at 100; best practices and SEO are asserted too (SEO is not
100 on purpose: the pages say ``noindex``, which Lighthouse counts against
them).

Lighthouse is a Node package in ``tools/lighthouse`` (``make setup-test``
runs ``npm ci`` there); without Node or that folder the test skips locally
and fails in CI.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings
from django.urls import reverse

from regions.models import Trajectory
from sessions_app.voting.limits import cookie_name
from sessions_app.voting.services import voter_join
from tests.conftest import IN_CI
from tests.sessions_app.factories import round_with_topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHTHOUSE_DIR = Path(__file__).resolve().parents[2] / "tools" / "lighthouse"
RUNNER = LIGHTHOUSE_DIR / "run.mjs"
CHROMIUM = Path("/usr/bin/chromium")
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The static folders of installed packages, left out of collectstatic here.
PACKAGES_STATIC = ["admin", "bootstrap", "django_htmx", "account"]
MIN_PERFORMANCE = 95
# A page under MIN_PERFORMANCE is measured twice more and judged by the median
# of its three runs: the simulated slow CPU multiplies what the real one took,
# which on a busy machine (a parallel test run) is sometimes much longer.
RUNS_WHEN_SLOW = 3
# SEO audits the pages fail on purpose: they must not be indexed (their URLs
# hold survey tokens), so a description for search results has no use.
SEO_ACCEPTED = {"is-crawlable", "meta-description"}


def _missing_tools() -> str:
    node = shutil.which("node")
    if node is None:
        return "node is not installed (Debian package nodejs)"
    if not (LIGHTHOUSE_DIR / "node_modules" / "lighthouse").is_dir():
        return f"Lighthouse is not installed: run `npm ci` in {LIGHTHOUSE_DIR}"
    if not CHROMIUM.exists():
        return "chromium is not installed"
    return ""


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """``collectstatic`` as a deploy runs it: hashed names and compressed copies.

    Only the project's own static files: compressing the packages' (the
    admin's, Bootstrap's 24 MB with its sources) takes minutes. The manifest
    is strict, so a page under test that links one of the left-out files
    (the full Bootstrap bundle, say) fails with an error instead of loading.
    """
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command(
            "collectstatic",
            "--noinput",
            *[f"--ignore={package}" for package in PACKAGES_STATIC],
            verbosity=0,
        )
    return root


@pytest.fixture
def production_server(settings, collected_static):
    """A live server whose static files go through WhiteNoise as in production.

    pytest-django's ``live_server`` serves them with Django's
    ``StaticFilesHandler`` instead: uncompressed and without cache headers.
    """
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = PRODUCTION_STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection
    thread = LiveServerThread("127.0.0.1", lambda app: app, shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


# Lighthouse's own trace errors ("Something went wrong with recording the
# trace ... Please run Lighthouse again"), seen on a busy machine: the page is
# measured again, at most this many times. Any other error fails at once.
RUN_AGAIN_ON = (
    "NO_NAVSTART",
    "NO_FCP",
    "NO_TRACING_STARTED",
    "Please run Lighthouse again",
)
TRACE_RETRIES = 2


def _lighthouse(runs: list[tuple[str, str]]) -> dict:
    """Lighthouse on each (url, cookie header) pair; trace errors run again."""
    results = _lighthouse_once(runs)
    for _retry in range(TRACE_RETRIES):
        again = [
            (url, cookie)
            for url, cookie in runs
            if any(sign in str(results[url].get("error", "")) for sign in RUN_AGAIN_ON)
        ]
        if not again:
            break
        results.update(_lighthouse_once(again))
    for url, _cookie in runs:
        assert "error" not in results[url], results[url]
        assert results[url]["finalUrl"] == url, results[url]
    return results


def _lighthouse_once(runs: list[tuple[str, str]]) -> dict:
    """Lighthouse on each (url, cookie header) pair, in one Chromium."""
    args = [shutil.which("node") or "node", str(RUNNER)]
    for url, cookie in runs:
        if cookie:
            args += ["--header", f"Cookie: {cookie}"]
        args.append(url)
    completed = subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        cwd=LIGHTHOUSE_DIR,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout)


def _survey_step(client, trajectory, role: str) -> str:
    """The first page of statements of a new draft as ``role``."""
    start = client.post(
        reverse(
            "surveys:start_role",
            kwargs={"public_token": trajectory.public_token, "role": role},
        )
    )
    match = re.search(r"/vragenlijst/([^/]+)/", start["Location"])
    assert match, start["Location"]
    url = reverse("surveys:step", kwargs={"token": match.group(1), "step": 1})
    assert 'id="survey-theme"' in client.get(url).text, role
    return url


def _voter_page(client, trajectory) -> tuple[str, str]:
    """The voter page of an open round, with the cookie of a voter who joined."""
    voting_round, _topics = round_with_topics(trajectory, count=5)
    token = voter_join(voting_round=voting_round, role="ouder")
    name = cookie_name(voting_round.code)
    url = reverse("voting:ballot", kwargs={"code": voting_round.code})
    client.cookies[name] = token
    assert 'id="left"' in client.get(url).text
    return url, f"{name}={token}"


def test_survey_and_voter_pages_score_well_on_a_slow_phone(
    client, production_server, trajectory
):
    reason = _missing_tools()
    if reason:
        if IN_CI:
            pytest.fail(f"Lighthouse cannot run in CI: {reason}")
        pytest.skip(reason)
    trajectory.phase = Trajectory.Phase.VRAGENLIJST_OPEN
    trajectory.save()
    start = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})
    pages = {
        "survey start": (production_server + start, ""),
        "statements (adult)": (
            production_server + _survey_step(client, trajectory, "pleegouder"),
            "",
        ),
        "statements (child)": (
            production_server + _survey_step(client, trajectory, "pleegkind"),
            "",
        ),
    }
    voter_url, voter_cookie = _voter_page(client, trajectory)
    pages["voter page"] = (production_server + voter_url, voter_cookie)

    results = _lighthouse(list(pages.values()))
    runs = {name: [results[url]] for name, (url, _cookie) in pages.items()}
    slow = [n for n in pages if runs[n][0]["scores"]["performance"] < MIN_PERFORMANCE]
    for _again in range(RUNS_WHEN_SLOW - 1 if slow else 0):
        again = _lighthouse([pages[name] for name in slow])
        for name in slow:
            runs[name].append(again[pages[name][0]])

    scores = {}
    for name, page_runs in runs.items():
        performance = sorted(run["scores"]["performance"] for run in page_runs)
        scores[name] = {
            **page_runs[0]["scores"],
            "performance": performance[len(performance) // 2],
        }
        print(name, json.dumps(page_runs))  # noqa: T201 (shown with -s)
    too_slow = {
        name: [(run["metrics"], run["failed"]["performance"]) for run in runs[name]]
        for name in pages
        if scores[name]["performance"] < MIN_PERFORMANCE
    }
    assert too_slow == {}, scores
    for name, page_runs in runs.items():
        failed = page_runs[0]["failed"]
        assert scores[name]["accessibility"] == 100, (name, failed["accessibility"])
        assert scores[name]["best-practices"] == 100, (name, failed)
        seo_failed = {audit.split(":")[0] for audit in failed["seo"]}
        assert seo_failed <= SEO_ACCEPTED, (name, failed["seo"])
