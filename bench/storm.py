"""The publish storm (issue #19): pages published while visitors read, and the purge check.

Run inside the benchmark's environment (bench/run.sh does it):

    python -m bench.storm paths --out bench/out/storm-paths.txt
        the mix of pages visitors read: the home pages, the lists, 40 articles, 10 reports
        and 10 profiles in both languages;
    python -m bench.storm publish --every 5 --seconds 60
        one article of the mix published (its title changed) every 5 seconds, as an editor
        would: the caches are invalidated and the front cache purged by what runs on commit;
    python -m bench.storm check --base http://127.0.0.1:8801
        end to end through nginx: a page served from nginx's cache, then published: the
        next visitor gets the new title (the purge reached nginx), then a hit again.

A publish runs in this process, as in an editor's request: the same on-commit bumps and
purges (FRONTEND_CACHE_PURGE_URL) as the app servers make.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
django.setup()

from wagtail.models import Page  # noqa: E402

from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage  # noqa: E402
from participants.models import ParticipantIndexPage, ParticipantPage  # noqa: E402

ARTICLES = 40  # the storm publishes among these


def _articles() -> list[ArticlePage]:
    return list(
        ArticlePage.objects.live()
        .exact_type(ArticlePage)
        .filter(locale__language_code="en")
        .order_by("-first_published_at", "pk")[:ARTICLES]
    )


def mix() -> list[str]:
    pages: list[Page] = []
    for model, count in (
        (ArticleIndexPage, 10),
        (ParticipantIndexPage, 10),
        (SeminarReportPage, 10),
        (ParticipantPage, 10),
    ):
        pages += list(model.objects.live().order_by("pk")[:count])
    for article in _articles():
        pages.append(article)
        french = article.get_translations().live().first()
        if french is not None:
            pages.append(french)
    paths = ["/en/", "/fr/", *(page.url for page in pages)]
    return [path for path in dict.fromkeys(paths) if path]


def publish(page: Page) -> str:
    page = page.specific_class.objects.get(pk=page.pk)
    base = page.title.split(" · ")[0]
    page.title = f"{base} · {time.time_ns()}"
    page.save_revision().publish()  # its own transaction: on-commit bumps and purges run
    return page.title


def storm(every: float, seconds: float) -> dict:
    articles = _articles()
    started = time.monotonic()
    took: list[float] = []
    for article in itertools.cycle(articles):
        moment = time.monotonic()
        if moment - started >= seconds:
            break
        publish(article)
        took.append(time.monotonic() - moment)
        time.sleep(max(0.0, every - (time.monotonic() - moment)))
    took.sort()
    return {
        "publishes": len(took),
        "publish_p50_ms": round(1000 * took[len(took) // 2], 1) if took else 0,
        "publish_max_ms": round(1000 * took[-1], 1) if took else 0,
    }


def _get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own bench URL
        return response.headers.get("X-Cache-Status", "-"), response.read().decode()


def check(base: str) -> dict:
    """A cached page, published, is new for the next visitor, then cached again."""
    article = _articles()[-1]
    url = base.rstrip("/") + article.url
    _get(url)
    before, _body = _get(url)
    title = publish(article)
    after, body = _get(url)
    again, _body = _get(url)
    outcome = {
        "url": article.url,
        "before": before,
        "after_publish": after,
        "new_title_served": title in body,
        "then": again,
    }
    outcome["ok"] = (
        before == "HIT" and after != "HIT" and outcome["new_title_served"] and again == "HIT"
    )
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    paths = commands.add_parser("paths")
    paths.add_argument("--out", type=Path, required=True)
    run = commands.add_parser("publish")
    run.add_argument("--every", type=float, default=5)
    run.add_argument("--seconds", type=float, default=60)
    run.add_argument("--out", type=Path)
    purge = commands.add_parser("check")
    purge.add_argument("--base", required=True)
    purge.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.command == "paths":
        args.out.write_text("\n".join(mix()) + "\n")
        return
    result = storm(args.every, args.seconds) if args.command == "publish" else check(args.base)
    print(json.dumps(result))
    if args.out:
        args.out.write_text(json.dumps(result))
    if args.command == "check" and not result["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
