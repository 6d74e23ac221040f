"""Admin registration of the articles app's snippets, and the news' part in pages it
does not own: the feed links every page reads ahead (``cms.caching.routing``), the home
page's latest news (``home.hooks``), a profile's mentions (``participants.hooks``) and the
kernel's "Upcoming events" block, which lists seminar reports through the source registered
here (``cms.core.events``: the kernel never imports articles)."""

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from articles.events import upcoming_report_events
from articles.listing import bounded_count_of_parts, count_max
from articles.models import ArticlePage, ArticleParticipant, Topic
from articles.templatetags.articles_tags import (
    latest_news_fragment,
    news_fragments,
    news_index_ref,
)
from cms.caching import deps
from cms.caching.fragments import FragmentKey, cached_fragment
from cms.caching.routing import PAGE_FRAGMENTS
from cms.core.events import register_event_source
from home.hooks import HOME_PAGE_FRAGMENTS
from participants.hooks import PARTICIPANT_MENTIONS, Mentions


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug", "locale", "live"]
    search_fields = ["name"]


register_snippet(TopicViewSet)
register_event_source(upcoming_report_events)

# What the news fragments read beside the page they are on (cms/caching/deps.py): any
# article published, unpublished or moved changes the lists; the news page's address, the
# feed links in every page's head and footer.
ARTICLES = deps.listing_tag("articles.articlepage")  # seminar reports are articles too
PARTICIPANTS = deps.listing_tag("participants.participantpage")
NEWS_INDEX = deps.listing_tag("articles.articleindexpage")
for _name in ("news-index", "tpl:footer", "tpl:page-head"):
    deps.describe(_name, (NEWS_INDEX,))
for _name in ("latest-news", "news-facts", "news-listing", "news-card", "news-upcoming"):
    deps.describe(_name, (ARTICLES, NEWS_INDEX))
deps.describe("upcoming-events", (ARTICLES, NEWS_INDEX))
# A profile's number of mentions: the rows naming it bump both ends, as its newest
# mentions (read under ``deps.covered()``), so nothing beside the profile itself.
deps.describe("profile-mention-count")
deps.describe("tpl:news-filters", (ARTICLES, PARTICIPANTS))  # topics, years, participants
# A topic shows on the articles naming it and in the news list's filter (every topic).
deps.shown_where_referenced(Topic, ARTICLES)
# The article's own pieces: the page, its topics (snippets) and the rows linking it to
# related pages and participants (each change bumps both ends, cms/caching/invalidation.py).
for _name in (
    "tpl:article-meta",
    "tpl:article-json-ld",
    "tpl:article-header",
    "tpl:related-pages",
    "tpl:report-members",
    "tpl:report-gallery",
    "tpl:report-documents",
):
    deps.describe(_name)


@hooks.register(PAGE_FRAGMENTS)
def feed_link_fragments(page: Page | None, request: HttpRequest, site: Site) -> list[FragmentKey]:
    """The news page's feed links, in every page's head and footer (``{% feed_links %}``)."""
    return news_fragments(site, get_language())


@hooks.register(HOME_PAGE_FRAGMENTS)
def latest_news_fragments(page: Page, request: HttpRequest, site: Site) -> list[FragmentKey]:
    """The home page's latest news (``{% latest_news %}``)."""
    return [latest_news_fragment(site)]


@hooks.register(PARTICIPANT_MENTIONS)
def articles_naming(profile: Page, request: HttpRequest | None, limit: int) -> Mentions:
    """The newest live, public seminar reports and articles of the profile's locale that
    name the participant (in any language: a translated article may still link the
    source) and its own local news (articles/local_news.py), and how many there are.
    The link goes to the news page of the language shown, filtered to this participant
    (articles/listing.py).

    Issue #23: the newest ``limit`` are read newest first through the date index, each
    checked by an EXISTS on its links, so the query stops after ``limit`` rows (for a
    profile named often; a rarely named one is read through its links); the
    total is a COUNT of its own over at most LISTING_COUNT_MAX + 1 rows, kept per
    publish (a window over the same rows counted every mention on every request: 12,500
    rows for the most named profile; then a COUNT of them all when the cache was cold)."""
    # The profile's translations by id, as literals: PostgreSQL then knows from its
    # statistics how often they are named and reads the most named ones newest first
    # (through a join on the translation key it planned every profile as a rare one).
    translations = list(
        Page.objects.filter(translation_key=profile.translation_key).values_list("pk", flat=True)
    )
    naming = ArticleParticipant.objects.filter(page=OuterRef("pk"), participant_id__in=translations)
    # Its own local news (#20) sits under the profile of the same language: a path prefix.
    contributed = Q(path__startswith=profile.path, depth=profile.depth + 1)
    listed = (
        ArticlePage.objects.live()
        .public()
        .filter(locale_id=profile.locale_id)
        .exclude(expire_at__lte=timezone.now())
    )
    mentioning = listed.filter(Exists(naming) | contributed)
    # The rows naming the profile link both ends: publishing, unpublishing or editing a
    # report that names it bumps the profile's translations (cms/caching/invalidation.py).
    with deps.covered():
        pages = list(mentioning.order_by("-publication_date", "-first_published_at", "-pk")[:limit])
        # Counted up to a bound (LISTING_COUNT_MAX): the most named profile's 12,500
        # mentions were a COUNT of every one of them whenever the cache was cold.
        bound = max(count_max(), limit)  # past it, more than the profile shows
        total, exact = cached_fragment(
            "profile-mention-count",
            (profile.translation_key, profile.locale_id, bound),
            # Counted in two disjoint parts (articles/listing.py: bounded_count_of_parts).
            lambda: bounded_count_of_parts(
                [listed.filter(Exists(naming)), listed.filter(contributed).exclude(Exists(naming))],
                bound,
            ),
        )
    news = news_index_ref(request)
    list_url = f"{news.url}?{urlencode({'participant': profile.pk})}" if news else None
    return Mentions(pages=pages, total=total, list_url=list_url, total_exact=exact)
