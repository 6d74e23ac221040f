"""Three editors upload the largest permitted image at the same moment (issue #22, item 9).

Run by upload_memory.sh against gunicorn with production settings. Sends three API v3
image uploads at once (a 6000x4000 RGBA PNG each, the pixel limit), then asks API v2
for each new image at once (every API rendition size made on first view), sampling
every worker's resident memory (``/proc/<pid>/status`` VmRSS) every 10 ms. Prints each
worker's idle and peak RSS, and the peak of all workers together.

    python bench/drills/upload_memory.py BASE_URL TOKEN GUNICORN_MASTER_PID
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from PIL import Image

UPLOADS = 3


def workers(master: int) -> list[int]:
    """The master's workers, once all of them have started (the first answers to
    /healthz before the last is forked)."""
    expected = int(os.environ.get("GUNICORN_WORKERS", "3"))
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if len(children) >= expected:
            break
        time.sleep(0.1)
    return [int(pid) for pid in children]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak = dict.fromkeys(pids, 0.0)
        self.peak_total = 0.0
        self.running = True

    def run(self) -> None:
        while self.running:
            sizes = {pid: rss_mib(pid) for pid in self.pids}
            for pid, size in sizes.items():
                self.peak[pid] = max(self.peak[pid], size)
            self.peak_total = max(self.peak_total, sum(sizes.values()))
            time.sleep(0.01)


def largest_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (6000, 4000), (200, 30, 60, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def main() -> None:
    base, token, master = sys.argv[1], sys.argv[2], int(sys.argv[3])
    headers = {"Authorization": f"Bearer {token}"}
    pids = workers(master)
    png = largest_png()
    for _ in pids:  # warm every worker (imports, connections) before measuring
        requests.get(f"{base}/api/v2/images/", timeout=30)
    idle = {pid: rss_mib(pid) for pid in pids}

    def upload(n: int) -> int:
        response = requests.post(
            f"{base}/api/v3/images/",
            headers=headers,
            data={"title": f"Largest {n}"},
            files={"file": (f"largest-{n}.png", png, "image/png")},
            timeout=120,
        )
        assert response.status_code == 201, (response.status_code, response.text[:300])
        return response.json()["id"]

    def view(image_id: int) -> int:
        return requests.get(f"{base}/api/v2/images/{image_id}/", timeout=120).status_code

    results = {}
    for phase, run in (("3 uploads at once", upload), ("3 first API views at once", view)):
        sampler = Sampler(pids)
        sampler.start()
        started = time.monotonic()
        with ThreadPoolExecutor(UPLOADS) as pool:
            if phase.startswith("3 uploads"):
                ids = list(pool.map(run, range(UPLOADS)))
                outcome = f"ids {ids}"
            else:
                outcome = f"statuses {list(pool.map(run, ids))}"
        sampler.running = False
        sampler.join()
        results[phase] = (sampler, time.monotonic() - started, outcome)

    print(f"workers: {len(pids)}; idle RSS (MiB): " + ", ".join(f"{idle[p]:.0f}" for p in pids))
    print(f"idle total: {sum(idle.values()):.0f} MiB")
    for phase, (sampler, seconds, outcome) in results.items():
        added = [sampler.peak[p] - idle[p] for p in pids]
        print(
            f"{phase} ({seconds:.1f} s, {outcome}): peak RSS per worker "
            + ", ".join(f"{sampler.peak[p]:.0f}" for p in pids)
            + f" MiB (at most +{max(added):.0f} MiB over idle); "
            f"all workers together at most {sampler.peak_total:.0f} MiB"
        )


if __name__ == "__main__":
    main()
