"""A mixed bilingual data set for the visibility tests, and what an anonymous visitor may see.

Every page made here has the word ``Quokka`` and a code word of its own in its title, so one
search finds them all and one autocomplete prefix finds exactly one of them. The expected
sets are computed from the database with Wagtail's own rule for serving a page
(``Page.get_view_restrictions``, which resolves aliases to their source) rather than
with the queryset the surfaces use, so that a surface sharing a blind spot with
``PageQuerySet.public()`` still fails.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
)
from wagtail_localize.synctree import create_aliases_for_new_page

from articles.models import ArticlePage, Topic
from home.models import TerminologyNote
from participants.models import ParticipantPage
from tests.articles.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SeminarReportPageFactory,
    TopicFactory,
)
from tests.home.factories import StandardPageFactory, TerminologyNoteFactory
from tests.participants.factories import (
    MembershipApplicationFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
)

MARK = "Quokka"
PASSWORD = "members-only-2024"

# Words that exist only in content no anonymous visitor may read.
DRAFT_TITLE = "Quokka Zebulon unpublished rewrite"
NEVER_PUBLISHED_TITLE = "Quokka Xylophone embargoed draft"
SECRET_WORDS = ("Zebulon", "Xylophone")
APPLICANT_NAME = "Zofia Wiśniewska-Quokkowska"
APPLICANT_EMAIL = "zofia.applicant@private.example"
APPLICANT_PHONE_LIKE = "Quokkowska motivation letter"
PRIVATE_CONTACT_EMAIL = "mayor.private@quokkaville.example"
PERSONAL_DATA = (APPLICANT_NAME, APPLICANT_EMAIL, APPLICANT_PHONE_LIKE, PRIVATE_CONTACT_EMAIL)


def created(page: Page) -> Page:
    """A page as the admin creates it: wagtail-localize's synctree hook (run by the
    admin's ``after_create_page``) mirrors it at once into French as an alias."""
    create_aliases_for_new_page(page)
    return page


def publish(page: Page) -> Page:
    """Publishes as a reviewer's approval would: a revision, then publish."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


def translate(page: Page, locale: Locale, **fields) -> Page:
    """A reviewed and published translation of `page` (replacing its synctree alias)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        translated = existing.specific
        translated.alias_of = None
    else:
        translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    return publish(translated)


