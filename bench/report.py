"""Print the benchmark table from the JSON files bench/run.sh wrote."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(out: Path) -> None:
    runs = [json.loads(line) for line in (out / "wrk.jsonl").read_text().splitlines() if line]
    queries = json.loads((out / "queries.json").read_text())
    rss = json.loads((out / "rss.json").read_text()) if (out / "rss.json").exists() else {}
    by_key = {(run["scenario"], run["mode"]): run for run in runs}
    floor = by_key.get(("framework floor", "uncached"), {}).get("rps") or 1
    nginx = by_key.get(("nginx static", "static"), {}).get("rps") or 1
    header = (
        f"{'scenario':20} {'mode':9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'SQL/req':>7} {'% floor':>8} {'% nginx':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        if "hits" in run:
            continue  # the storm's page mix: its own table
        info = queries.get(run["scenario"], {})
        sql = info.get(f"queries_{run['mode']}", "-") if run["mode"] != "static" else 0
        print(
            f"{run['scenario']:20} {run['mode']:9} {run['rps']:8.0f} {run['p50_ms']:7.1f} "
            f"{run['p95_ms']:7.1f} {sql!s:>7} {100 * run['rps'] / floor:7.1f}% "
            f"{100 * run['rps'] / nginx:7.2f}% {run['errors']:6d}"
        )
    serial_table(out)
    storm_table(out, [run for run in runs if "hits" in run], by_key, nginx)
    if rss:
        print()
        for phase, workers in rss.items():
            sizes = ", ".join(f"{kib / 1024:.0f}" for kib in workers)
            print(f"worker RSS after {phase} (MiB): {sizes}")


def serial_table(out: Path) -> None:
    """One request at a time with every cache off (bench/serial.py): a visitor's wait."""
    path = out / "serial.json"
    if not path.exists():
        return
    print("\none request at a time, every cache off")
    print(f"{'scenario':20} {'median ms':>9} {'p90 ms':>7}")
    for name, run in json.loads(path.read_text()).items():
        print(f"{name:20} {run['median_ms']:9.1f} {run['p90_ms']:7.1f}")


def storm_table(out: Path, runs: list[dict], by_key: dict, nginx: float) -> None:
    """The publish storm next to the steady state, the purge check, nginx proxy_cache."""
    proxied = by_key.get(("nginx proxy_cache", "proxied"), {}).get("rps")
    if proxied:
        print(
            f"\nnginx proxy_cache hit: {proxied:.0f} req/s = "
            f"{100 * proxied / nginx:.0f}% of nginx static"
        )
    if not runs:
        return
    print()
    header = (
        f"{'page mix':20} {'mode':9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'hit %':>7} {'misses':>6} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        total = run["hits"] + run["misses"]
        ratio = 100 * run["hits"] / total if total else 0.0
        print(
            f"{run['scenario']:20} {run['mode']:9} {run['rps']:8.0f} {run['p50_ms']:7.1f} "
            f"{run['p95_ms']:7.1f} {ratio:6.2f}% {run['misses']:6d} {run['errors']:6d}"
        )
    for name in ("gunicorn", "nginx"):
        path = out / f"storm-publish-{name}.json"
        if path.exists():
            info = json.loads(path.read_text())
            print(
                f"storm via {name}: {info['publishes']} publishes, each "
                f"{info['publish_p50_ms']} ms (p50), {info['publish_max_ms']} ms (max) incl. purge"
            )
    check = out / "purge-check.json"
    if check.exists():
        info = json.loads(check.read_text())
        print(
            f"purge end to end through nginx: {'ok' if info['ok'] else 'FAILED'} "
            f"({info['before']} -> publish -> {info['after_publish']} with the new title: "
            f"{info['new_title_served']} -> {info['then']})"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
