"""The checks of bench/two_servers.sh, through the load balancer at sys.argv[1].

This process plays an editor on a third machine: it writes to the same database and
cache as the two app servers, and the balancer must show the change from both at once.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from collections import Counter
from pathlib import Path

import django
import requests
from django.contrib.auth import get_user_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")  # required in production
django.setup()

# After django.setup(): models need the app registry.
from home.models import StandardPage  # noqa: E402

BASE = sys.argv[1]
SECURE_BASE = BASE.replace("http://", "https://")


def cookies_from(response: requests.Response, jar: dict[str, str]) -> dict[str, str]:
    """The cookies a browser behind the TLS proxy would keep (they are Secure, so the
    requests library would not send them over the balancer's plain HTTP)."""
    for header in response.raw.headers.getlist("Set-Cookie"):
        name, value = header.split(";", 1)[0].split("=", 1)
        jar[name] = value
    return jar


def header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def main() -> None:
    username, password = f"two-servers-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    user = get_user_model().objects.create_superuser(username, f"{username}@example.org", password)
    try:
        login(username, password)
        publish_shows_through_both(StandardPage)
    finally:
        user.delete()


def login(username: str, password: str) -> None:
    jar: dict[str, str] = {}
    form = requests.get(f"{BASE}/admin/login/", timeout=10)
    cookies_from(form, jar)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    sent = requests.post(
        f"{BASE}/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={
            "Cookie": header(jar),
            "Referer": f"{SECURE_BASE}/admin/login/",
            "Origin": SECURE_BASE,
        },
        allow_redirects=False,
        timeout=10,
    )
    cookies_from(sent, jar)
    print(f"login through the balancer: {sent.status_code} from {sent.headers['X-Upstream']}")
    served = Counter()
    for _ in range(10):
        page = requests.get(
            f"{BASE}/admin/", headers={"Cookie": header(jar)}, allow_redirects=False, timeout=10
        )
        served[(page.headers["X-Upstream"], page.status_code)] += 1
    print(f"the session on both servers (server, status: requests): {dict(served)}")
    assert {upstream for upstream, _status in served} == {"127.0.0.1:8831", "127.0.0.1:8832"}
    assert {status for _upstream, status in served} == {200}


def publish_shows_through_both(model) -> None:
    page = model.objects.live().filter(locale__language_code="en").first()
    path, title = page.get_url(), page.title
    before = Counter(
        requests.get(BASE + path, timeout=10).headers.get("X-Page-Cache", "-") for _ in range(6)
    )
    print(f"{path} before the publish, page cache (state: requests): {dict(before)}")
    try:
        page.title = f"{title} (edited elsewhere)"
        page.save_revision().publish()
        seen = Counter()
        for _ in range(8):
            response = requests.get(BASE + path, timeout=10)
            seen[(response.headers["X-Upstream"], page.title in response.text)] += 1
        print(f"after a publish by a third process (server, new title: requests): {dict(seen)}")
        assert {shown for _upstream, shown in seen} == {True}
        assert len({upstream for upstream, _shown in seen}) == 2
    finally:
        page.title = title
        page.save_revision().publish()


if __name__ == "__main__":
    main()
