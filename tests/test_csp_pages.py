"""Every HTML page of the permission matrix keeps to the strict CSP.

The policy forbids inline code (see ``CONTENT_SECURITY_POLICY``); a browser
silently drops what breaks it. So every page, as every role, must send the
header and hold no inline ``<script>``, no ``<style>`` element, no ``style=""``
attribute and no ``on...=`` handler: those belong in static CSS and JS.
"""

from html.parser import HTMLParser

import pytest

from tests.conftest import ROLES
from tests.test_url_permissions import CASES
from tests.test_url_permissions import case_url

GET_CASES = [case for case in CASES if case[3] == "get"]


class InlineCodeFinder(HTMLParser):
    """Collects every piece of inline script or style in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.loads_htmx = False
        self.htmx_without_styles = False

    def handle_starttag(self, tag, attrs):
        names = {name.lower(): value for name, value in attrs}
        if tag == "script" and "htmx" in (names.get("src") or ""):
            self.loads_htmx = True
        if tag == "meta" and names.get("name") == "htmx-config":
            config = (names.get("content") or "").replace(" ", "")
            self.htmx_without_styles = '"includeIndicatorStyles":false' in config
        if tag == "script" and not names.get("src"):
            # Data blocks (JSON for a script) are not executed.
            if (names.get("type") or "").lower() not in {"application/json"}:
                self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        if "style" in names:
            self.found.append(f'<{tag} style="{names["style"]}">')
        for name in names:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
        for name in ("href", "src", "action", "formaction"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    if finder.loads_htmx and not finder.htmx_without_styles:
        # htmx adds a <style> element at run time unless its config says not to.
        finder.found.append("htmx without includeIndicatorStyles: false")
    return finder.found


def test_the_finder_finds_inline_code():
    page = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<style>p{}</style><a href="javascript:x()">b</a>'
        '<script src="/static/js/a.js"></script>'
        '<script type="application/json">{}</script>'
    )

    assert len(inline_code(page)) == 5
    htmx = '<script src="/static/django-htmx/htmx.min.js"></script>'
    assert inline_code(htmx) == ["htmx without includeIndicatorStyles: false"]
    config = """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>"""
    assert inline_code(config + htmx) == []


def _policy(response) -> str:
    return response.get("Content-Security-Policy", "")


@pytest.mark.parametrize(
    ("name", "kwargs_fn", "expected", "method"),
    GET_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(GET_CASES)],
)
def test_every_html_page_keeps_to_the_strict_csp(
    name,
    kwargs_fn,
    expected,
    method,
    client_for,
    trajectory,
    other_trajectory,
    region,
    users_by_role,
):
    url = case_url(
        name,
        kwargs_fn,
        trajectory=trajectory,
        other_trajectory=other_trajectory,
        region=region,
        users=users_by_role,
    )
    seen = 0
    for role in ROLES:
        response = client_for(role).get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        policy = _policy(response)
        assert "default-src 'self'" in policy, (role, url, policy)
        assert "script-src 'self'" in policy, (role, url, policy)
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        found = inline_code(response.content.decode())
        assert not found, (role, url, response.status_code, found)
        seen += response.status_code == 200
    # Where a role may open the page, its HTML was checked.
    if expected.get("staff") == 200 and name not in NOT_HTML:
        assert seen, url


# Pages that answer 200 with something other than HTML.
NOT_HTML = {
    "healthz",
    "robots_txt",
    "surveys:survey_qr_svg",
    "surveys:survey_qr_png",
    "surveys:results_export_xlsx",
    "surveys:results_export_csv",
    "surveys:responses_export_xlsx",
    "surveys:responses_export_csv",
    "meetings:rsvp_ics",
    "voting:round_qr",
    "actionplans:trajectory_export",
}
