"""Template tags that put the news on every page: feed links in the head, the RSS
link in the footer, the latest news on the home page, and JSON-LD."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from articles import structured_data
from articles.listing import attach_display_topics, with_card_data
from articles.models import ArticleIndexPage, ArticlePage, SeminarReportPage, Topic

register = template.Library()


def news_index(request: HttpRequest | None) -> ArticleIndexPage | None:
    """The live, public news page of the language being shown, once per request."""
    language = get_language()
    cache = getattr(request, "_articles_news_index", None) if request is not None else None
    if cache is not None and cache[0] == language:
        return cache[1]
    index = (
        ArticleIndexPage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .order_by("path")
        .first()
    )
    if request is not None:
        request._articles_news_index = (language, index)
    return index


@register.inclusion_tag("articles/includes/feed_links.html", takes_context=True)
def feed_links(context: template.Context) -> dict:
    request = context.get("request")
    index = news_index(request)
    if index is None or request is None:
        return {}
    base = index.get_url(request)
    return {
        "index": index,
        "rss_url": request.build_absolute_uri(base + index.reverse_subpage("rss_feed")),
        "atom_url": request.build_absolute_uri(base + index.reverse_subpage("atom_feed")),
    }


@register.simple_tag(takes_context=True)
def news_feed_url(context: template.Context) -> str:
    request = context.get("request")
    index = news_index(request)
    if index is None:
        return ""
    return index.get_url(request) + index.reverse_subpage("rss_feed")


@register.simple_tag(takes_context=True)
def latest_articles(context: template.Context, count: int = 3) -> list[ArticlePage]:
    index = news_index(context.get("request"))
    if index is None:
        return []
    articles = list(with_card_data(index.articles())[:count])
    attach_display_topics(articles, Topic.objects.filter(locale_id=index.locale_id, live=True))
    return articles


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    """An absolute address for sharing metadata, on the host the visitor used."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def article_json_ld(context: template.Context, page: ArticlePage) -> SafeString:
    request = context.get("request")
    scripts = [structured_data.json_ld_script(structured_data.news_article(page, request))]
    if isinstance(page, SeminarReportPage):
        scripts.append(structured_data.json_ld_script(structured_data.event(page, request)))
    return SafeString("\n".join(scripts))
