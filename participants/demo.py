"""Demo content of the participants app: the index, profiles and the join page, in
English and French.

Veldhoven is an Alliance participant according to the seed page. The seed says that
Lithuanian cities and regions, most of them participants, met at the seminar in Trakai
without naming them: the Lithuanian profiles stand in for them and say so. The other
profiles are fictional, to give the map and the per-country figures some substance;
each says in its description that it is demo data.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from wagtail.rich_text import RichText

from cms.demo_kit.loader import DemoLoader, Text
from home.models import HomePage
from participants.models import JoinPage, ParticipantIndexPage, ParticipantPage

INDEX_TITLE = Text("Participants", "Participants")
INDEX_INTRO = Text(
    "The cities and regions that take part in the Alliance, on a map and in a list.",
    "Les villes et les régions qui participent à l’Alliance, sur une carte et dans une liste.",
)
JOIN_TITLE = Text("Join the Alliance", "Rejoindre l’Alliance")
JOIN_SLUG = Text("join", "rejoindre")
JOIN_INTRO = Text(
    "Local and regional authorities that work for Roma inclusion are welcome to take part "
    "in the Alliance. Tell us about your authority with this form; our reviewers will "
    "answer you.",
    "Les collectivités locales et régionales qui œuvrent pour l’inclusion des Roms sont "
    "invitées à participer à l’Alliance. Présentez-nous votre collectivité grâce à ce "
    "formulaire ; nos relecteurs vous répondront.",
)
JOIN_CONFIRMATION_TITLE = Text("Thank you for your application", "Merci pour votre demande")
JOIN_CONFIRMATION = Text(
    "We have received your application and sent you a confirmation by email. A reviewer "
    "will contact you about the next steps.",
    "Nous avons bien reçu votre demande et vous avons envoyé une confirmation par courriel. "
    "Un relecteur vous contactera au sujet des prochaines étapes.",
)

# The join page's questions and answers (an accordion marked as a FAQ).
FAQ_HEADING = Text("Questions about joining", "Questions sur l’adhésion")
FAQ = [
    (
        Text("Who can join the Alliance?", "Qui peut rejoindre l’Alliance ?"),
        Text(
            "Cities, regions and other local and regional authorities that work for Roma "
            "inclusion.",
            "Les villes, les régions et les autres collectivités locales et régionales qui "
            "œuvrent pour l’inclusion des Roms.",
        ),
    ),
    (
        Text("What does the Alliance do?", "Que fait l’Alliance ?"),
        Text(
            "It works against discrimination of Roma at local and regional level, promotes "
            "their inclusion and raises awareness among local and regional authorities, "
            "under the auspices of the Congress of Local and Regional Authorities of the "
            "Council of Europe.",
            "Elle lutte contre la discrimination des Roms au niveau local et régional, "
            "favorise leur inclusion et sensibilise les collectivités locales et régionales, "
            "sous les auspices du Congrès des pouvoirs locaux et régionaux du Conseil de "
            "l’Europe.",
        ),
    ),
    (
        Text("What happens after we apply?", "Que se passe-t-il après notre demande ?"),
        Text(
            "You receive a confirmation by email. A reviewer reads your application and "
            "contacts you about the next steps; once your authority is accepted, it has its "
            "own profile on this site.",
            "Vous recevez une confirmation par courriel. Un relecteur lit votre demande et "
            "vous contacte au sujet des prochaines étapes ; une fois votre collectivité "
            "acceptée, elle dispose de son propre profil sur ce site.",
        ),
    ),
]


class Profile(NamedTuple):
    slug: str
    name: str
    kind: str
    country: str
    lat: str
    lon: str
    region: Text | None
    joined: datetime.date | None
    description: Text
    status: str = "active"


def _fictional(name: str) -> Text:
    return Text(
        f"Demo profile: {name} is a fictional participant made up for this demonstration "
        "site. Its name, location, kind and date of joining are demo data.",
        f"Profil de démonstration : {name} est un participant fictif inventé pour ce site de "
        "démonstration. Son nom, sa localisation, sa catégorie et sa date d’adhésion sont des "
        "données de démonstration.",
    )


def _lithuanian(name: str) -> Text:
    return Text(
        f"Demo profile: the seed page says that Lithuanian cities and regions, most of them "
        f"Alliance participants, met at the national seminar in Trakai on 17 December 2015, "
        f"without naming them. This profile of {name} stands in for one of them; its details "
        "are demo data.",
        f"Profil de démonstration : la page d’origine indique que des villes et des régions "
        f"lituaniennes, pour la plupart participantes de l’Alliance, se sont réunies au "
        f"séminaire national de Trakai le 17 décembre 2015, sans les nommer. Ce profil de "
        f"{name} tient lieu de l’une d’elles ; ses données sont des données de démonstration.",
    )


VELDHOVEN = Text(
    "Veldhoven, a municipality in the south of the Netherlands, is an Alliance participant. "
    "It has cooperated with Lithuanian members in the past, and its representatives "
    "contributed to the first national seminar on Roma inclusion in Lithuania, held on "
    "17 December 2015.",
    "Veldhoven, commune du sud des Pays-Bas, participe à l’Alliance. Elle a coopéré par le "
    "passé avec des membres lituaniens, et ses représentants ont contribué au premier "
    "séminaire national sur l’inclusion des Roms en Lituanie, le 17 décembre 2015.",
)
NORTH_BRABANT = Text("North Brabant", "Brabant-Septentrional")
VILNIUS_COUNTY = Text("Vilnius County", "Apskritis de Vilnius")
KAUNAS_COUNTY = Text("Kaunas County", "Apskritis de Kaunas")

PROFILES: list[Profile] = [
    Profile(
        "veldhoven",
        "Veldhoven",
        "municipality",
        "NL",
        "51.4183",
        "5.4028",
        NORTH_BRABANT,
        None,
        VELDHOVEN,
    ),
    Profile(
        "trakai-district",
        "Trakai District Municipality",
        "district",
        "LT",
        "54.6379",
        "24.9342",
        VILNIUS_COUNTY,
        None,
        _lithuanian("Trakai District Municipality"),
    ),
    Profile(
        "vilnius-city",
        "Vilnius City Municipality",
        "city",
        "LT",
        "54.6872",
        "25.2797",
        VILNIUS_COUNTY,
        None,
        _lithuanian("Vilnius City Municipality"),
    ),
    Profile(
        "kaunas-district",
        "Kaunas District Municipality",
        "district",
        "LT",
        "54.8985",
        "23.9036",
        KAUNAS_COUNTY,
        None,
        _lithuanian("Kaunas District Municipality"),
    ),
    Profile(
        "hoogeveld",
        "Hoogeveld",
        "municipality",
        "NL",
        "52.2100",
        "6.1000",
        None,
        datetime.date(2014, 3, 20),
        _fictional("Hoogeveld"),
    ),
    Profile(
        "lindendam",
        "Lindendam",
        "city",
        "NL",
        "53.0500",
        "5.6500",
        None,
        datetime.date(2016, 9, 5),
        _fictional("Lindendam"),
    ),
    Profile(
        "saint-aubin-des-pres",
        "Saint-Aubin-des-Prés",
        "municipality",
        "FR",
        "47.3900",
        "0.6900",
        None,
        datetime.date(2013, 10, 14),
        _fictional("Saint-Aubin-des-Prés"),
    ),
    Profile(
        "montclar-sur-garonne",
        "Montclar-sur-Garonne",
        "city",
        "FR",
        "43.9000",
        "1.2000",
        None,
        datetime.date(2015, 2, 2),
        _fictional("Montclar-sur-Garonne"),
    ),
    Profile(
        "val-de-brie",
        "Communauté du Val-de-Brie",
        "county",
        "FR",
        "48.6200",
        "3.0500",
        None,
        datetime.date(2017, 6, 1),
        _fictional("Communauté du Val-de-Brie"),
    ),
    Profile(
        "villaclara-del-rio",
        "Villaclara del Río",
        "city",
        "ES",
        "37.6000",
        "-4.9000",
        None,
        datetime.date(2014, 11, 12),
        _fictional("Villaclara del Río"),
    ),
    Profile(
        "campoalto",
        "Campoalto",
        "municipality",
        "ES",
        "41.7000",
        "-2.4000",
        None,
        datetime.date(2016, 4, 18),
        _fictional("Campoalto"),
    ),
    Profile(
        "sierra-media",
        "Sierra Media Region",
        "region",
        "ES",
        "40.3000",
        "-5.6000",
        None,
        datetime.date(2018, 1, 22),
        _fictional("Sierra Media Region"),
    ),
    Profile(
        "novo-selo-na-savi",
        "Novo Selo na Savi",
        "municipality",
        "RS",
        "44.7500",
        "19.6500",
        None,
        datetime.date(2015, 5, 27),
        _fictional("Novo Selo na Savi"),
    ),
    Profile(
        "zlatopolje",
        "Zlatopolje",
        "city",
        "RS",
        "43.3300",
        "21.9500",
        None,
        datetime.date(2016, 10, 3),
        _fictional("Zlatopolje"),
    ),
    Profile(
        "valea-verde",
        "Valea Verde",
        "municipality",
        "RO",
        "46.7500",
        "23.5500",
        None,
        datetime.date(2014, 6, 9),
        _fictional("Valea Verde"),
    ),
    Profile(
        "dealu-mare-county",
        "Dealu Mare County",
        "county",
        "RO",
        "44.9000",
        "26.0000",
        None,
        datetime.date(2017, 3, 15),
        _fictional("Dealu Mare County"),
    ),
    Profile(
        "horna-lucka",
        "Horná Lúčka",
        "municipality",
        "SK",
        "48.7300",
        "21.2500",
        None,
        datetime.date(2015, 9, 30),
        _fictional("Horná Lúčka"),
    ),
    Profile(
        "novy-breh",
        "Nový Breh",
        "city",
        "SK",
        "48.3100",
        "18.0900",
        None,
        datetime.date(2019, 2, 11),
        _fictional("Nový Breh"),
    ),
    Profile(
        "belo-pole",
        "Belo Pole",
        "municipality",
        "BG",
        "42.6800",
        "23.3100",
        None,
        datetime.date(2016, 12, 1),
        _fictional("Belo Pole"),
    ),
    Profile(
        "zlatna-reka",
        "Zlatna Reka",
        "city",
        "BG",
        "43.2000",
        "27.9000",
        None,
        datetime.date(2014, 5, 5),
        _fictional("Zlatna Reka"),
        status="former",
    ),
]


def load(loader: DemoLoader) -> None:
    for home in HomePage.objects.filter(locale=loader.source_locale):
        _load_for_home(loader, home)


def _load_for_home(loader: DemoLoader, home: HomePage) -> None:
    index = loader.child_page(
        home,
        ParticipantIndexPage,
        slug="participants",
        title=INDEX_TITLE.en,
        introduction=INDEX_INTRO.en,
        show_in_menus=True,
    )
    loader.translate(index, [INDEX_TITLE, Text("participants", "participants"), INDEX_INTRO])
    for profile in PROFILES:
        page = loader.child_page(
            index,
            ParticipantPage,
            slug=profile.slug,
            title=profile.name,
            kind=profile.kind,
            country=profile.country,
            region=profile.region.en if profile.region else "",
            latitude=Decimal(profile.lat),
            longitude=Decimal(profile.lon),
            date_joined=profile.joined,
            status=profile.status,
            description=[("paragraph", RichText(f"<p>{profile.description.en}</p>"))],
        )
        texts = [Text(profile.name, profile.name), Text(profile.slug, profile.slug)]
        texts.append(profile.description)
        if profile.region:
            texts.append(profile.region)
        loader.translate(page, texts)

    privacy = home.get_children().filter(slug="privacy").first()
    join = loader.child_page(
        home,
        JoinPage,
        slug=JOIN_SLUG.en,
        title=JOIN_TITLE.en,
        introduction=JOIN_INTRO.en,
        privacy_page=privacy,
        confirmation_title=JOIN_CONFIRMATION_TITLE.en,
        confirmation_text=JOIN_CONFIRMATION.en,
        body=[("accordion", _faq())],
        show_in_menus=True,
    )
    loader.translate(
        join,
        [
            JOIN_TITLE,
            JOIN_SLUG,
            JOIN_INTRO,
            JOIN_CONFIRMATION_TITLE,
            JOIN_CONFIRMATION,
            FAQ_HEADING,
            *(text for pair in FAQ for text in pair),
        ],
    )
    # The English home links to the join page; its translations follow through
    # wagtail-localize, so they stay "translated" rather than "out of date".
    if home.join_page_id is None:
        home.join_page = join
        home.save_revision().publish()
        loader.resync_translations(home)
        loader.note(f"join page link of “{home.title}”")


def _faq() -> dict:
    return {
        "heading": FAQ_HEADING.en,
        "is_faq": True,
        "items": [
            {"question": question.en, "answer": RichText(f"<p>{answer.en}</p>")}
            for question, answer in FAQ
        ],
    }
