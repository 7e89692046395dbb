"""The base layout: local assets only, skip link and landmarks on every page."""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse


class AssetParser(HTMLParser):
    """Collect script sources, link targets and the landmark elements."""

    def __init__(self):
        super().__init__()
        self.assets = []
        self.tags = []
        self.first_link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.assets.append(attrs["href"])
        if tag == "a" and self.first_link is None:
            self.first_link = attrs


def parse(response):
    parser = AssetParser()
    parser.feed(response.content.decode())
    return parser


# (url name, kwargs builder, role)
PAGES = [
    ("home", None, "anonymous"),
    ("account_login", None, "anonymous"),
    ("account_reset_password", None, "anonymous"),
    ("account_request_login_code", None, "anonymous"),
    ("dashboard", None, "coordinator"),
    ("regions:region_list", None, "coordinator"),
    ("regions:region_detail", lambda ctx: {"code": ctx["region"].code}, "coordinator"),
    (
        "regions:trajectory_detail",
        lambda ctx: {"pk": ctx["trajectory"].pk},
        "coordinator",
    ),
    ("regions:invitation_create", None, "staff"),
]


@pytest.fixture(params=PAGES, ids=[page[0] for page in PAGES])
def page_response(request, client_for, region, trajectory):
    name, kwargs_fn, role = request.param
    ctx = {"region": region, "trajectory": trajectory}
    response = client_for(role).get(
        reverse(name, kwargs=kwargs_fn(ctx) if kwargs_fn else None)
    )
    assert response.status_code == 200
    return response


def test_page_loads_no_script_or_stylesheet_from_another_host(page_response):
    assets = parse(page_response).assets

    assert assets, "expected the page to load Bootstrap and the site stylesheet"
    external = [url for url in assets if url.startswith(("http:", "https:", "//"))]
    assert external == []


def test_page_assets_are_files_the_project_serves(page_response):
    for url in parse(page_response).assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


def test_page_uses_the_bootstrap_shipped_with_the_project(page_response):
    assets = parse(page_response).assets

    assert "/static/bootstrap/css/bootstrap.min.css" in assets
    assert "/static/bootstrap/js/bootstrap.bundle.min.js" in assets


def test_page_starts_with_a_skip_link_to_the_main_content(page_response):
    parser = parse(page_response)

    assert parser.first_link["href"] == "#main"
    assert ("main", {"id": "main", "tabindex": "-1"}) in [
        (tag, {k: v for k, v in attrs.items() if k in {"id", "tabindex"}})
        for tag, attrs in parser.tags
    ]


def test_page_has_header_navigation_main_and_footer_landmarks(page_response):
    tags = [tag for tag, _attrs in parse(page_response).tags]

    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) >= 1, landmark
    assert tags.count("main") == 1


def test_page_has_exactly_one_h1(page_response):
    tags = [tag for tag, _attrs in parse(page_response).tags]

    assert tags.count("h1") == 1


@pytest.mark.django_db
def test_error_page_uses_the_layout_too(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert parse(response).first_link["href"] == "#main"
