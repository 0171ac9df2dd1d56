"""CSP hygiene: no page needs 'unsafe-inline' — no inline <script>, no on…= handlers.

Every HTML page of the role matrix, as anonymous and as each role, with rows behind
it (the accessibility test's seed), is parsed; JSON data blocks are allowed.
"""

import pytest

from tests.matrix import WHO
from tests.pages import matrix_objects, rendered_pages, scan
from tests.test_accessibility import seed_pages


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_pages_have_no_inline_scripts_or_event_handlers(who, role_users):
    objects = matrix_objects(role_users)
    seed_pages(objects, role_users)
    offences, checked = {}, 0
    for name, url, response in rendered_pages(who, role_users, objects):
        checked += 1
        found = scan(response.content.decode())
        bad = found.inline_scripts + found.handlers + found.js_urls
        if bad:
            offences[f"{name} {url}"] = bad
        policy = response.get("Content-Security-Policy", "")
        script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
        assert policy and "unsafe-inline" not in script_src, (url, policy)
    assert checked >= (2 if who == "anon" else 8)
    assert offences == {}


def test_the_scanner_finds_what_it_should():
    html = (
        '<script src="/a.js"></script><script type="application/json">{"a": 1}</script>'
        '<script>alert(1)</script><button onclick="go()">x</button>'
        '<a href=" JavaScript:alert(1)">y</a>'
    )
    found = scan(html)
    assert found.inline_scripts == ["alert(1)"]
    assert found.handlers == ["<button onclick='go()'>"]
    assert found.js_urls == ["<a href=' JavaScript:alert(1)'>"]
