"""The XSS corpus and the content that carries it into every field an editor (or an
applicant) controls.

Each payload sets its own marker, `window.__xss_<n>`, when it runs, so a test can tell
which one got through. Payloads are grouped into three variants that fit a 255-character
field; every variant lands in every text field, so each output context (element text,
double- and single-quoted attributes, inline JSON, <title>, <textarea>, client-side
templates) receives every breaker. Content is written as editors write it: rich text
through Draftail's converter, URLs through Django's URL validation, StreamField values
through the blocks' own `clean()`, applications through the public join form.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

import wagtail_factories
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.blocks import StreamValue
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from articles.models import ArticleIndexPage, ArticlePage, ArticleParticipant, SeminarReportPage
from cms.core.models import SocialMediaSettings
from home.models import HomePage, StandardPage, TerminologyNote
from participants.models import (
    JoinPage,
    MembershipApplication,
    ParticipantIndexPage,
    ParticipantPage,
)
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
    TopicFactory,
    tag,
)
from tests.home.factories import StandardPageFactory, TerminologyNoteFactory
from tests.participants.factories import (
    JoinPageFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
)

MARKER = "__xss_"
# A plain word in every payload-bearing text so that search and autocomplete find it.
FINDABLE = "Zanzibar"

PAYLOADS: dict[int, str] = {
    0: "<script>window.__xss_0=1;alert(0)</script>",
    1: '<img src=x onerror="window.__xss_1=1;alert(1)">',
    2: '"><svg onload=window.__xss_2=1>',
    3: "'><svg onload=window.__xss_3=1>",
    4: "</textarea></title><script>window.__xss_4=1</script>",
    5: "</script><script>window.__xss_5=1</script>",
    6: '{{ 7|add:7 }}{% debug %}{{constructor.constructor("window.__xss_6=1")()}}',
    7: '" autofocus onfocus="window.__xss_7=1" x="',
    8: "＜script＞window.__xss_8=1＜/script＞\u2028\u202e<ScRiPt >window.__xss_8=1</sCrIpT >",
    9: '<a href="javascript:window.__xss_9=1" data-xss>x</a>'
    '<iframe src="javascript:window.__xss_9=1">',
}
# URL contexts: a javascript: link (must be refused or neutralised) and a valid
# http(s) address that tries to break out of the attribute it is written into.
JAVASCRIPT_URL = "javascript:window.__xss_10=1;alert(10)"
BREAKING_URL = 'https://example.org/"><svg/onload=window.__xss_11=1>'

VARIANTS: list[str] = [
    f"{FINDABLE} " + "".join(PAYLOADS[n] for n in (0, 1, 2, 3)),
    f"{FINDABLE} " + "".join(PAYLOADS[n] for n in (4, 5, 6)),
    f"{FINDABLE} " + "".join(PAYLOADS[n] for n in (7, 8, 9)),
]
assert all(len(text) <= 255 for text in VARIANTS)

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def rich_text(text: str, features: list[str] = PARAGRAPH_FEATURES) -> str:
    """What Draftail stores when an editor types `text` and adds two links, one to a
    javascript: address and one to an address that breaks out of its attribute."""
    links = " script link, breaking link"
    first = len(text) + len(" ")
    blocks = [
        {
            "key": "xss01",
            "type": "unstyled",
            "depth": 0,
            "text": text + links,
            "inlineStyleRanges": [{"offset": 0, "length": len(FINDABLE), "style": "BOLD"}],
            "entityRanges": [
                {"offset": first, "length": len("script link"), "key": 0},
                {"offset": first + len("script link, "), "length": len("breaking link"), "key": 1},
            ],
        }
    ]
    entities = {
        "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": JAVASCRIPT_URL}},
        "1": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": BREAKING_URL}},
    }
    contentstate = json.dumps({"blocks": blocks, "entityMap": entities})
    return ContentstateConverter(features).to_database_format(contentstate)


def cleaned_stream(model: type[Page], field_name: str, data: list[tuple[str, object]]):
    """The StreamField value as the admin would accept it: every block validated."""
    stream_block = model._meta.get_field(field_name).stream_block
    return stream_block.clean(StreamValue(stream_block, data))


@dataclass
class Planted:
    """Everything that carries payloads, for the tests to visit."""

    home: HomePage
    news: ArticleIndexPage
    participants_index: Page
    join: JoinPage
    reports: list[SeminarReportPage] = field(default_factory=list)
    articles: list[ArticlePage] = field(default_factory=list)
    participants: list[ParticipantPage] = field(default_factory=list)
    standard_pages: list[StandardPage] = field(default_factory=list)
    images: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    notes: list[TerminologyNote] = field(default_factory=list)
    applications: list[MembershipApplication] = field(default_factory=list)
    fr_pages: list[Page] = field(default_factory=list)
    promoted_query: Query | None = None


def _image(text: str):
    return wagtail_factories.ImageFactory(
        title=text, description=text, caption=text, credit=text[:255]
    )


def _document(text: str):
    return get_document_model().objects.create(
        title=text, file=ContentFile(b"Agenda", name="agenda.txt")
    )


def _body(model: type[Page], field_name: str, text: str, image, document, note=None):
    data = [
        ("paragraph", RichText(rich_text(text))),
        ("heading", {"text": text, "level": "h2"}),
        ("image", {"image": image, "caption": text}),
        ("quote", {"text": text + "\n" + text, "attribution": text}),
        ("document", {"document": document, "title": text}),
        (
            "call_to_action",
            {
                "title": text,
                "text": text,
                "page": None,
                "url": BREAKING_URL,
                "button_label": text[:80],
            },
        ),
    ]
    if note is not None:
        data.append(("terminology_note", note))
    return cleaned_stream(model, field_name, data)


def _translate(page: Page, locale: Locale, slug: str) -> Page:
    translation = page.copy_for_translation(locale, copy_parents=True, alias=False)
    translation.slug = slug
    translation.save_revision().publish()
    return translation


def _top_pages(home: HomePage) -> tuple[ArticleIndexPage, Page, JoinPage]:
    """The site's news, participants and join pages (the demo's, or new ones), each
    retitled with a payload."""
    top = VARIANTS[0]
    found = [
        model.objects.child_of(home).first()
        for model in (ArticleIndexPage, ParticipantIndexPage, JoinPage)
    ]
    if None in found:
        privacy = StandardPageFactory(parent=home, title=top, slug="privacy")
        found = [
            ArticleIndexPageFactory(parent=home),
            ParticipantIndexPageFactory(parent=home),
            JoinPageFactory(parent=home, privacy_page=privacy),
        ]
    for page in found:
        page.title = page.introduction = top
        if isinstance(page, JoinPage):
            page.confirmation_title = page.confirmation_text = top
        page.save_revision().publish()
    return found[0], found[1], found[2]


def plant(home: HomePage, locales: dict[str, Locale], applicant: Client) -> Planted:
    """Put payloads into every editor-controlled field of a bilingual site."""
    top = VARIANTS[0]
    news, participants_index, join = _top_pages(home)
    planted = Planted(home=home, news=news, participants_index=participants_index, join=join)

    for number, text in enumerate(VARIANTS):
        image, document = _image(text), _document(text)
        topic = TopicFactory(name=text[:100], slug=f"xss-{number}", description=text)
        note = TerminologyNoteFactory(title=text, text=rich_text(text, ["bold", "italic", "link"]))
        participant = ParticipantPageFactory(
            parent=participants_index,
            title=text,
            slug=f"xss-town-{number}",
            search_description=text,
            official_name=text,
            region=text,
            logo=image,
            latitude=Decimal("48") + number,
            longitude=Decimal("7") + 2 * number,
            roma_population_source=text,
            website=BREAKING_URL,
            contact_name=text,
            contact_role=text,
            contact_email=f"town{number}@example.org",
            contact_email_public=True,
            national_delegation=text,
            description=_body(ParticipantPage, "description", text, image, document),
        )
        report = SeminarReportPageFactory(
            parent=news,
            title=text,
            slug=f"xss-report-{number}",
            seo_title=text,
            search_description=text,
            standfirst=text,
            listing_image=image,
            body=_body(SeminarReportPage, "body", text, image, document, note),
            venue=text,
            place=text,
            organiser=text,
            partners=text + "\n" + text,
            attendee_description=text,
            topics_discussed=cleaned_stream(
                SeminarReportPage, "topics_discussed", [("topic", {"title": text, "summary": text})]
            ),
            outcomes=rich_text(text, ["bold", "italic", "link", "ol", "ul"]),
            site_visits=cleaned_stream(
                SeminarReportPage, "site_visits", [("visit", {"name": text, "description": text})]
            ),
            gallery=cleaned_stream(
                SeminarReportPage, "gallery", [("image", {"image": image, "caption": text})]
            ),
            documents=cleaned_stream(
                SeminarReportPage,
                "documents",
                [("document", {"document": document, "title": text})],
            ),
            publication_date=datetime.date(2024, 5, 1 + number),
        )
        tag(report, topic)
        ArticleParticipant.objects.create(page=report, participant=participant)
        article = ArticlePageFactory(
            parent=news,
            title=text,
            slug=f"xss-article-{number}",
            standfirst=text,
            listing_image=image,
            body=_body(ArticlePage, "body", text, image, document, note),
        )
        tag(article, topic)
        standard = StandardPageFactory(
            parent=home,
            title=text,
            slug=f"xss-page-{number}",
            introduction=text,
            body=_body(StandardPage, "body", text, image, document, note),
        )
        planted.images.append(image)
        planted.topics.append(topic)
        planted.notes.append(note)
        planted.participants.append(participant)
        planted.reports.append(report)
        planted.articles.append(article)
        planted.standard_pages.append(standard)
        planted.applications.append(_apply(applicant, join, text, number))

    home.title = top
    home.search_description = top
    home.introduction = top
    home.auspices = top
    home.hero_image = planted.images[0]
    home.join_heading = top
    home.join_text = top
    home.join_button_label = top[:80]
    home.join_page = join
    home.body = _body(HomePage, "body", top, planted.images[0], _document(top), planted.notes[0])
    home.save_revision().publish()

    # Editor's picks on the search page, and the footer's social links.
    query = Query.get(FINDABLE)
    for order, pick in enumerate(
        [
            SearchPromotion(query=query, page=planted.reports[0], description=top),
            SearchPromotion(
                query=query, external_link_url=BREAKING_URL, external_link_text=top, description=top
            ),
        ]
    ):
        pick.sort_order = order
        pick.full_clean()
        pick.save()
    planted.promoted_query = query
    social = SocialMediaSettings.for_site(Site.objects.get(is_default_site=True))
    social.facebook_url = social.twitter_url = BREAKING_URL
    social.full_clean()
    social.save()

    french = locales["fr"]
    for page in (home, news, planted.reports[0], planted.participants[0]):
        existing = page.get_translation_or_none(french)
        if existing is not None and existing.alias_of_id is None:
            continue
        if existing is not None:
            existing.delete()
        planted.fr_pages.append(_translate(page.specific, french, f"{page.slug}-fr"))
    return planted


def _apply(client: Client, join: JoinPage, text: str, number: int) -> MembershipApplication:
    """Send the public “Join the Alliance” form, as an anonymous visitor would."""
    response = client.post(
        join.url,
        {
            "authority_name": text,
            "kind": "municipality",
            "country": "LT",
            "website": BREAKING_URL,
            "contact_name": text,
            "contact_role": text,
            "email": f"applicant{number}@example.org",
            "phone": "+370 5 211 2000",
            "motivation": text + "\n" + JAVASCRIPT_URL,
            "consent": "on",
            "nickname": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return MembershipApplication.objects.get(email=f"applicant{number}@example.org")
