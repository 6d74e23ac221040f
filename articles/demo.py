"""Demo content of the articles app: the news page, topics, the Lithuania seminar
report from the seed (articles/demo_lithuania.py), short reports of the earlier national
seminars, the next seminar (articles/demo_events.py) and its postponement alert, and news
articles built from the seed's facts, in English and French; Veldhoven's contributor
with its local news (articles/demo_local_news.py).

Facts only: where the seed gives no date or place (the seminars in France, Spain and
Serbia), the reports leave them empty and say so. Publication dates are left to the
day the demo is loaded, because the seed does not say when anything was published.
"""

from __future__ import annotations

from articles.demo_events import load_upcoming
from articles.demo_lithuania import lithuania_report, paragraphs
from articles.demo_local_news import load_local_news
from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticleTopic,
    SeminarReportPage,
    Topic,
)
from cms.alerts import demo as alerts_demo
from cms.demo_kit.loader import DemoLoader, Text
from home.models import HomePage

T = Text

TOPICS: dict[str, tuple[Text, Text, Text]] = {
    # key: (name, slug, description)
    "funding": (
        T("Funding", "Financement"),
        T("funding", "financement"),
        T(
            "Continuous funding of projects and staff, and the capacity to administer EU "
            "and national funds.",
            "Le financement continu des projets et du personnel, et la capacité à gérer les "
            "fonds européens et nationaux.",
        ),
    ),
    "communication": (
        T("Communication with communities", "Communication avec les communautés"),
        T("communication", "communication"),
        T(
            "Reaching Roma families and individuals through mediators, Roma NGOs and "
            "dialogue platforms.",
            "Atteindre les familles et les personnes roms grâce aux médiateurs, aux ONG roms "
            "et aux plateformes de dialogue.",
        ),
    ),
    "coordination": (
        T(
            "Coordination between levels of government",
            "Coordination entre niveaux de gouvernement",
        ),
        T("coordination", "coordination"),
        T(
            "Local, regional and national authorities working to one long-term strategy.",
            "Des autorités locales, régionales et nationales qui suivent une même stratégie "
            "à long terme.",
        ),
    ),
    "employment": (
        T("Employment", "Emploi"),
        T("employment", "emploi"),
        T(
            "Public work schemes and individual support for people who struggle to find a job.",
            "Les programmes de travaux publics et l’accompagnement individuel des personnes "
            "qui peinent à trouver un emploi.",
        ),
    ),
    "housing": (
        T("Housing", "Logement"),
        T("housing", "logement"),
        T(
            "Housing as an essential human right, and the power to award social housing.",
            "Le logement comme droit humain essentiel, et le pouvoir d’attribuer des "
            "logements sociaux.",
        ),
    ),
    "education": (
        T("Education", "Éducation"),
        T("education", "education"),
        T(
            "School enrolment, early drop-out after primary school and cultural activities.",
            "La scolarisation, le décrochage précoce après l’école primaire et les activités "
            "culturelles.",
        ),
    ),
    "ngos": (
        T("NGOs and civil society", "ONG et société civile"),
        T("ngos", "ong"),
        T(
            "Non-governmental organisations as partners of local and regional authorities.",
            "Les organisations non gouvernementales, partenaires des collectivités locales et "
            "régionales.",
        ),
    ),
    "participation": (
        T("Political participation", "Participation politique"),
        T("political-participation", "participation-politique"),
        T(
            "Roma representatives standing for office and using their right to vote.",
            "Des représentants roms candidats aux élections et qui exercent leur droit de vote.",
        ),
    ),
}

INDEX_TITLE = T("News", "Actualités")
INDEX_SLUG = T("news", "actualites")
INDEX_INTRO = T(
    "News of the Alliance and reports of the national seminars it organises with its participants.",
    "Les actualités de l’Alliance et les comptes rendus des séminaires nationaux qu’elle "
    "organise avec ses participants.",
)

