"""Demo content of issue #20: a contributor for Veldhoven, who writes in Dutch, with one
published good practice (in English and French) and one proposal in review.

The account is made as an operator would make it (``invite_contributor``: bound to the
profile, in its contributors' group); its demo password is set with the other demo
accounts, only when DEBUG is on (cms/management/commands/load_demo_content.py). The
proposal is a draft of the contributor's with the review workflow started on it, as
"Submit for review" does; the contribution pipeline (cms/translations/contributions.py)
takes it from there. Demo text, said to be demo text: the seed says nothing of
Veldhoven's own news.
"""

from __future__ import annotations

import datetime

from wagtail.models import Page

from articles.demo_lithuania import paragraphs
from articles.local_news import LocalNewsKind, LocalNewsPage
from cms.demo_kit.loader import DemoLoader, Text
from participants.contributors import Contributor, invite_contributor
from participants.models import ParticipantPage

T = Text

PROFILE_SLUG = "veldhoven"
CONTRIBUTOR_EMAIL = "veldhoven@example.org"  # the username invite_contributor gives it
CONTRIBUTOR_LANGUAGE = "nl"

PUBLISHED_SLUG = T("homework-club-with-roma-mediators", "club-de-devoirs-avec-des-mediateurs-roms")
PUBLISHED_TITLE = T(
    "A homework club run with Roma mediators",
    "Un club de devoirs animé avec des médiateurs roms",
)
PUBLISHED_STANDFIRST = T(
    "Demo content: how a municipality could pair school mediators with a weekly homework club.",
    "Contenu de démonstration : comment une commune pourrait associer des médiateurs "
    "scolaires à un club de devoirs hebdomadaire.",
)
PUBLISHED_TEXTS = [
    T(
        "Demo content: this good practice was written for the demonstration site by "
        "Veldhoven's demo contributor. It is not a report of a real project.",
        "Contenu de démonstration : cette bonne pratique a été écrite pour le site de "
        "démonstration par la contributrice de démonstration de Veldhoven. Elle ne rend "
        "pas compte d’un projet réel.",
    ),
    T(
        "Once a week, two mediators from the community meet families at the library, help "
        "the children with their homework and answer the parents' questions about school.",
        "Une fois par semaine, deux médiateurs issus de la communauté accueillent les "
        "familles à la bibliothèque, aident les enfants à faire leurs devoirs et répondent "
        "aux questions des parents sur l’école.",
    ),
]

PROPOSAL_SLUG = "taalcafe-voor-ouders"
PROPOSAL_TITLE = "Een taalcafé voor ouders"
PROPOSAL_STANDFIRST = (
    "Democontent: een voorstel van de democontributeur van Veldhoven, in het Nederlands "
    "geschreven en ter beoordeling ingediend."
)
PROPOSAL_TEXT = T(
    "Democontent: elke dinsdag oefenen ouders Nederlands met vrijwilligers, terwijl hun "
    "kinderen spelen.",
    "",
)


def load_local_news(loader: DemoLoader) -> None:
    """Veldhoven's contributor, its published good practice and its proposal in review,
    created once (a second run finds them by their address and slugs)."""
    profile = ParticipantPage.objects.filter(locale=loader.source_locale, slug=PROFILE_SLUG).first()
    if profile is None:
        return  # the participants' demo content was not loaded
    contributor = _contributor(loader, profile)
    published = loader.child_page(
        profile,
        LocalNewsPage,
        slug=PUBLISHED_SLUG.en,
        title=PUBLISHED_TITLE.en,
        standfirst=PUBLISHED_STANDFIRST.en,
        body=paragraphs(PUBLISHED_TEXTS),
        kind=LocalNewsKind.GOOD_PRACTICE,
        written_in=CONTRIBUTOR_LANGUAGE,
        owner=contributor.user,
    )
    loader.translate(
        published, [PUBLISHED_SLUG, PUBLISHED_TITLE, PUBLISHED_STANDFIRST, *PUBLISHED_TEXTS]
    )
    _proposal_in_review(loader, profile, contributor)


def _contributor(loader: DemoLoader, profile: ParticipantPage) -> Contributor:
    existing = Contributor.objects.filter(user__email__iexact=CONTRIBUTOR_EMAIL).first()
    if existing is not None:
        return existing
    contributor, _url = invite_contributor(profile, CONTRIBUTOR_EMAIL, CONTRIBUTOR_LANGUAGE)
    loader.note(f"contributor “{CONTRIBUTOR_EMAIL}” for {profile.title}")
    return contributor


def _proposal_in_review(
    loader: DemoLoader, profile: ParticipantPage, contributor: Contributor
) -> LocalNewsPage:
    """The contributor's Dutch draft, submitted: the review workflow started by them."""
    existing = profile.get_children().filter(slug=PROPOSAL_SLUG).specific().first()
    if existing is not None:
        return existing
    user = contributor.user
    page = LocalNewsPage(
        slug=PROPOSAL_SLUG,
        title=PROPOSAL_TITLE,
        standfirst=PROPOSAL_STANDFIRST,
        body=[("paragraph", paragraphs([PROPOSAL_TEXT])[0][1])],
        kind=LocalNewsKind.NEWS,
        written_in=CONTRIBUTOR_LANGUAGE,
        publication_date=datetime.date.today(),
        live=False,
        owner=user,
    )
    profile.add_child(instance=page)
    page.save_revision(user=user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(Page.objects.get(pk=page.pk).specific, user)
    loader.note(f"proposal in review “{PROPOSAL_TITLE}”")
    return page
