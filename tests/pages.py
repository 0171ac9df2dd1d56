"""Every HTML page of the role matrix as one role sees it, and checks on its markup.

Shared by tests/test_csp.py (no inline script, no event handlers) and tests/test_xss.py
(payloads in every free-text field come back escaped).
"""

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from tests.matrix import ANON
from tests.test_role_matrix import MODULES, ROUTES

# Machine-readable endpoints, not pages a person reads.
NOT_PAGES = {"healthz", "api-schema", "api-docs", "api-me"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def matrix_objects(users: dict) -> dict:
    """The objects every matrix module needs, keyed by module."""
    return {module: MODULES[module].objects(users) for module in MODULES}


def page_urls(who: str, objects: dict) -> list[tuple[str, str]]:
    """(route name, url) of every GET route that answers 200 for `who`."""
    seen, urls = set(), []
    for module, route in ROUTES:
        if route.method != "get" or route.expect[who] != 200 or route.name in NOT_PAGES:
            continue
        url = reverse(route.name, kwargs=route.kwargs(objects[module]) if route.kwargs else None)
        if route.query:
            url = f"{url}?{route.query}"
        if url not in seen:
            seen.add(url)
            urls.append((route.name, url))
    return urls


def rendered_pages(who: str, users: dict, objects: dict):
    """Yield (route name, url, response) for every page; downloads are skipped."""
    client = Client()
    if who != ANON:
        client.force_login(users[who])
    for name, url in page_urls(who, objects):
        response = client.get(url)
        assert response.status_code == 200, (who, name, url, response.status_code)
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html") or response.has_header("Content-Disposition"):
            continue
        yield name, url, response


class MarkupScan(HTMLParser):
    """Collects inline scripts, event-handler attributes and `javascript:` URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.script_texts: list[str] = []
        self._in_script = False
        self._inline = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.js_urls.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
            kind = (attrs.get("type") or "").lower()
            self._inline = "src" not in attrs and kind not in DATA_SCRIPT_TYPES
            if self._inline:
                self.inline_scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_texts.append(data)
            if self._inline:
                self.inline_scripts[-1] += data.strip()[:120]


def scan(html: str) -> MarkupScan:
    parser = MarkupScan()
    parser.feed(html)
    parser.close()
    return parser