# The Lithuania seminar -----------------------------------------------------------
EARLIER_SEMINARS: list[tuple[str, Text, Text, Text, Text]] = [
    # country, slug, title, standfirst, paragraph
    (
        code,
        T(f"national-seminar-{slug_en}", f"seminaire-national-{slug_fr}"),
        T(
            f"National seminar on Roma inclusion in {name_en}",
            f"Séminaire national sur l’inclusion des Roms {name_fr}",
        ),
        T(
            f"{name_en} held a national seminar on Roma inclusion at local level before "
            "December 2015.",
            f"Un séminaire national sur l’inclusion des Roms au niveau local s’est tenu "
            f"{name_fr} avant décembre 2015.",
        ),
        T(
            f"A national seminar on Roma inclusion at local level took place in {name_en} "
            "before the first Lithuanian seminar of 17 December 2015. Its date, place and "
            "participants are not recorded on this site yet.",
            f"Un séminaire national sur l’inclusion des Roms au niveau local s’est tenu "
            f"{name_fr} avant le premier séminaire lituanien du 17 décembre 2015. Sa date, "
            "son lieu et ses participants ne sont pas encore indiqués sur ce site.",
        ),
    )
    for code, slug_en, slug_fr, name_en, name_fr in [
        ("FR", "france", "france", "France", "en France"),
        ("ES", "spain", "espagne", "Spain", "en Espagne"),
        ("RS", "serbia", "serbie", "Serbia", "en Serbie"),
    ]
]

# News articles --------------------------------------------------------------------
NEWS: list[tuple[Text, Text, Text, list[Text], list[str]]] = [
    (
        T(
            "national-seminars-bring-every-level-of-government-together",
            "les-seminaires-nationaux-reunissent-tous-les-niveaux",
        ),
        T(
            "National seminars bring every level of government to one table",
            "Les séminaires nationaux réunissent tous les niveaux de gouvernement",
        ),
        T(
            "After France, Spain and Serbia, Lithuania held its first national seminar on Roma "
            "inclusion in December 2015.",
            "Après la France, l’Espagne et la Serbie, la Lituanie a tenu son premier séminaire "
            "national sur l’inclusion des Roms en décembre 2015.",
        ),
        [
            T(
                "The Alliance’s national seminars bring elected officials and civil servants of "
                "cities and regions together with government representatives, scholars and "
                "NGOs, so that they can compare what works.",
                "Les séminaires nationaux de l’Alliance réunissent des élus et des "
                "fonctionnaires de villes et de régions avec des représentants du "
                "gouvernement, des chercheurs et des ONG, afin de comparer ce qui fonctionne.",
            ),
            T(
                "At the Lithuanian seminar, participants said that coordination between local, "
                "regional and national authorities is hard, and valued a meeting that put all "
                "of them in one room.",
                "Lors du séminaire lituanien, les participants ont souligné la difficulté de "
                "coordonner les autorités locales, régionales et nationales, et ont apprécié "
                "une rencontre qui les a toutes réunies.",
            ),
        ],
        ["coordination", "funding"],
    ),
    (
        T(
            "veldhoven-shares-experience-with-lithuanian-members",
            "veldhoven-partage-son-experience-avec-les-membres-lituaniens",
        ),
        T(
            "Veldhoven shares its experience with Lithuanian members",
            "Veldhoven partage son expérience avec les membres lituaniens",
        ),
        T(
            "A Dutch Alliance participant contributed to the first Lithuanian national seminar.",
            "Une ville néerlandaise participant à l’Alliance a contribué au premier séminaire "
            "national lituanien.",
        ),
        [
            T(
                "Veldhoven, in the Netherlands, has cooperated with Lithuanian members of the "
                "Alliance in the past. Its representatives took part in the national seminar "
                "held in Trakai, near Vilnius, on 17 December 2015.",
                "Veldhoven, aux Pays-Bas, a déjà coopéré avec des membres lituaniens de "
                "l’Alliance. Ses représentants ont participé au séminaire national organisé à "
                "Trakai, près de Vilnius, le 17 décembre 2015.",
            ),
            T(
                "After the seminar, the delegation and members of the Congress Secretariat "
                "visited the Roma Community Centre in Kirtimai, which supports children’s "
                "education and offers music lessons and leisure activities.",
                "Après le séminaire, la délégation et des membres du Secrétariat du Congrès ont "
                "visité le Centre communautaire rom de Kirtimai, qui soutient la scolarité des "
                "enfants et propose des cours de musique et des loisirs.",
            ),
        ],
        ["communication", "education"],
    ),
    (
        T(
            "roma-representatives-encouraged-to-stand-for-office",
            "les-representants-roms-encourages-a-se-porter-candidats",
        ),
        T(
            "Roma representatives encouraged to stand for office and to vote",
            "Les représentants roms encouragés à se porter candidats et à voter",
        ),
        T(
            "The Congress promotes initiatives that keep Roma inclusion on the political agenda.",
            "Le Congrès soutient les initiatives qui maintiennent l’inclusion des Roms à l’ordre "
            "du jour politique.",
        ),
        [
            T(
                "To keep Roma inclusion on the political agenda, the Congress of Local and "
                "Regional Authorities encourages Roma representatives to stand for office and "
                "to use their right to vote.",
                "Pour maintenir l’inclusion des Roms à l’ordre du jour politique, le Congrès "
                "des pouvoirs locaux et régionaux encourage les représentants roms à se porter "
                "candidats et à exercer leur droit de vote.",
            ),
            T(
                "The message was repeated at the Lithuanian national seminar, where participants "
                "asked for a long-term commitment from every level of government.",
                "Ce message a été rappelé lors du séminaire national lituanien, où les "
                "participants ont demandé un engagement à long terme de tous les niveaux de "
                "gouvernement.",
            ),
        ],
        ["participation", "coordination"],
    ),
]


