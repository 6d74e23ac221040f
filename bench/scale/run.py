"""The scale benchmark of issue #23: grow the demo, time every endpoint, compare sizes.

    python -m bench.scale.run --sizes 1000 10000 50000 --participants 200 500 1000
    python -m bench.scale.run --table            # the table of the sizes already measured
    python -m bench.scale.run --table --out r1 r2 r3   # the medians of several rounds

For each size the database is grown to that many English articles (bench/scale/seeder.py;
a size already reached is not seeded again) and every endpoint is measured in-process
(bench/scale/measure.py); the results go to bench/out/scale/<size>.json and the
Markdown table, with each endpoint's growth between the smallest and the largest size,
is printed at the end. bench/scale.sh runs it on PostgreSQL with the production settings.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")  # required in production
django.setup()

# After django.setup(): these modules import models, which need the app registry.
from django.test.utils import setup_test_environment  # noqa: E402

from bench.scale.measure import as_dicts, measure_all, remove_published  # noqa: E402
from bench.scale.seeder import grow  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "out" / "scale"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 50_000])
    parser.add_argument("--participants", type=int, nargs="*", default=[200, 500, 1000])
    parser.add_argument("--only", default="", help="comma-separated endpoint names")
    parser.add_argument("--table", action="store_true", help="only print the saved table")
    parser.add_argument(
        "--out", type=Path, nargs="+", default=[OUT], help="with --table, several rounds"
    )
    args = parser.parse_args()
    if not args.table:
        args.out = args.out[0]
        args.out.mkdir(parents=True, exist_ok=True)
        setup_test_environment()
        only = {name.strip() for name in args.only.split(",") if name.strip()}
        people = args.participants + [args.participants[-1]] * len(args.sizes)
        for size, participants in zip(args.sizes, people, strict=False):
            print(f"== {size} articles, {participants} participants", flush=True)
            grown = grow(size, participants, log=lambda line: print(line, flush=True))
            if grown.articles:
                print(
                    f"   seeded {grown.articles} articles, {grown.participants} participants, "
                    f"{grown.translations} French translations in {grown.seconds:.0f} s "
                    f"({grown.articles_per_second:.0f} articles/s)",
                    flush=True,
                )
            results = measure_all(only or None)
            remove_published()
            for result in results:
                print(
                    f"   {result.name:40} {result.status} {result.ms:8.1f} ms {result.queries:4} q"
                )
            record = {"size": size, "participants": participants, "commit": _commit()}
            record["seeding"] = {"articles": grown.articles, "seconds": round(grown.seconds, 1)}
            record["results"] = as_dicts(results)
            (args.out / f"{size}.json").write_text(json.dumps(record, indent=2))
    print(table(*([args.out] if isinstance(args.out, Path) else args.out)))


def _commit() -> str:
    """The measured code's commit: SCALE_COMMIT (a copy made with git archive), or HEAD."""
    if os.environ.get("SCALE_COMMIT"):
        return os.environ["SCALE_COMMIT"]
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 (the developer's git)
        cwd=root,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def table(*directories: Path) -> str:
    """Median wall ms (CPU ms of this process + of PostgreSQL) and queries per endpoint
    and size; the growth is the largest size's over the smallest's, wall and CPU. With
    several directories (rounds of the same sizes, measured one after the other on a
    loaded machine), each figure is the median of the rounds'."""
    by_size: dict[int, list[dict]] = {}
    for directory in directories:
        for path in directory.glob("*.json"):
            record = json.loads(path.read_text())
            by_size.setdefault(record["size"], []).append(record)
    records = [_median_record(by_size[size]) for size in sorted(by_size)]
    if not records:
        return "no measurements yet"
    sizes = [f"{record['size'] / 1000:g}k" for record in records]
    header = "| endpoint | " + " | ".join(f"{s} ms (CPU app + DB) | {s} q" for s in sizes)
    lines = [header + " | growth wall / CPU | queries |", "|---" * (2 * len(sizes) + 3) + "|"]
    names = list(dict.fromkeys(_label(r) for record in records for r in record["results"]))
    for name in names:
        cells, found = [], []
        for record in records:
            row = next((r for r in record["results"] if _label(r) == name), None)
            found.append(row)
            cells.append(f"{row['ms']:.0f} ({_cpu(row)}) | {row['queries']}" if row else "- | -")
        first, last = found[0], found[-1]
        growth = "-"
        if first and last and first["ms"] and _total_cpu(first):
            growth = (
                f"{last['ms'] / first['ms']:.2f}x / {_total_cpu(last) / _total_cpu(first):.2f}x"
            )
        same = "same" if first and last and first["queries"] == last["queries"] else "differ"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} | {same} |")
    commits = ", ".join(f"{s}: {r['commit']}" for s, r in zip(sizes, records, strict=True))
    return "\n".join([*lines, "", f"Commits measured: {commits}"])


def _median_record(rounds: list[dict]) -> dict:
    """One size's record from several rounds: the median of each figure; the queries of
    the first round (``queries`` differ between rounds only if the content changed)."""
    if len(rounds) == 1:
        return rounds[0]
    merged = dict(rounds[0], results=[])
    for first in rounds[0]["results"]:
        rows = [
            row for record in rounds for row in record["results"] if row["name"] == first["name"]
        ]
        row = dict(first)
        for field in ["ms", "cpu_ms", "db_cpu_ms"]:
            values = [r[field] for r in rows if r.get(field) is not None]
            row[field] = statistics.median(values) if values else None
        row["queries"] = max(r["queries"] for r in rows)
        merged["results"].append(row)
    merged["commit"] = ",".join(sorted({record["commit"] for record in rounds}))
    return merged


def _cpu(row: dict) -> str:
    if row.get("db_cpu_ms") is None:
        return f"{row['cpu_ms']:.0f}"
    return f"{row['cpu_ms']:.0f} + {row['db_cpu_ms']:.0f}"


def _total_cpu(row: dict) -> float:
    return row["cpu_ms"] + (row.get("db_cpu_ms") or 0)


def _label(row: dict) -> str:
    """The endpoint's name, with the size-dependent offset of the deep list made generic."""
    return (
        "API v2 list, deep offset" if row["name"].startswith("API v2 list offset") else row["name"]
    )


if __name__ == "__main__":
    main()
