"""Render a template to PDF bytes with WeasyPrint: the same template as the web page.

    pdf_bytes = render_pdf("reports/meeting_pack.html", context, request=request)

Static files (`{% static %}` links: stylesheets, images, fonts) are read from the
staticfiles finders on disk, never fetched over HTTP, so rendering works in a Celery
worker and inside a single-threaded development server alike. Anything else that the
HTML links to is left out rather than fetched from the network.
"""

import functools
import mimetypes
from collections.abc import Sequence
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from ..selectors import holds_demo_data

PRINT_STYLESHEETS = ("css/pack.css",)


def static_path(relative: str) -> str | None:
    """The file on disk for a static path (`css/pack.css`), or None."""
    found = finders.find(relative)
    if found:
        return found
    candidate = settings.STATIC_ROOT / relative if settings.STATIC_ROOT else None
    return str(candidate) if candidate and candidate.is_file() else None


@functools.cache
def static_files_fetcher() -> type:
    """WeasyPrint's fetcher class for our PDFs, made at first use: WeasyPrint (and its
    Pango bindings) takes ~1 s to import, which no page, worker or test that draws no
    PDF should pay at start."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """WeasyPrint fetcher: static files from disk, data: URLs as usual, nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = urlparse(url).path
            if path.startswith(settings.STATIC_URL):
                found = static_path(path.removeprefix(settings.STATIC_URL))
                if found:
                    with open(found, "rb") as handle:
                        body = handle.read()
                    mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise ValueError(f"not fetched for a PDF: {url}")

    return StaticFilesFetcher


def render_pdf(
    template_name: str,
    context: dict,
    *,
    request=None,
    base_url: str | None = None,
    stylesheets: Sequence[str] = PRINT_STYLESHEETS,
) -> bytes:
    """Render `template_name` with `context` (and `pdf=True`) to PDF bytes.

    `stylesheets` are static paths applied on top of what the template links; the
    print stylesheet lays the page out for A4.
    """
    from weasyprint import CSS, HTML

    context = {"DEMO": holds_demo_data(), **context, "pdf": True}
    html = render_to_string(template_name, context, request=request)
    base_url = base_url or settings.SITE_URL.rstrip("/") + "/"
    sheets = [CSS(filename=path) for s in stylesheets if (path := static_path(s))]
    document = HTML(string=html, base_url=base_url, url_fetcher=static_files_fetcher()())
    return document.write_pdf(stylesheets=sheets)
