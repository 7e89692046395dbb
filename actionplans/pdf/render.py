"""WeasyPrint, limited to our own static files: HTML string in, PDF bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .content import document_context


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


class StaticOnlyFetcher(URLFetcher):
    """Fetch ``data:`` URLs and files under our static folder; nothing else.

    Never our pages over HTTP, never another file on the disk.
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url[len("file://") :].split("?")[0]).resolve()
            if path.is_relative_to(static_root()) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        raise ValueError(f"Blocked URL in the PDF: {url[:80]}")


@dataclass
class RenderedPdf:
    data: bytes
    pages: int


def render_html(version) -> str:
    with translation.override(version.language or "nl"):
        return render_to_string(
            "actionplans/pdf/verbeteragenda.html", document_context(version)
        )


def render_pdf(version) -> RenderedPdf:
    html = render_html(version)
    document = HTML(
        string=html,
        base_url=static_root().as_uri() + "/",
        url_fetcher=StaticOnlyFetcher(),
    ).render(pdf_variant="pdf/ua-1")
    data = document.write_pdf(pdf_variant="pdf/ua-1")
    return RenderedPdf(data=data, pages=len(document.pages))
