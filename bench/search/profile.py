"""Where a search request spends its time: SQL statement by statement, then Python.

Runs against a database already seeded by bench/search/run.py:

    DATABASE_URL=postgres://… .venv/bin/python bench/search/profile.py "/en/search/?q=housing"

Prints each SQL statement with its duration (``--explain`` adds EXPLAIN ANALYZE of the
slowest ones) and writes a pyinstrument profile of the same request to bench/out/.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

try:  # a development tool: without it, the SQL timings only
    from pyinstrument import Profiler
except ImportError:
    Profiler = None


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN the N slowest")
    parser.add_argument("--repeat", type=int, default=20, help="requests for the profile")
    args = parser.parse_args()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    for url in args.urls:
        client.get(url)  # warm-up
        timings = []
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url)
            total = (time.perf_counter() - started) * 1000
        sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
        print(f"\n== {url}: {total:.1f} ms, {len(captured)} queries, {sql_ms:.1f} ms in SQL")
        for query in captured.captured_queries:
            timings.append((float(query["time"]) * 1000, query["sql"]))
            print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
        for ms, sql in sorted(timings, reverse=True)[: args.explain]:
            print(f"\n-- {ms:.1f} ms\n{sql}\n{explain(sql)}")
        if Profiler is None:
            continue
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.repeat):
                client.get(url)
        out = Path(__file__).resolve().parents[1] / "out"
        out.mkdir(exist_ok=True)
        name = "".join(char if char.isalnum() else "_" for char in url)[:80]
        (out / f"search_{name}.txt").write_text(
            profiler.output_text(unicode=True, color=False, show_all=False)
        )
        print(f"profile: bench/out/search_{name}.txt")


if __name__ == "__main__":
    main()
