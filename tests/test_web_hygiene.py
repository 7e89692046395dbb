"""Web hygiene: robots.txt, noindex, no caching of pages, compression."""

import gzip

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_robots_txt_keeps_every_crawler_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]


@pytest.mark.django_db
def test_survey_start_page_says_noindex_in_header_and_html(client, trajectory):
    url = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})

    response = client.get(url)

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_html_is_sent_gzip_compressed_when_the_browser_accepts_it(client, trajectory):
    url = reverse("surveys:start", kwargs={"public_token": trajectory.public_token})

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert html.startswith("<!DOCTYPE html>")
    assert len(response.content) < len(html.encode())


@pytest.mark.django_db
def test_html_is_plain_for_a_client_without_gzip(client):
    response = client.get(reverse("home"))

    assert "Content-Encoding" not in response
    assert response.content.decode().startswith("<!DOCTYPE html>")


@pytest.mark.django_db
def test_local_mode_serves_static_files_without_collectstatic(client):
    """``make run`` has no STATIC_ROOT: WhiteNoise finds the files in the apps."""
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)