def load(loader: DemoLoader) -> None:
    topics = {key: _topic(loader, *texts) for key, texts in TOPICS.items()}
    for home in HomePage.objects.filter(locale=loader.source_locale):
        index = loader.child_page(
            home,
            ArticleIndexPage,
            slug=INDEX_SLUG.en,
            title=INDEX_TITLE.en,
            introduction=INDEX_INTRO.en,
            show_in_menus=True,
        )
        loader.translate(index, [INDEX_SLUG, INDEX_TITLE, INDEX_INTRO])
        _earlier_seminars(loader, index)
        lithuania_report(loader, index, topics)
        kaunas = load_upcoming(loader, index)
        alerts_demo.load(loader, link_page=kaunas)
        for slug, title, standfirst, texts, topic_keys in NEWS:
            article = loader.child_page(
                index,
                ArticlePage,
                slug=slug.en,
                title=title.en,
                standfirst=standfirst.en,
                body=paragraphs(texts),
                topic_links=[ArticleTopic(topic=topics[key]) for key in topic_keys],
            )
            loader.translate(article, [slug, title, standfirst, *texts])
    # Veldhoven's contributor and local news (#20), under the profile the participants'
    # demo content made.
    load_local_news(loader)
    _link_translated_topics(loader)


def _link_translated_topics(loader: DemoLoader) -> None:
    """Point each translated article's topic links at the topics of its language, as an
    editor would: wagtail-localize keeps the source's links, to the source's topics, and
    a page then reads its own language's names in a query of their own (#19)."""
    # An alias (a language without its own translation yet) shows its source's topics.
    translated = (
        ArticlePage.objects.exclude(locale=loader.source_locale)
        .filter(alias_of__isnull=True)
        .prefetch_related("topic_links__topic")
    )
    for page in translated.specific():
        links = list(page.topic_links.all())
        if all(link.topic.locale_id == page.locale_id for link in links):
            continue
        page.topic_links = [
            ArticleTopic(
                topic=link.topic.get_translation_or_none(page.locale) or link.topic,
                sort_order=link.sort_order,
            )
            for link in links
        ]
        page.save_revision().publish()
        loader.note(f"topics of “{page}” in its language")


def _topic(loader: DemoLoader, name: Text, slug: Text, description: Text) -> Topic:
    topic = Topic.objects.filter(locale=loader.source_locale, slug=slug.en).first()
    if topic is None:
        topic = Topic(
            name=name.en, slug=slug.en, description=description.en, locale=loader.source_locale
        )
        topic.save()
        topic.save_revision().publish()
        loader.note(f"topic “{name.en}”")
    loader.translate(topic, [name, slug, description])
    return topic


def _earlier_seminars(loader: DemoLoader, index: ArticleIndexPage) -> None:
    for country, slug, title, standfirst, paragraph in EARLIER_SEMINARS:
        report = loader.child_page(
            index,
            SeminarReportPage,
            slug=slug.en,
            title=title.en,
            standfirst=standfirst.en,
            country=country,
            body=paragraphs([paragraph]),
        )
        loader.translate(report, [slug, title, standfirst, paragraph])
