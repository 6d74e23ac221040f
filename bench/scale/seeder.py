"""Grow the demo to a given number of articles and participants, fast (issue #23).

    grow(articles=50_000, participants=1_000)

Starts from the demo content (``load_demo_content``, loaded when missing) and appends
generated pages until the English counts are reached; running it again with the same
or smaller counts adds nothing, with larger ones adds the difference, so one database
goes 1k -> 10k -> 50k. Every tenth article is a seminar report; 30 % of the articles and
participants are also published in French through wagtail-localize (its records
included, bench/scale/localize.py); each article has one or two of the demo's topics
and mentions one or two participants, one of them (the first generated) in every
fourth article, so that its profile is the most mentioned one.

Pages are written in bulk (bench/scale/pages.py), one transaction per batch: about
a thousand articles a second instead of five through ``add_child()`` + ``publish()``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticleParticipant,
    ArticleTopic,
    SeminarReportPage,
    Topic,
)
from bench.scale.localize import Translated, record_translations
from bench.scale.pages import insert_pages, publish_pages, published_fields
from cms.core.models import CustomImage
from cms.publishing import sections
from participants.models import ParticipantIndexPage, ParticipantPage

ARTICLE_SLUG = "scale-article-"
PARTICIPANT_SLUG = "scale-town-"
FRENCH_OUT_OF_TEN = 3  # numbers ending in 0, 1 or 2 are also in French: 30 %
SEMINAR_EVERY = 10
HUB_EVERY = 4  # every fourth article mentions the first generated participant
COUNTRIES = ["LT", "NL", "FR", "IT", "ES", "RO", "BG", "HU", "SK", "CZ", "FI", "SE", "PT"]
SENTENCES = {
    "en": [
        "Local action plans bring Roma mediators into schools and health centres.",
        "The city council adopted a housing programme with the Roma community.",
        "Mediators helped families register for vaccination and school.",
        "Youth workers ran a summer programme with the municipal library.",
        "The region funded training for teachers on anti-discrimination.",
        "Elected officials met Roma representatives to review the strategy.",
        "Water and electricity reached the settlement after years of talks.",
        "A partnership with employers opened apprenticeships to young women.",
    ],
    "fr": [
        "Les plans d'action locaux font entrer des médiateurs roms dans les écoles.",
        "Le conseil municipal a adopté un programme de logement avec la communauté rom.",
        "Des médiateurs ont aidé les familles à s'inscrire pour la vaccination.",
        "Des animateurs ont organisé un programme d'été avec la bibliothèque.",
        "La région a financé la formation des enseignants contre la discrimination.",
        "Les élus ont rencontré des représentants roms pour revoir la stratégie.",
        "L'eau et l'électricité ont atteint le campement après des années.",
        "Un partenariat avec des employeurs a ouvert l'apprentissage aux jeunes femmes.",
    ],
}


@dataclass
class Grown:
    """What one call added, and how long it took."""

    articles: int = 0
    participants: int = 0
    translations: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def grow(
    articles: int, participants: int, batch: int = 1000, log: Callable[[str], None] = print
) -> Grown:
    """Adds generated pages until there are ``articles`` English articles (reports
    included) and ``participants`` English participant profiles."""
    if not ArticleIndexPage.objects.exists():
        call_command("load_demo_content", stdout=StringIO())
    started = timezone.now()  # the generated pages' time, not the demo's
    english = Locale.objects.get(language_code="en")
    french = Locale.objects.get(language_code="fr")
    grown = Grown()
    have = ParticipantPage.objects.filter(locale=english).count()
    first = ParticipantPage.objects.filter(
        locale=english, slug__startswith=PARTICIPANT_SLUG
    ).count()
    for start in range(0, max(participants - have, 0), batch):
        numbers = range(first + start, first + min(start + batch, participants - have))
        with transaction.atomic():
            grown.translations += _participants(numbers, english, french)
        grown.participants += len(numbers)
    have = ArticlePage.objects.filter(locale=english).count()
    first = ArticlePage.objects.filter(locale=english, slug__startswith=ARTICLE_SLUG).count()
    context = _ArticleContext.load(english, french)
    for start in range(0, max(articles - have, 0), batch):
        numbers = range(first + start, first + min(start + batch, articles - have))
        with transaction.atomic():
            grown.translations += _articles(numbers, context)
        grown.articles += len(numbers)
        log(f"  {have + grown.articles} articles")
    # Bulk writes send no signals: the sitemap index's section sizes are counted here.
    sections.rebuild()
    grown.seconds = (timezone.now() - started).total_seconds()
    analyse()
    return grown


def analyse() -> None:
    """Refreshes PostgreSQL's statistics and visibility map, as autovacuum would on a
    running site: right after a bulk insert the planner believes the tables are nearly
    empty, and no page of them is marked all-visible, so an index-only scan (the API's
    deep offsets, cms/api/page_keys.py) would still read every row it skips. VACUUM
    cannot run in a transaction (a test's): the statistics alone then."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def _is_french(number: int) -> bool:
    return number % 10 < FRENCH_OUT_OF_TEN


def _participants(numbers: range, english: Locale, french: Locale) -> int:
    now = timezone.now()
    index = ParticipantIndexPage.objects.get(locale=english)
    french_index = ParticipantIndexPage.objects.get(locale=french)
    pages = [
        ParticipantPage(
            **published_fields(f"Town {n}", now),
            slug=f"{PARTICIPANT_SLUG}{n}",
            locale=english,
            kind="city",
            country=COUNTRIES[n % len(COUNTRIES)],
            status="active",
            latitude=Decimal(40) + Decimal(n % 200) / 10,
            longitude=Decimal(-5) + Decimal(n % 300) / 10,
            population=10_000 + n,
        )
        for n in numbers
    ]
    insert_pages(index, pages)
    publish_pages(pages)
    pairs = [(page, n) for page, n in zip(pages, numbers, strict=True) if _is_french(n)]
    translations = [
        _copy(page, french, f"Ville {n}", f"{PARTICIPANT_SLUG}fr-{n}") for page, n in pairs
    ]
    insert_pages(french_index, translations)
    publish_pages(translations)
    record_translations(
        [
            Translated(
                page, copy, [("title", page.title, copy.title), ("slug", page.slug, copy.slug)]
            )
            for (page, _n), copy in zip(pairs, translations, strict=True)
        ],
        english,
        french,
    )
    return len(translations)


def _copy(page: Page, locale: Locale, title: str, slug: str) -> Page:
    """The page's translation: same type, fields and translation key, in ``locale``."""
    values = {
        field.attname: getattr(page, field.attname)
        for field in type(page)._meta.concrete_fields
        if not field.primary_key
    }
    for name in ("path", "depth", "numchild", "url_path", "latest_revision_id", "live_revision_id"):
        del values[name]
    values.update(published_fields(title, page.first_published_at), slug=slug, locale_id=locale.pk)
    return type(page)(**values)


@dataclass
class _ArticleContext:
    """What every article batch links to: indexes, topics, participants, images."""

    english: Locale
    french: Locale
    index: ArticleIndexPage
    french_index: ArticleIndexPage
    topics: list[int]
    participants: list[int]
    french_participant: dict[int, int]
    images: list[int]

    @classmethod
    def load(cls, english: Locale, french: Locale) -> _ArticleContext:
        people = list(
            ParticipantPage.objects.filter(locale=english)
            .order_by("pk")
            .values_list("pk", "translation_key", "slug")
        )
        generated = [pk for pk, _key, slug in people if slug.startswith(PARTICIPANT_SLUG)]
        ordered = generated + [pk for pk, _key, slug in people if pk not in set(generated)]
        if not ordered:
            raise ValueError("grow() needs at least one participant to mention")
        keys = {key: pk for pk, key, _slug in people}
        french_of = {
            keys[key]: pk
            for pk, key in ParticipantPage.objects.filter(
                locale=french, translation_key__in=keys
            ).values_list("pk", "translation_key")
        }
        return cls(
            english=english,
            french=french,
            index=ArticleIndexPage.objects.get(locale=english),
            french_index=ArticleIndexPage.objects.get(locale=french),
            topics=list(
                Topic.objects.filter(locale=english, live=True).values_list("pk", flat=True)
            ),
            participants=ordered,
            french_participant=french_of,
            images=list(CustomImage.objects.order_by("pk").values_list("pk", flat=True)),
        )


def _article(number: int, context: _ArticleContext, now: datetime.datetime) -> ArticlePage:
    published = datetime.date(2011, 1, 1) + datetime.timedelta(days=number * 7919 % 5479)
    sentences = SENTENCES["en"]
    fields = {
        **published_fields(f"Alliance news {number}: Roma inclusion in practice", now),
        "slug": f"{ARTICLE_SLUG}{number}",
        "translation_key": uuid.uuid4(),
        "publication_date": published,
        "standfirst": f"Article {number} of the scale data set. {sentences[number % 8]}",
        "listing_image_id": context.images[number % len(context.images)]
        if context.images
        else None,
        "body": [
            {
                "type": "paragraph",
                "value": f"<p>{sentences[(number + k) % 8]}</p>",
                "id": str(uuid.uuid4()),
            }
            for k in range(3)
        ],
    }
    if number % SEMINAR_EVERY == 0:
        return SeminarReportPage(
            **fields,
            start_date=published,
            place="Trakai, near Vilnius",
            country=COUNTRIES[number % len(COUNTRIES)],
            organiser="Congress of Local and Regional Authorities",
            attendee_count=20 + number % 30,
            attendee_description="elected officials and senior civil servants",
        )
    return ArticlePage(**fields)


def _french(
    page: ArticlePage, number: int, locale: Locale
) -> tuple[ArticlePage, list[tuple[str, str, str]]]:
    sentences = SENTENCES["fr"]
    title = f"Actualité {number} : l'inclusion des Roms en pratique"
    standfirst = f"Article {number} du jeu de données. {sentences[number % 8]}"
    body = [
        {**block, "value": f"<p>{sentences[(number + k) % 8]}</p>"}
        for k, block in enumerate(page.body.raw_data)
    ]
    copy = _copy(page, locale, title, f"scale-actualite-{number}")
    copy.standfirst, copy.body = standfirst, body
    segments = [
        ("title", page.title, title),
        ("slug", page.slug, copy.slug),
        ("standfirst", page.standfirst, standfirst),
        *(
            (f"body.{block['id']}", block["value"], french["value"])
            for block, french in zip(page.body.raw_data, body, strict=True)
        ),
    ]
    return copy, segments


def _articles(numbers: range, context: _ArticleContext) -> int:
    now = timezone.now()
    pages = [_article(n, context, now) for n in numbers]
    french_pairs = [(page, n) for page, n in zip(pages, numbers, strict=True) if _is_french(n)]
    translated = [_french(page, n, context.french) for page, n in french_pairs]
    for parent, group in (
        (context.index, pages),
        (context.french_index, [c for c, _s in translated]),
    ):
        for model in (ArticlePage, SeminarReportPage):
            insert_pages(parent, [page for page in group if type(page) is model])
    _link(pages, numbers, context, french=False)
    _link([copy for copy, _s in translated], [n for _p, n in french_pairs], context, french=True)
    publish_pages(pages)
    publish_pages([copy for copy, _s in translated])
    record_translations(
        [
            Translated(page, copy, segments)
            for (page, _n), (copy, segments) in zip(french_pairs, translated, strict=True)
        ],
        context.english,
        context.french,
    )
    return len(translated)


def _link(pages: list[ArticlePage], numbers, context: _ArticleContext, french: bool) -> None:
    """Topics and mentioned participants, saved and kept on the objects for the revisions."""
    topics, mentions = [], []
    for page, n in zip(pages, numbers, strict=True):
        chosen = dict.fromkeys(context.topics[i % len(context.topics)] for i in (n, n // 7))
        links = [
            ArticleTopic(page_id=page.pk, topic_id=t, sort_order=i) for i, t in enumerate(chosen)
        ]
        people = context.participants
        named = dict.fromkeys([people[0]] * (n % HUB_EVERY == 0) + [people[n % len(people)]])
        if french:
            named = dict.fromkeys(context.french_participant.get(p, p) for p in named)
        cited = [
            ArticleParticipant(page_id=page.pk, participant_id=p, sort_order=i)
            for i, p in enumerate(named)
        ]
        topics.append(links)
        mentions.append(cited)
    ArticleTopic.objects.bulk_create([link for links in topics for link in links])
    ArticleParticipant.objects.bulk_create([link for links in mentions for link in links])
    for page, links, cited in zip(pages, topics, mentions, strict=True):
        page.topic_links = links
        page.participant_links = cited
