"""RSS 2.0 and Atom feeds of one locale's news: the latest live, public items.

Every address in a feed is absolute on the public origin (the default Site, kept in step
with ``WAGTAILADMIN_BASE_URL``: cms/core/sites.py), never the host the feed was fetched
from: readers keep links and guids for years, and an internal or development host would
be copied into them."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from articles.credits import ATTRIBUTE, attach_authorities, credit_line
from articles.queries import attach_display_topics, with_card_data
from articles.topics import Topic
from cms.core.sites import public_url

if TYPE_CHECKING:
    from articles.models import ArticleIndexPage, ArticlePage

FEED_LENGTH = 20
FEED_IMAGE_SPEC = "fill-1200x630|format-jpeg"


class RssArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    route_name = "rss_feed"  # the index page's route that serves this feed

    def get_object(self, request: HttpRequest, index_page: ArticleIndexPage) -> ArticleIndexPage:
        self.request = request
        self.language = index_page.locale.language_code
        return index_page

    def title(self, index_page: ArticleIndexPage) -> str:
        site_name = _("European Alliance of Cities and Regions for Roma Inclusion")
        return f"{index_page.title} | {site_name}"

    def link(self, index_page: ArticleIndexPage) -> str:
        return index_page.get_full_url(self.request)

    def feed_url(self, index_page: ArticleIndexPage) -> str:
        return self.link(index_page) + index_page.reverse_subpage(self.route_name)

    def description(self, index_page: ArticleIndexPage) -> str:
        return index_page.introduction or _("News and seminar reports of the Alliance.")

    def items(self, index_page: ArticleIndexPage) -> list[ArticlePage]:
        items = list(with_card_data(index_page.articles())[:FEED_LENGTH])
        attach_display_topics(
            items, Topic.objects.filter(locale_id=index_page.locale_id, live=True)
        )
        attach_authorities(items)  # local news credits its authority (articles/credits.py)
        return items

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        # Readers render the description as HTML (RSS convention, Atom type="html"),
        # but the summary is plain text: its angle brackets must not become markup.
        summary = item.get_listing_summary()
        credit = credit_line(getattr(item, ATTRIBUTE, None))
        if credit:
            summary = f"{credit}. {summary}"
        return summary.replace("<", "&lt;").replace(">", "&gt;")

    def item_author_name(self, item: ArticlePage) -> str | None:
        """The contributing authority of local news ("Veldhoven"); None for the others."""
        authority = getattr(item, ATTRIBUTE, None)
        return authority.title if authority is not None else None

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url(self.request)

    def item_guid(self, item: ArticlePage) -> str:
        return item.get_full_url(self.request)

    def item_pubdate(self, item: ArticlePage) -> datetime:
        return timezone.make_aware(datetime.combine(item.publication_date, time(9)))

    def item_updateddate(self, item: ArticlePage) -> datetime | None:
        return item.last_published_at

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [topic.name for topic in item.display_topics]

    def item_enclosures(self, item: ArticlePage) -> list[Enclosure]:
        image = item.get_listing_image()
        if image is None:
            return []
        try:
            rendition = image.get_rendition(FEED_IMAGE_SPEC)
            length = rendition.file.size
        except OSError:
            # The rendition cannot be made (cms.core.models.RenditionUnavailable) or its
            # file is gone: the item goes without its picture.
            return []
        return [
            Enclosure(
                url=public_url(rendition.url),
                length=str(length),
                mime_type="image/jpeg",
            )
        ]


class AtomArticleFeed(RssArticleFeed):
    feed_type = Atom1Feed
    route_name = "atom_feed"

    def subtitle(self, index_page: ArticleIndexPage) -> str:
        return self.description(index_page)