def alias_in(page: Page, locale: Locale) -> Page:
    """The untranslated alias of `page` in `locale` (synctree makes it when it can)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    parent = page.get_parent().get_translation(locale)
    return page.create_alias(parent=parent, update_locale=locale)


def png(title: str) -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), (40, 90, 140)).save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name=f"{title.lower().replace(' ', '-')}.png")


@dataclass
class Dataset:
    """Named objects of the data set; the tests refer to them when something leaks."""

    pages: dict[str, Page] = field(default_factory=dict)
    images: dict[str, object] = field(default_factory=dict)
    documents: dict[str, object] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    notes: dict[str, TerminologyNote] = field(default_factory=dict)

    def name_of(self, page_id: int) -> str:
        for name, page in self.pages.items():
            if page.pk == page_id:
                return name
        page = Page.objects.filter(pk=page_id).first()
        return f"{page.title!r} ({page.locale.language_code})" if page else "?"

    def names(self, ids: set[int]) -> list[str]:
        return sorted(f"{page_id}={self.name_of(page_id)}" for page_id in ids)


def build(home_en: Page, home_fr: Page) -> Dataset:
    """Builds the mixed data set as editors and reviewers would have left it."""
    fr = Locale.objects.get(language_code="fr")
    data = Dataset()
    pages = data.pages

    pages["news_en"] = news_en = publish(created(ArticleIndexPageFactory(parent=home_en)))
    pages["news_fr"] = translate(news_en, fr, title="Actualités", slug="actualites")
    pages["members_en"] = members_en = publish(created(ParticipantIndexPageFactory(parent=home_en)))
    pages["members_fr"] = translate(members_en, fr, title="Participants", slug="participants")

    collections = _collections()
    data.images = {
        name: get_image_model().objects.create(
            title=f"{MARK} image {name}",
            description=f"Alt text of {name}",
            credit="CoE",
            collection=collection,
            file=png(f"{MARK} {name}"),
        )
        for name, collection in collections.items()
    }
    data.documents = {
        name: get_document_model().objects.create(
            title=f"{MARK} document {name}",
            collection=collection,
            file=ContentFile(b"minutes\n", name=f"{name}.txt"),
        )
        for name, collection in collections.items()
    }

    # Live, public articles and a report, translated.
    pages["article_en"] = article = publish(
        created(
            ArticlePageFactory(
                parent=news_en,
                title=f"{MARK} Alpha housing news",
                slug="alpha",
                listing_image=data.images["public"],
            )
        )
    )
    pages["article_fr"] = translate(article, fr, title=f"{MARK} Alpha logement", slug="alpha-fr")
    pages["report_en"] = report = publish(
        created(
            SeminarReportPageFactory(parent=news_en, title=f"{MARK} Bravo seminar", slug="bravo")
        )
    )
    pages["report_fr"] = translate(report, fr, title=f"{MARK} Bravo séminaire", slug="bravo-fr")

    # Left untranslated: French shows an alias of the English page.
    pages["untranslated_en"] = untranslated = publish(
        created(
            ArticlePageFactory(parent=news_en, title=f"{MARK} Charlie untranslated", slug="charlie")
        )
    )
    pages["alias_fr"] = alias_in(untranslated, fr)

    # Live, with a newer draft that a reviewer has not approved.
    pages["with_draft_en"] = with_draft = publish(
        created(ArticlePageFactory(parent=news_en, title=f"{MARK} Delta live title", slug="delta"))
    )
    with_draft.title = DRAFT_TITLE
    with_draft.standfirst = "Zebulon: what the draft would say."
    with_draft.save_revision()

    # Never published.
    pages["never_published_en"] = created(
        ArticlePageFactory(parent=news_en, title=NEVER_PUBLISHED_TITLE, slug="echo", live=False)
    )
    # Published, then unpublished by a reviewer.
    pages["unpublished_en"] = withdrawn = publish(
        created(
            ArticlePageFactory(parent=news_en, title=f"{MARK} Foxtrot withdrawn", slug="foxtrot")
        )
    )
    withdrawn.unpublish()
    # Published with an expiry date that has passed; the scheduler has run.
    pages["expired_en"] = expired = publish(
        created(ArticlePageFactory(parent=news_en, title=f"{MARK} Golf expired", slug="golf"))
    )
    Page.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("publish_scheduled", verbosity=0)

    # Private sections: made public first, restricted afterwards (as editors do it),
    # each with a child, and a private article and a private participant.
    pages["password_en"] = password_section = publish(
        created(
            StandardPageFactory(parent=home_en, title=f"{MARK} Hotel members area", slug="hotel")
        )
    )
    pages["password_child_en"] = publish(
        created(
            StandardPageFactory(
                parent=password_section, title=f"{MARK} India minutes", slug="india"
            )
        )
    )
    pages["login_en"] = login_section = publish(
        created(
            StandardPageFactory(parent=home_en, title=f"{MARK} Juliet staff area", slug="juliet")
        )
    )
    pages["login_child_en"] = publish(
        created(
            StandardPageFactory(parent=login_section, title=f"{MARK} Kilo staff memo", slug="kilo")
        )
    )
    pages["private_article_en"] = private_article = publish(
        created(ArticlePageFactory(parent=news_en, title=f"{MARK} Lima board news", slug="lima"))
    )

    # Participants: one public (with an email it did not agree to publish), one former,
    # one behind a login restriction.
    pages["participant_en"] = participant = publish(
        created(
            ParticipantPageFactory(
                parent=members_en,
                title=f"{MARK} Mike town",
                slug="mike",
                contact_email=PRIVATE_CONTACT_EMAIL,
                contact_email_public=False,
            )
        )
    )
    pages["participant_fr"] = translate(participant, fr, title=f"{MARK} Mike ville", slug="mike")
    pages["former_participant_en"] = publish(
        created(
            ParticipantPageFactory(
                parent=members_en, title=f"{MARK} November town", slug="november", status="former"
            )
        )
    )
    pages["private_participant_en"] = private_participant = publish(
        created(
            ParticipantPageFactory(
                parent=members_en,
                title=f"{MARK} Oscar town",
                slug="oscar",
                latitude=Decimal("48.5"),
                longitude=Decimal("7.7"),
            )
        )
    )
    for page in (password_section, private_article):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
        )
    for page in (login_section, private_participant):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    # Pages synctree mirrored into French are part of the data set too.
    for name, page in list(pages.items()):
        if name.endswith("_en"):
            mirrored = page.get_translation_or_none(fr)
            if mirrored is not None and f"{name[:-3]}_fr" not in pages:
                pages[f"{name[:-3]}_fr_alias"] = mirrored

    # Snippets: live topics in both languages, a never-published topic and note.
    data.topics["live_en"] = topic = TopicFactory(name=f"{MARK} Housing", slug="housing")
    topic_fr = topic.copy_for_translation(fr)
    topic_fr.name, topic_fr.slug, topic_fr.live = f"{MARK} Logement", "logement", True
    topic_fr.save()
    data.topics["live_fr"] = topic_fr
    data.topics["draft_en"] = TopicFactory(name="Xylophone topic", slug="xylophone", live=False)
    data.notes["live_en"] = TerminologyNoteFactory(title=f"{MARK} note")
    data.notes["draft_en"] = TerminologyNoteFactory(title="Xylophone note", live=False)

    # An application to join, with an applicant's personal data.
    MembershipApplicationFactory(
        authority_name="Quokkowo municipality",
        contact_name=APPLICANT_NAME,
        email=APPLICANT_EMAIL,
        motivation=APPLICANT_PHONE_LIKE,
    )
    for name, page in pages.items():
        pages[name] = Page.objects.get(pk=page.pk).specific
    return data


def _collections() -> dict[str, Collection]:
    root = Collection.get_first_root_node()
    public = root.add_child(name="Press photos")
    private = root.add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password=PASSWORD
    )
    private_child = private.add_child(name="Board papers 2024")
    return {"public": public, "private": private, "private_child": private_child}


# What an anonymous visitor may see, from the database.


def visible_page_ids(locale_code: str | None = None, model: type[Page] = Page) -> set[int]:
    """Live pages (of `locale_code`, of `model` or a subclass) that Wagtail would serve to
    an anonymous visitor: no view restriction on them, their ancestors or, for aliases,
    their sources. This is what ``Page.objects.live().public()`` is meant to be."""
    pages = Page.objects.live().type(model).exclude(depth=1)
    if locale_code:
        pages = pages.filter(locale__language_code=locale_code)
    return {page.pk for page in pages if not page.get_view_restrictions().exists()}


def visible_article_ids(index: Page) -> set[int]:
    """The feed of a news index: its visible articles and reports."""
    children = set(ArticlePage.objects.child_of(index).values_list("pk", flat=True))
    return visible_page_ids(index.locale.language_code, ArticlePage) & children


def visible_map_ids(locale_code: str) -> set[int]:
    """The participants map: visible, active profiles with a location."""
    active = ParticipantPage.objects.filter(status="active", latitude__isnull=False)
    return visible_page_ids(locale_code, ParticipantPage) & set(active.values_list("pk", flat=True))


def marked_ids(ids: set[int]) -> set[int]:
    """The pages among `ids` whose title has the data set's search word."""
    return set(Page.objects.filter(pk__in=ids, title__contains=MARK).values_list("pk", flat=True))


def visible_collection_ids() -> set[int]:
    """Collections without a view restriction on them or an ancestor."""
    restricted = [
        collection.path for collection in Collection.objects.filter(view_restrictions__isnull=False)
    ]
    return {
        collection.pk
        for collection in Collection.objects.all()
        if not any(collection.path.startswith(path) for path in restricted)
    }


def visible_image_ids() -> set[int]:
    return set(
        get_image_model()
        .objects.filter(collection__in=visible_collection_ids())
        .values_list("pk", flat=True)
    )


def visible_document_ids() -> set[int]:
    return set(
        get_document_model()
        .objects.filter(collection__in=visible_collection_ids())
        .values_list("pk", flat=True)
    )


def all_page_ids() -> set[int]:
    return set(Page.objects.exclude(depth=1).values_list("pk", flat=True))


def page_ids_by_path() -> dict[str, int]:
    """Every page's URL path (hidden ones too), so links found in a response map back."""
    found: dict[str, int] = {}
    for page in Page.objects.exclude(depth=1).specific():
        url = page.get_url()
        if url:
            found[url] = page.pk
    return found
