"""Issue #15's attacks replayed over real HTTP against a production-settings server.

Run by bench/attack.sh, which makes the targets (bench/attack/setup.py) and starts
gunicorn. Each finding of the issue that can be seen from outside is tried again, the way
the attacker did it, and reported as "held" or "BROKE" with what was seen; the bad-input
part sends a few thousand generated requests to every API parameter. Findings that need
the admin's forms (four eyes, exports, the join confirmation) are proven by
tests/cms/security/ instead and say so here.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8820"
TARGETS = json.loads(
    Path(sys.argv[2] if len(sys.argv) > 2 else "bench/out/attack.json").read_text()
)
HTTPS = {"X-Forwarded-Proto": "https"}


@dataclass
class Tally:
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def send(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {**HTTPS, **kwargs.pop("headers", {})}
        response = requests.request(
            method, BASE + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        self.requests += 1
        self.statuses[response.status_code // 100 * 100] += 1
        return response

    def record(self, finding: str, held: bool, seen: str) -> None:
        self.rows.append((finding, "held" if held else "BROKE", seen))


def bearer(token: str, scheme: str = "Bearer") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


def page_live(tally: Tally, page_id: int) -> bool:
    response = tally.send("GET", f"/api/v2/pages/{page_id}/")
    return response.status_code == 200


def try_publish_variants(tally: Tally) -> None:
    reviewer = TARGETS["reviewer_token"]
    draft = TARGETS["draft"]
    attempts = [
        ("POST", f"/api/v3/pages/+{draft}/actions/publish/", bearer(reviewer)),
        ("POST", f"/api/v3/pages/{draft}.0/actions/publish/", bearer(reviewer)),
        ("POST", f"/api/v3/pages/{draft}/actions/publish/", bearer(reviewer, "bearer")),
        ("POST", f"/api/v3/pages/{draft}/actions/publish/", bearer(reviewer)),
    ]
    seen = []
    for method, path, headers in attempts:
        response = tally.send(method, path, headers=headers, json={})
        seen.append(str(response.status_code))
    tally.record(
        "1. Reviewer publishes a draft through API v3 (+id, id.0, lower-case scheme, plain)",
        not page_live(tally, draft),
        "statuses " + "/".join(seen) + "; draft still not live",
    )
    live = TARGETS["live"]
    response = tally.send("DELETE", f"/api/v3/pages/+{live}/", headers=bearer(reviewer))
    tally.record(
        "1. Reviewer deletes a live page (DELETE /api/v3/pages/+id/)",
        page_live(tally, live),
        f"status {response.status_code}; page still live",
    )
    response = tally.send(
        "POST",
        f"/api/v3/pages/{live}/actions/copy/",
        headers=bearer(reviewer),
        json={"keep_live": True, "new_slug": "attack-live-copy", "new_title": "Copy"},
    )
    tally.record(
        "1. Reviewer makes a live copy (actions/copy/ keep_live)",
        response.status_code >= 400,
        f"status {response.status_code}",
    )


def try_snippet_publish(tally: Tally) -> None:
    topic = TARGETS["topic"]
    response = tally.send(
        "POST",
        f"/api/v3/snippets/articles.Topic/{topic}/actions/publish/",
        headers=bearer(TARGETS["reviewer_token"]),
        json={},
    )
    public = tally.send("GET", f"/api/v3/snippets/articles.Topic/{topic}/")
    tally.record(
        "2. Reviewer publishes an Editor's topic draft (API v3 snippets)",
        response.status_code >= 400 and public.status_code != 200,
        f"status {response.status_code}; anonymous read of the topic {public.status_code}",
    )


def try_privacy(tally: Tally) -> None:
    child = TARGETS["protected_child"]
    response = tally.send(
        "POST",
        f"/api/v3/pages/{child}/actions/move/",
        headers=bearer(TARGETS["reviewer_token"]),
        json={"destination_id": TARGETS["home"]},
    )
    still = tally.send("GET", f"/api/v2/pages/{child}/")
    tally.record(
        "4. Reviewer moves a password-protected child out of its parent (API v3 move)",
        response.status_code >= 400 and still.status_code == 404,
        f"status {response.status_code}; anonymous API v2 read {still.status_code}",
    )


def try_library_edit(tally: Tally) -> None:
    image = TARGETS["used_image"]
    if image is None:
        tally.record("5. Editor changes a live image's caption", False, "no image in use found")
        return
    response = tally.send(
        "PATCH",
        f"/api/v3/images/{image}/",
        headers=bearer(TARGETS["editor_token"]),
        json={"title": "Changed by an attacker"},
    )
    tally.record(
        "5. Editor changes an image shown on a live page (PATCH /api/v3/images/id/)",
        response.status_code >= 400,
        f"status {response.status_code}",
    )


def try_private_media(tally: Tally) -> None:
    seen = {}
    for name in ("document_file", "private_image_file"):
        seen[name] = tally.send("GET", TARGETS[name]).status_code
    view = tally.send("GET", TARGETS["document_url"]).status_code
    tally.record(
        "6. Private document and private original image by their public file URLs",
        all(status >= 400 for status in seen.values()) and view != 200,
        f"file URLs {seen['document_file']}/{seen['private_image_file']}; serve view {view}",
    )


def try_page_password(tally: Tally) -> None:
    url = TARGETS["protected_url"]
    page = tally.send("GET", url)
    action = page.text.split('action="', 1)[1].split('"', 1)[0] if 'action="' in page.text else ""
    statuses = []
    for guess in range(15):
        cookies = dict(page.cookies)
        token = cookies.get("csrftoken", "")
        response = tally.send(
            "POST",
            action,
            data={"password": f"guess-{guess}", "return_url": url, "csrfmiddlewaretoken": token},
            headers={"Cookie": f"csrftoken={token}", "Referer": BASE.replace("http:", "https:")},
        )
        statuses.append(response.status_code)
    throttled = any(status == 429 for status in statuses)
    tally.record(
        "9. 15 wrong page-password guesses",
        throttled,
        "statuses " + ",".join(str(status) for status in statuses),
    )


BAD_VALUES = [
    "abc",
    "-1",
    "1.5",
    "99999999999999999999",
    "%00",
    "a%00b",
    "'",
    '"',
    "*",
    "[]",
    "{}",
    "%ff",
    "x" * 3000,
    "",
    "0",
    "null",
]
V2_PARAMS = [
    "offset",
    "limit",
    "type",
    "fields",
    "order",
    "search",
    "search_operator",
    "locale",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "id",
    "slug",
    "html_path",
    "site",
    "tags",
]
V2_ENDPOINTS = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/", "/api/v2/pages/find/"]
V3_ENDPOINTS = ["/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/", "/api/v3/sites/"]
V3_PARAMS = ["offset", "limit", "search", "type", "locale", "child_of", "order", "fields", "slug"]


def try_bad_input(tally: Tally) -> None:
    failures: list[str] = []
    identities: list[tuple[str, dict[str, str]]] = [
        ("anonymous", {}),
        ("editor", bearer(TARGETS["editor_token"])),
    ]
    cases = itertools.chain(
        itertools.product(V2_ENDPOINTS, V2_PARAMS, BAD_VALUES),
        itertools.product(V3_ENDPOINTS, V3_PARAMS, BAD_VALUES),
    )
    for endpoint, param, value in cases:
        for who, headers in identities:
            path = f"{endpoint}?{param}={value}"
            response = tally.send("GET", path, headers=headers)
            if response.status_code >= 500:
                failures.append(f"{who} {path[:80]} -> {response.status_code}")
    for path in ("/api/v3/pages/+1/", "/api/v3/pages/1.0/", "/api/v3/pages/99999999999999999999/"):
        response = tally.send("GET", path)
        if response.status_code >= 500:
            failures.append(f"anonymous {path} -> {response.status_code}")
    tally.record(
        "11. Bad input on every API parameter (anonymous and Editor)",
        not failures,
        f"{len(failures)} server errors" + (": " + "; ".join(failures[:5]) if failures else ""),
    )


def try_small_ones(tally: Tally) -> None:
    home = tally.send("GET", "/en/")
    frame = home.headers.get("X-Frame-Options", "")
    csp = home.headers.get("Content-Security-Policy", "")
    tally.record(
        "X-Frame-Options agrees with CSP frame-ancestors",
        frame.upper() != "DENY" or "frame-ancestors 'none'" in csp,
        f"X-Frame-Options {frame or '-'}",
    )
    first = tally.send("GET", "/api/v2/pages/", headers={"Origin": "https://one.example"})
    second = tally.send("GET", "/api/v2/pages/", headers={"Origin": "https://two.example"})
    allowed = second.headers.get("Access-Control-Allow-Origin", "")
    tally.record(
        "Cached API response for an allowed origin is not served to another origin",
        "origin" in second.headers.get("Vary", "").lower() and "one.example" not in allowed,
        f"Vary: {second.headers.get('Vary', '-')}; first {first.status_code}",
    )
    members = tally.send("GET", TARGETS["members_only_url"])
    tally.record(
        "Login-only page to an anonymous visitor",
        members.status_code in (302, 401, 403),
        f"status {members.status_code}",
    )


CHECKS: list[Callable[[Tally], None]] = [
    try_publish_variants,
    try_snippet_publish,
    try_privacy,
    try_library_edit,
    try_private_media,
    try_page_password,
    try_bad_input,
    try_small_ones,
]


def main() -> None:
    tally = Tally()
    for check in CHECKS:
        try:
            check(tally)
        except Exception as error:  # a drill reports, it does not stop at the first surprise
            tally.record(check.__name__, False, f"drill error: {error!r}"[:200])
    width = max(len(row[0]) for row in tally.rows)
    for finding, verdict, seen in tally.rows:
        print(f"{verdict:5}  {finding:<{width}}  {seen}")
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(tally.statuses.items()))
    print(f"\n{tally.requests} requests ({statuses})")
    broke = sum(1 for row in tally.rows if row[1] == "BROKE")
    print(f"{len(tally.rows) - broke} held, {broke} broke")
    sys.exit(1 if broke else 0)


if __name__ == "__main__":
    main()
