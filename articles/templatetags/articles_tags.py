"""Template tags that put the news on every page: feed links in the head, the RSS
link in the footer, the latest news on the home page, and JSON-LD."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from articles import structured_data
from articles.credits import attach_authorities, credit_line
from articles.events import find_news_index
from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage, Topic
from articles.queries import attach_display_topics, with_card_data
from cms.caching.fragments import cached_fragment
from cms.chrome.head import absolute, json_ld_script
from cms.core.reading import all_locales

register = template.Library()


@dataclass(frozen=True)
class NewsIndexRef:
    """Enough of the news page for the head's feed links and the footer's RSS link."""

    pk: int
    title: str
    url: str
    rss_path: str
    atom_path: str


def _find_news_index(request: HttpRequest | None, language: str) -> ArticleIndexPage | None:
    """The news page of the language on the visitor's site (articles/events.py)."""
    locale = all_locales().get(language)
    return find_news_index(request, locale.pk) if locale is not None else None


def news_index_ref(request: HttpRequest | None) -> NewsIndexRef | None:
    """The live, public news page of the language being shown, once per request and
    shared between workers until the content changes (cms/caching/fragments.py)."""
    if request is None:
        return None
    language = get_language()
    memo: dict[str, NewsIndexRef | None] = request.__dict__.setdefault("_articles_news", {})
    if language not in memo:

        def build() -> NewsIndexRef | None:
            index = _find_news_index(request, language)
            if index is None:
                return None
            url = index.get_url(request) or ""
            return NewsIndexRef(
                pk=index.pk,
                title=index.title,
                url=url,
                rss_path=url + index.reverse_subpage("rss_feed"),
                atom_path=url + index.reverse_subpage("atom_feed"),
            )

        site = Site.find_for_request(request)
        memo[language] = cached_fragment("news-index", (site.pk if site else "-", language), build)
    return memo[language]


def news_fragments(site: Site, language: str) -> list[tuple[str, tuple[object, ...]]]:
    """The fragments every page reads for its feed links (cms/caching/fragments.py prefetch)."""
    return [("news-index", (site.pk, language))]


@register.inclusion_tag("articles/includes/feed_links.html", takes_context=True)
def feed_links(context: template.Context) -> dict:
    request = context.get("request")
    index = news_index_ref(request)
    if index is None or request is None:
        return {}
    return {
        "index": index,
        "rss_url": absolute(request, index.rss_path),
        "atom_url": absolute(request, index.atom_path),
    }


@register.simple_tag(takes_context=True)
def news_feed_url(context: template.Context) -> str:
    index = news_index_ref(context.get("request"))
    return index.rss_path if index is not None else ""


@register.simple_tag(takes_context=True)
def latest_articles(context: template.Context, count: int = 3) -> list[ArticlePage]:
    request = context.get("request")
    ref = news_index_ref(request)
    index = _find_news_index(request, get_language()) if ref is not None else None
    if index is None:
        return []
    articles = list(with_card_data(index.articles())[:count])
    attach_display_topics(articles, _display_topics(articles, index.locale_id))
    attach_authorities(articles)
    return articles


def _display_topics(articles: list[ArticlePage], locale_id: int) -> list[Topic]:
    """The live topics in ``locale_id`` of these articles' links: a link to a topic of
    that locale is its own answer (a topic is unique per translation key and locale),
    so only links to another language's topic cost a query, one for all of them."""
    links = [link for article in articles for link in article.topic_links.all()]
    topics = [link.topic for link in links if link.topic.locale_id == locale_id and link.topic.live]
    elsewhere = {link.topic.translation_key for link in links if link.topic.locale_id != locale_id}
    if elsewhere:
        topics += Topic.objects.filter(
            locale_id=locale_id, live=True, translation_key__in=elsewhere
        )
    return topics


@register.filter
def credit(authority: object) -> str:
    """ "Contributed by Veldhoven, Netherlands" for a local news' authority (or "")."""
    return credit_line(authority)  # type: ignore[arg-type]


@register.simple_tag(takes_context=True)
def latest_news(context: template.Context) -> SafeString:
    """The home page's latest-news section, rendered once for every worker until the
    content changes, and never kept past the moment one of its articles expires."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None

    def render() -> tuple[str, int | None]:
        latest = latest_articles(context, 3)
        html = render_to_string(
            "articles/includes/latest_news.html",
            {"latest": latest, "news_index": news_index_ref(request)},
            request=request,
        )
        expiries = [article.expire_at for article in latest if article.expire_at]
        return html, min(expiries).timestamp() if expiries else None

    name, parts = latest_news_fragment(site)
    html, expires = cached_fragment(name, parts, render)
    if expires is not None and expires <= time.time():
        html, _ = render()
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


def latest_news_fragment(site: Site | None) -> tuple[str, tuple[object, ...]]:
    """The latest news in the language being shown (also for prefetching)."""
    return "latest-news", (site.pk if site else "-", get_language())


@register.simple_tag(takes_context=True)
def article_json_ld(context: template.Context, page: ArticlePage) -> SafeString:
    request = context.get("request")
    scripts = [json_ld_script(structured_data.news_article(page, request))]
    if isinstance(page, SeminarReportPage):
        scripts.append(json_ld_script(structured_data.event(page, request)))
    return SafeString("\n".join(scripts))
