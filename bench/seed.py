"""Seed the benchmark's realistic data set and write the scenario URLs.

Run inside the configured environment (bench/run.sh does it):
    python -m bench.seed --articles 1000 --participants 200 --out bench/out/scenarios.json

Starts from the demo content (both locales, real images) and adds generated articles,
seminar reports and participant profiles, each also published in French, until the
counts are reached. Running it again adds nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

import django
from django.core.management import call_command
from django.db import connection

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")  # required in production
django.setup()

# After django.setup(): these modules define or import models, which need the app registry.
from wagtail.models import Locale  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage  # noqa: E402
from cms.core.models import CustomImage  # noqa: E402
from participants.models import ParticipantIndexPage, ParticipantPage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.monotonic()
    scenarios = seed(args.articles, args.participants)
    analyse()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(scenarios, indent=2))
    print(f"seeded in {time.monotonic() - started:.0f} s; scenarios in {args.out}")


def analyse() -> None:
    """Refresh the planner's statistics, as autovacuum does on a running site: right after
    a bulk insert PostgreSQL believes the tables are empty and picks nested loops that
    made one participant count take 190 ms instead of 6 ms."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def seed(article_count: int, participant_count: int) -> dict[str, str]:
    call_command("load_demo_content", stdout=StringIO())
    english = Locale.objects.get(language_code="en")
    french = Locale.objects.get(language_code="fr")
    news = ArticleIndexPage.objects.get(locale=english)
    people = ParticipantIndexPage.objects.get(locale=english)
    images = list(CustomImage.objects.order_by("pk"))

    existing = ArticlePage.objects.filter(locale=english).count()
    for number in range(existing, article_count):
        body = [
            (
                "paragraph",
                RichText(
                    f"<p>Paragraph {k} of generated article {number}: "
                    "local action plans, Roma mediators, school inclusion "
                    "and housing programmes in Alliance cities.</p>"
                ),
            )
            for k in range(4)
        ]
        fields = {
            "title": f"Alliance news {number}: Roma inclusion in practice",
            "slug": f"bench-article-{number}",
            "standfirst": f"Generated article {number} for the benchmark data set.",
            "publication_date": datetime.date(2015, 1, 1) + datetime.timedelta(days=number * 3),
            "listing_image": images[number % len(images)] if images else None,
            "body": body,
        }
        if number % 10 == 0:
            page = SeminarReportPage(
                **fields,
                start_date=fields["publication_date"],
                place="Trakai, near Vilnius",
                country="LT",
                organiser="Congress of Local and Regional Authorities",
                attendee_count=20 + number % 30,
                attendee_description="elected officials and senior civil servants",
            )
        else:
            page = ArticlePage(**fields)
        news.add_child(instance=page)
        page.save_revision().publish()
        _translate(page, french, f"Actualité {number}")
        if number % 100 == 0:
            print(f"  {number} articles", flush=True)

    existing = ParticipantPage.objects.filter(locale=english).count()
    countries = ["LT", "NL", "FR", "IT", "ES", "RO", "BG", "HU", "SK", "CZ", "FI", "SE", "PT"]
    for number in range(existing, participant_count):
        page = ParticipantPage(
            title=f"Town {number}",
            slug=f"bench-town-{number}",
            kind="city",
            country=countries[number % len(countries)],
            status="active",
            latitude=Decimal("40") + Decimal(number % 200) / 10,
            longitude=Decimal("-5") + Decimal(number % 300) / 10,
        )
        people.add_child(instance=page)
        page.save_revision().publish()
        _translate(page, french, f"Ville {number}")

    report = SeminarReportPage.objects.live().filter(locale=english).first()
    article = ArticlePage.objects.live().filter(locale=english).exact_type(ArticlePage).last()
    return {
        "home": "/en/",
        "news list": news.url,
        "seminar report": report.url,
        "article": article.url,
        "participant index": people.url,
        "search": "/en/search/?q=roma",
        "API v2 list": "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=20",
        "API v2 detail": f"/api/v2/pages/{article.pk}/",
    }


def _translate(page, locale, title: str) -> None:
    translated = page.copy_for_translation(locale)
    translated.title = title
    translated.save_revision().publish()


if __name__ == "__main__":
    main()
