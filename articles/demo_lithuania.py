"""Demo content: the report of Lithuania's first national seminar on Roma inclusion at
local level (17 December 2015, Trakai), the seed's own example of a seminar report, in
English and French: its event facts, topics, outcomes, site visit, photos (drawn
stand-ins with the page's own words for them), the members it mentions and the editor's
toolbox blocks (articles/demo_blocks.py).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from wagtail.rich_text import RichText

from articles.demo_blocks import report_toolbox
from articles.models import (
    ArticleIndexPage,
    ArticleParticipant,
    ArticleTopic,
    SeminarReportPage,
    Topic,
)
from cms.demo_kit.loader import DemoLoader, Text
from participants.models import ParticipantPage

T = Text

LT_TITLE = T(
    "First national seminar on Roma inclusion at local level held in Lithuania",
    "Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie",
)
LT_SLUG = T("lithuania-national-seminar-2015", "seminaire-national-lituanie-2015")
LT_STANDFIRST = T(
    "Mayors, civil servants, national authorities and NGOs discuss Roma inclusion",
    "Maires, fonctionnaires, autorités nationales et ONG débattent de l’inclusion des Roms",
)
LT_BODY = [
    T(
        "On 17 December 2015, Lithuania held its first national seminar on Roma inclusion "
        "at local level, in Trakai, a small village outside Vilnius.",
        "Le 17 décembre 2015, la Lituanie a accueilli son premier séminaire national sur "
        "l’inclusion des Roms au niveau local, à Trakai, un petit village proche de Vilnius.",
    ),
    T(
        "Twenty-three elected officials and senior civil servants of Lithuanian cities and "
        "regions met government representatives, scholars and NGO representatives to share "
        "experience, know-how and good practice. Most of the municipalities present take part "
        "in the Alliance, and some belong to Lithuania’s delegation to the Congress.",
        "Vingt-trois élus et hauts fonctionnaires de villes et de régions lituaniennes ont "
        "rencontré des représentants du gouvernement, des chercheurs et des représentants "
        "d’ONG pour partager leur expérience, leur savoir-faire et leurs bonnes pratiques. La "
        "plupart des municipalités présentes participent à l’Alliance, et certaines font "
        "partie de la délégation lituanienne au Congrès.",
    ),
    T(
        "Representatives of Veldhoven, a Dutch Alliance participant that has cooperated with "
        "Lithuanian members in the past, also contributed. Similar national seminars had "
        "already taken place in France, Spain and Serbia.",
        "Des représentants de Veldhoven, ville néerlandaise participant à l’Alliance qui a "
        "déjà coopéré avec des membres lituaniens, y ont également contribué. Des séminaires "
        "nationaux similaires avaient déjà eu lieu en France, en Espagne et en Serbie.",
    ),
]
LT_PLACE = T("Trakai, near Vilnius", "Trakai, près de Vilnius")
LT_ORGANISER = T(
    "Congress of Local and Regional Authorities of the Council of Europe",
    "Congrès des pouvoirs locaux et régionaux du Conseil de l’Europe",
)
LT_PARTNERS = T("Roma Community Centre, Kirtimai", "Centre communautaire rom de Kirtimai")
LT_ATTENDEES = T(
    "elected officials and senior civil servants of Lithuanian cities and regions, who met "
    "government representatives, scholars and NGO representatives",
    "élus et hauts fonctionnaires de villes et de régions lituaniennes, qui ont rencontré des "
    "représentants du gouvernement, des chercheurs et des représentants d’ONG",
)
LT_TOPICS_DISCUSSED: list[tuple[Text, Text]] = [
    (
        T("Funding", "Financement"),
        T(
            "Projects need funding that lasts longer than a short project, so that work and "
            "staff continue; this became very hard during and after the economic crisis. EU "
            "and national funds exist, but municipalities often lack the capacity to "
            "administer them.",
            "Les projets ont besoin de financements qui durent au-delà d’un projet court, pour "
            "que le travail et le personnel soient maintenus ; c’est devenu très difficile "
            "pendant et après la crise économique. Des fonds européens et nationaux existent, "
            "mais les municipalités manquent souvent de moyens pour les gérer.",
        ),
    ),
    (
        T("Communication with Roma communities", "Communication avec les communautés roms"),
        T(
            "Mediators and Roma NGOs acting as intermediaries were cited as good examples; some "
            "municipalities have set up dialogue platforms that bring every stakeholder to one "
            "table.",
            "Les médiateurs et les ONG roms servant d’intermédiaires ont été cités en exemple ; "
            "certaines municipalités ont créé des plateformes de dialogue qui réunissent tous "
            "les acteurs autour d’une même table.",
        ),
    ),
    (
        T(
            "Coordination between levels of government",
            "Coordination entre niveaux de gouvernement",
        ),
        T(
            "Participants regretted the lack of a long-term vision, strategy and commitment "
            "shared by all levels of government, and of sincere cooperation between them.",
            "Les participants ont regretté l’absence d’une vision, d’une stratégie et d’un "
            "engagement à long terme partagés par tous les niveaux de gouvernement, ainsi que "
            "d’une véritable coopération entre eux.",
        ),
    ),
    (
        T("Employment", "Emploi"),
        T(
            "Several municipalities offer public work as a measure of social inclusion to "
            "anyone who has trouble finding a job, not only to Roma. Participants called for "
            "individual, holistic support tailored to each person and family.",
            "Plusieurs municipalités proposent des travaux publics comme mesure d’inclusion "
            "sociale à toute personne qui peine à trouver un emploi, et pas seulement aux Roms. "
            "Les participants ont plaidé pour un accompagnement individuel et global, adapté à "
            "chaque personne et à chaque famille.",
        ),
    ),
    (
        T("Housing", "Logement"),
        T(
            "Housing is an essential human right on which other rights depend; the "
            "municipalities asked for more power to award social housing.",
            "Le logement est un droit humain essentiel dont dépendent les autres droits ; les "
            "municipalités ont demandé davantage de pouvoir pour attribuer des logements "
            "sociaux.",
        ),
    ),
    (
        T("Education", "Éducation"),
        T(
            "Municipalities described how they enrol children in school and the cultural "
            "activities they offer to children and adults. A priority is to prevent early "
            "drop-out after primary school, sometimes caused by early marriage, which is not "
            "limited to Roma communities.",
            "Les municipalités ont présenté leurs efforts de scolarisation et les activités "
            "culturelles proposées aux enfants et aux adultes. Une priorité est de prévenir le "
            "décrochage précoce après l’école primaire, parfois dû au mariage précoce, qui ne "
            "concerne pas seulement les communautés roms.",
        ),
    ),
    (
        T("The role of NGOs", "Le rôle des ONG"),
        T(
            "The last part of the seminar presented NGO projects and how authorities can rely "
            "on them, such as a day care centre in Vilnius that mediates on school attendance.",
            "La dernière partie du séminaire a présenté des projets d’ONG et la manière dont les "
            "autorités peuvent s’appuyer sur elles, par exemple un centre d’accueil de jour à "
            "Vilnius qui joue un rôle de médiation pour l’assiduité scolaire.",
        ),
    ),
    (
        T("Political participation", "Participation politique"),
        T(
            "To keep Roma inclusion on the political agenda, the Congress encourages Roma "
            "representatives to stand for office and to use their right to vote.",
            "Pour que l’inclusion des Roms reste à l’ordre du jour politique, le Congrès "
            "encourage les représentants roms à se porter candidats et à exercer leur droit "
            "de vote.",
        ),
    ),
]
LT_OUTCOMES = [
    T(
        "Participants welcomed a seminar that brought authorities from every level of "
        "government together.",
        "Les participants ont salué un séminaire qui a réuni des autorités de tous les "
        "niveaux de gouvernement.",
    ),
    T(
        "They asked for a long-term vision and commitment shared by local, regional and "
        "national government, and for more municipal power to award social housing.",
        "Ils ont demandé une vision et un engagement à long terme partagés par les niveaux "
        "local, régional et national, ainsi que davantage de pouvoir municipal pour attribuer "
        "des logements sociaux.",
    ),
]
LT_VISIT_NAME = T("Roma Community Centre, Kirtimai", "Centre communautaire rom, Kirtimai")
LT_VISIT_TEXT = T(
    "After the seminar, members of the Congress Secretariat and the Veldhoven delegation "
    "visited the Roma Community Centre in Kirtimai, a settlement near Vilnius. The centre, "
    "one of the partners of the seminar, gives children educational support, offers music "
    "lessons and leisure activities, and works to improve living conditions in Kirtimai.",
    "Après le séminaire, des membres du Secrétariat du Congrès et la délégation de Veldhoven "
    "ont visité le Centre communautaire rom de Kirtimai, un quartier d’habitat proche de "
    "Vilnius. Le centre, l’un des partenaires du séminaire, apporte un soutien scolaire aux "
    "enfants, propose des cours de musique et des loisirs, et s’efforce d’améliorer les "
    "conditions de vie à Kirtimai.",
)
PHOTO_DELEGATION_CAPTION = T(
    "Representatives of Veldhoven (NL) with Konstantin Stech (Roma Community Centre) and "
    "Denis Huber (Congress) in front of the Roma Community Centre (illustration)",
    "Des représentants de Veldhoven (Pays-Bas) avec Konstantin Stech (Centre communautaire "
    "rom) et Denis Huber (Congrès) devant le Centre communautaire rom (illustration)",
)
PHOTO_DELEGATION_ALT = T(
    "Generated illustration of low houses, standing in for the photo of the Veldhoven "
    "delegation with Konstantin Stech and Denis Huber in front of the Roma Community Centre",
    "Illustration générée de maisons basses, à la place de la photo de la délégation de "
    "Veldhoven avec Konstantin Stech et Denis Huber devant le Centre communautaire rom",
)
PHOTO_KIRTIMAI_ALT = T(
    "Generated illustration of low houses, standing in for the photo of Kirtimai, "
    "the settlement near Vilnius",
    "Illustration générée de maisons basses, à la place de la photo de Kirtimai, "
    "le quartier d’habitat proche de Vilnius",
)
PHOTO_KIRTIMAI_CAPTION = T(
    "Kirtimai, the settlement near Vilnius (illustration)",
    "Kirtimai, le quartier d’habitat proche de Vilnius (illustration)",
)

# Earlier national seminars: facts only ---------------------------------------------


def lithuania_report(
    loader: DemoLoader, index: ArticleIndexPage, topics: dict[str, Topic]
) -> SeminarReportPage:
    delegation = loader.image(
        "Demo illustration: the Veldhoven delegation at the Roma Community Centre",
        alt=PHOTO_DELEGATION_ALT.en,
        caption=PHOTO_DELEGATION_CAPTION.en,
        credit="CoE",
    )
    kirtimai = loader.image(
        "Demo illustration: Kirtimai near Vilnius",
        alt=PHOTO_KIRTIMAI_ALT.en,
        caption=PHOTO_KIRTIMAI_CAPTION.en,
        credit="CoE",
    )
    participants = _lithuania_participants(loader)
    toolbox, toolbox_texts = report_toolbox(loader, [title for title, _ in LT_TOPICS_DISCUSSED])
    report = loader.child_page(
        index,
        SeminarReportPage,
        slug=LT_SLUG.en,
        title=LT_TITLE.en,
        standfirst=LT_STANDFIRST.en,
        listing_image=delegation,
        listing_image_alt_text=PHOTO_DELEGATION_ALT.en,
        listing_image_caption=PHOTO_DELEGATION_CAPTION.en,
        body=paragraphs(LT_BODY) + toolbox,
        start_date=datetime.date(2015, 12, 17),
        place=LT_PLACE.en,
        country="LT",
        organiser=LT_ORGANISER.en,
        partners=LT_PARTNERS.en,
        attendee_count=23,
        attendee_description=LT_ATTENDEES.en,
        topics_discussed=[
            ("topic", {"title": title.en, "summary": summary.en})
            for title, summary in LT_TOPICS_DISCUSSED
        ],
        outcomes="".join(f"<p>{text.en}</p>" for text in LT_OUTCOMES),
        site_visits=[("visit", {"name": LT_VISIT_NAME.en, "description": LT_VISIT_TEXT.en})],
        gallery=[
            ("image", _image_use(delegation, PHOTO_DELEGATION_ALT, PHOTO_DELEGATION_CAPTION)),
            ("image", _image_use(kirtimai, PHOTO_KIRTIMAI_ALT, PHOTO_KIRTIMAI_CAPTION)),
        ],
        topic_links=[
            ArticleTopic(topic=topics[key])
            for key in (
                "funding",
                "communication",
                "coordination",
                "employment",
                "housing",
                "education",
                "ngos",
                "participation",
            )
        ],
        participant_links=[ArticleParticipant(participant=member) for member in participants],
    )
    loader.translate(
        report,
        [
            LT_SLUG,
            LT_TITLE,
            LT_STANDFIRST,
            *LT_BODY,
            LT_PLACE,
            LT_ORGANISER,
            LT_PARTNERS,
            LT_ATTENDEES,
            *(text for pair in LT_TOPICS_DISCUSSED for text in pair),
            *LT_OUTCOMES,
            LT_VISIT_NAME,
            LT_VISIT_TEXT,
            PHOTO_DELEGATION_ALT,
            PHOTO_DELEGATION_CAPTION,
            PHOTO_KIRTIMAI_ALT,
            PHOTO_KIRTIMAI_CAPTION,
            Text("CoE", "CoE"),  # a name: the same in both languages
            *toolbox_texts,
        ],
    )
    return report


def _image_use(image: Any, alt: Text, caption: Text) -> dict[str, Any]:
    """A gallery image with the page's own words for it (cms/core/image_text.py)."""
    return {
        "image": image,
        "alt_text": alt.en,
        "decorative": False,
        "caption": caption.en,
        "credit": image.credit,
    }


def _lithuania_participants(loader: DemoLoader) -> list:
    """The English profiles of the Lithuanian members and of Veldhoven, if the
    participants demo has made them."""
    return list(
        ParticipantPage.objects.live()
        .filter(locale=loader.source_locale)
        .filter(Q(country="LT") | Q(slug="veldhoven"))
        .order_by("title")
    )


def paragraphs(texts: list[Text]) -> list[tuple[str, RichText]]:
    """Paragraph blocks of the English texts (the translation gets the French)."""
    return [("paragraph", RichText(f"<p>{text.en}</p>")) for text in texts]
