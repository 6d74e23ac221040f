"""PostgreSQL buffers each endpoint touches, per size: a figure the machine's load leaves alone.

    python -m bench.scale.buffers --out bench/out/scale-buffers/50000.json
    python -m bench.scale.buffers --compare bench/out/scale-buffers/1000.json \\
        bench/out/scale-buffers/50000.json

On a shared machine wall times vary by ±50 % between runs (docs/operations.md#scale);
the pages of PostgreSQL's buffer cache a query reads do not. Each endpoint of
bench/scale/measure.py is requested once with the caches cleared, and every SELECT it
sent is run again under ``EXPLAIN (ANALYZE, BUFFERS)``: the sum of the shared buffers
(hit + read) and of the execution times, and the heaviest statement, are kept. A count
that grows with the content names the query to look at. Run with the environment of
bench/scale.sh (production settings, DATABASE_URL of a seeded database).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.scale.measure import ADMIN_USERNAME, endpoints  # noqa: E402
from bench.scale.run import _label  # noqa: E402


def measure() -> dict[str, dict]:
    """Buffers, execution ms and the heaviest SELECT of each endpoint."""
    client = Client(HTTP_HOST="127.0.0.1")
    found = {}
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        for name, url in endpoints(client).items():
            if url.startswith("/admin/"):
                admin, _ = get_user_model().objects.get_or_create(
                    username=ADMIN_USERNAME, defaults={"is_superuser": True, "is_staff": True}
                )
                client.force_login(admin)
            else:
                client.logout()
            client.get(url)  # warm-up
            for alias in caches:
                caches[alias].clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            plans = [_explain(q["sql"]) for q in queries.captured_queries if _is_read(q["sql"])]
            heaviest = max(plans, default=(0, 0.0, ""))
            found[_label({"name": name})] = {
                "buffers": sum(plan[0] for plan in plans),
                "ms": round(sum(plan[1] for plan in plans), 1),
                "heaviest": {"buffers": heaviest[0], "ms": heaviest[1], "sql": heaviest[2]},
            }
    return found


def _is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def _explain(sql: str) -> tuple[int, float, str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]
    top = plan["Plan"]
    buffers = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
    return buffers, round(plan["Execution Time"], 2), sql


def compare(small: dict, large: dict) -> str:
    """The Markdown table of two sizes' buffers, with the growth."""
    lines = [
        "| endpoint | buffers (small) | buffers (large) | growth | SQL ms (small → large) |",
        "|---|---|---|---|---|",
    ]
    for name, row in large.items():
        base = small.get(name)
        if base is None:
            continue
        growth = f"{row['buffers'] / base['buffers']:.1f}x" if base["buffers"] else "-"
        lines.append(
            f"| {name} | {base['buffers']:,} | {row['buffers']:,} | {growth} "
            f"| {base['ms']:.1f} → {row['ms']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="where this database's figures go")
    parser.add_argument("--compare", type=Path, nargs=2, help="two sizes' files: the table")
    args = parser.parse_args()
    if args.compare:
        small, large = (json.loads(path.read_text()) for path in args.compare)
        print(compare(small, large))
        return
    setup_test_environment()
    found = measure()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(found, indent=2))
    for name, row in found.items():
        print(f"{name:40} {row['buffers']:8,} buffers {row['ms']:8.1f} ms")


if __name__ == "__main__":
    main()
