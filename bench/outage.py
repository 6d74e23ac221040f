"""Database outage drill: stop PostgreSQL under load, watch the 503s, time the recovery.

    bash bench/outage.sh      (after `make bench` has seeded alliance_bench)

Runs against a private PostgreSQL cluster (port 5499, a copy of the bench database) so
that stopping it never disturbs anything else on the machine. Prints what visitors got
before, during and after the outage, what a "Join the Alliance" submission got during
it, and how long after PostgreSQL came back the site served pages again.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import threading
import time

import requests

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8810"
CLUSTER = sys.argv[2].split("/") if len(sys.argv) > 2 else ["15", "bench"]
JOIN_PATH = sys.argv[3] if len(sys.argv) > 3 else "/en/join/"


def pg(action: str) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - fixed command, cluster named by our own script
        [  # noqa: S607 - pg_ctlcluster from Debian's postgresql-common, found on PATH
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            *CLUSTER,
            action,
            *(["-m", "fast"] if action == "stop" else []),
        ],
        check=True,
    )
    return time.monotonic() - started


def main() -> None:
    events: list[tuple[float, str, int]] = []
    stop = threading.Event()

    def poll(path: str) -> None:
        session = requests.Session()
        while not stop.is_set():
            try:
                status = session.get(BASE + path, timeout=10).status_code
            except requests.RequestException:
                status = 0
            events.append((time.monotonic(), path, status))
            time.sleep(0.05)

    # A join form fetched before the outage (session, CSRF token), sent during it.
    join = requests.Session()
    form = join.get(BASE + JOIN_PATH, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)

    threads = [threading.Thread(target=poll, args=(p,)) for p in ("/en/", "/en/", "/readyz")]
    for thread in threads:
        thread.start()
    time.sleep(5)
    down_at = time.monotonic()
    pg("stop")
    print(f"PostgreSQL stopped at t+{down_at - events[0][0]:.1f}s")
    time.sleep(2)
    page = requests.get(BASE + "/en/", timeout=10)
    leaked = "Traceback" in page.text
    print(f"during the outage: GET /en/ -> {page.status_code}; Traceback in body: {leaked}")
    print("  page text:", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text)).strip()[:300])
    # A page the shared caches cannot answer: a search never made before.
    needs_db = requests.get(BASE + f"/en/search/?q=outage{int(time.time())}", timeout=10)
    leaked = "Traceback" in needs_db.text
    print(f"  GET a new search -> {needs_db.status_code}; Traceback in body: {leaked}")
    print("  page text:", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", needs_db.text)).strip()[:300])
    ready = requests.get(BASE + "/readyz", timeout=10)
    print(f"  /readyz -> {ready.status_code} {ready.text}")
    if token:
        # Production cookies are Secure: behave like a browser behind the TLS proxy.
        cookie = "; ".join(f"{c.name}={c.value}" for c in join.cookies)
        sent = requests.post(
            BASE + JOIN_PATH,
            data={"csrfmiddlewaretoken": token.group(1), "authority_name": "Outage test town"},
            headers={
                "Cookie": cookie,
                "X-Forwarded-Proto": "https",
                "Referer": BASE.replace("http://", "https://") + JOIN_PATH,
            },
            timeout=10,
        )
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", sent.text)).strip()
        print(f"  join form POST -> {sent.status_code}: {text[:250]}")
    time.sleep(5)
    up_started = time.monotonic()
    pg("start")
    up_at = time.monotonic()
    print(f"PostgreSQL restarted (pg_ctlcluster took {up_at - up_started:.1f}s)")
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join()

    first_ok = min(
        (t for t, path, status in events if path == "/en/" and status == 200 and t > up_at),
        default=None,
    )
    phases = {"before": [], "outage": [], "after": []}
    for t, path, status in events:
        if path != "/en/":
            continue
        phase = "before" if t < down_at else "outage" if t < up_at else "after"
        phases[phase].append(status)
    for phase, statuses in phases.items():
        print(f"{phase:7} GET /en/: {dict(collections.Counter(statuses))}")
    if first_ok is None:
        print("the site did NOT recover")
        sys.exit(1)
    print(f"site served 200 again {first_ok - up_at:.2f}s after PostgreSQL was back, no restart")
    errors = [s for t, p, s in events if p == "/en/" and s not in (200, 503)]
    print(f"responses other than 200/503 during the drill: {len(errors)}")


if __name__ == "__main__":
    main()
