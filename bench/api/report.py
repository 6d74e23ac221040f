"""Print the API benchmark's wrk results (bench/api/out/wrk.jsonl) as a table."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: str) -> None:
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    header = f"| {'scenario':<30} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'errors':>6} |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for row in rows:
        errors = row["errors"] + row["non_2xx_3xx"]
        print(
            f"| {row['scenario']:<30} | {row['rps']:>7.1f} | {row['p50_ms']:>7.1f} "
            f"| {row['p95_ms']:>7.1f} | {errors:>6} |"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/api/out/wrk.jsonl")
