"""The scale benchmark's endpoints timed over HTTP, against a running gunicorn (#23).

    python -m bench.scale.http --base http://127.0.0.1:8810 --out bench/out/scale-http/1000.json

The addresses are bench/scale/measure.py's (computed from the database gunicorn serves,
so this process needs the same DATABASE_URL), without the admin report (it needs a
login) and the publication (not a request). Each is requested once to warm the workers,
then ``--runs`` times one after the other; the median wall time is kept, from the
request sent to the last byte read. With production settings and no Redis the page and
fragment caches are off, as in-process; the process-local caches (site root paths,
content types, compiled templates) stay warm, as they do in production.
bench/scale_http.sh starts gunicorn on each database and runs this.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
django.setup()

# After django.setup(): these modules import models.
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.scale.measure import endpoints  # noqa: E402

SKIPPED = ("admin translation status",)


def timed(url: str, runs: int) -> tuple[int, float]:
    """(status, median ms) of ``runs`` sequential GETs after one warm-up."""

    def get() -> int:
        try:
            with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (our own server)
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    status = get()
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        status = get()
        walls.append(time.perf_counter() - start)
    return status, round(statistics.median(walls) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="gunicorn's address, http://host:port")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, required=True, help="the database's article count")
    args = parser.parse_args()
    setup_test_environment()  # the test client reads the sitemap for the news section
    urls = endpoints(Client(HTTP_HOST="127.0.0.1"))
    results = []
    for name, path in urls.items():
        if name in SKIPPED:
            continue
        status, ms = timed(args.base.rstrip("/") + path, args.runs)
        print(f"   {name:40} {status} {ms:8.1f} ms", flush=True)
        results.append({"name": name, "url": path, "status": status, "ms": ms})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"size": args.size, "results": results}, indent=2))


if __name__ == "__main__":
    main()
