"""Demo content of the home app: both home pages, the terminology note, standard pages."""

from __future__ import annotations

from wagtail.models import Collection, Page, Site
from wagtail.rich_text import RichText

from cms.core.models import SocialMediaSettings
from cms.core.sites import align_default_site
from cms.demo_kit.loader import DemoLoader, Text
from home.models import HomePage, StandardPage, TerminologyNote

SITE_TITLE = Text(
    "European Alliance of Cities and Regions for Roma Inclusion",
    "Alliance européenne des villes et des régions pour l’inclusion des Roms",
)
INTRODUCTION = Text(
    "The Alliance brings together cities and regions that work against discrimination "
    "of Roma at local and regional level, promote their inclusion and make local and "
    "regional authorities more aware of Roma communities.",
    "L’Alliance réunit des villes et des régions qui luttent contre la discrimination "
    "des Roms au niveau local et régional, favorisent leur inclusion et sensibilisent "
    "les autorités locales et régionales aux communautés roms.",
)
AUSPICES = Text(
    "The Alliance works under the auspices of the Congress of Local and Regional "
    "Authorities of the Council of Europe.",
    "L’Alliance agit sous l’égide du Congrès des pouvoirs locaux et régionaux du "
    "Conseil de l’Europe.",
)
JOIN_HEADING = Text("Join the Alliance", "Rejoindre l’Alliance")
JOIN_TEXT = Text(
    "Would you like your local or regional authority to take part in the Alliance? "
    "Send us an application with our online form.",
    "Vous souhaitez que votre collectivité locale ou régionale participe à l’Alliance ? "
    "Envoyez-nous une demande grâce à notre formulaire en ligne.",
)
JOIN_BUTTON = Text("Apply to join", "Demander à rejoindre")
HERO_ALT = Text(
    "Drawing of low houses under an evening sky, standing in for a photo",
    "Dessin de maisons basses sous un ciel du soir, à la place d’une photo",
)
HERO_CAPTION = Text("A Roma settlement (illustration)", "Un quartier d’habitat rom (illustration)")

NOTE_TITLE = Text("Please note", "À noter")
NOTE_TEXT = Text(
    "At the Council of Europe, “Roma and Travellers” is the umbrella term for the many "
    "groups its work covers: Roma, Sinti/Manush, Calé, Kaale, Romanichals, Boyash/Rudari, "
    "Balkan Egyptians (Egyptians and Ashkali), Eastern groups (Dom, Lom and Abdal), "
    "Travellers, Yenish, the populations known in administrative language as “Gens du "
    "voyage”, and people who call themselves Gypsies.",
    "Au Conseil de l’Europe, l’expression « Roms et Gens du voyage » désigne l’ensemble des "
    "groupes concernés par ses travaux : Roms, Sintés/Manouches, Calés, Kaalés, Romanichels, "
    "Boyash/Rudari, Égyptiens des Balkans (Égyptiens et Ashkali), groupes orientaux (Dom, "
    "Lom et Abdal), Voyageurs, Yéniches, les populations désignées par le terme administratif "
    "« Gens du voyage », ainsi que les personnes qui se désignent elles-mêmes comme Tsiganes.",
)

STANDARD_PAGES: list[tuple[Text, Text, list[Text]]] = [
    (
        Text("about", "a-propos"),
        Text("About the Alliance", "À propos de l’Alliance"),
        [
            Text(
                "The European Alliance of Cities and Regions for Roma Inclusion is a network of "
                "about 130 cities and regions from 29 countries.",
                "L’Alliance européenne des villes et des régions pour l’inclusion des Roms est un "
                "réseau d’environ 130 villes et régions de 29 pays.",
            ),
            Text(
                "Its participants share what works: national seminars bring elected officials, "
                "civil servants, national authorities, scholars and NGOs to one table.",
                "Ses participants partagent ce qui fonctionne : des séminaires nationaux "
                "réunissent élus, fonctionnaires, autorités nationales, chercheurs et ONG autour "
                "d’une même table.",
            ),
        ],
    ),
    (
        Text("privacy", "confidentialite"),
        Text("Privacy notice", "Politique de confidentialité"),
        [
            Text(
                "When an authority applies to join the Alliance, we store the details given in "
                "the form: the authority’s name, the contact person’s name, role, email address, "
                "telephone number and the motivation.",
                "Lorsqu’une collectivité demande à rejoindre l’Alliance, nous conservons les "
                "informations saisies dans le formulaire : le nom de la collectivité, le nom, la "
                "fonction, l’adresse électronique et le numéro de téléphone de la personne de "
                "contact ainsi que la motivation.",
            ),
            Text(
                "We use these details only to handle the application and to contact the "
                "authority about it. Only the Alliance’s reviewers can see them.",
                "Nous utilisons ces informations uniquement pour traiter la demande et pour "
                "contacter la collectivité à son sujet. Seuls les relecteurs de l’Alliance "
                "peuvent les consulter.",
            ),
            Text(
                "Applications are deleted once the retention period has passed. You may ask to "
                "see, correct or delete your data at any time.",
                "Les demandes sont supprimées à l’issue de la durée de conservation. Vous pouvez "
                "à tout moment demander à consulter, corriger ou supprimer vos données.",
            ),
            Text(
                "This website sets no tracking cookies and loads nothing from third parties.",
                "Ce site ne dépose aucun cookie de suivi et ne charge aucun contenu de tiers.",
            ),
        ],
    ),
    (
        Text("legal-notice", "mentions-legales"),
        Text("Legal notice", "Mentions légales"),
        [
            Text(
                "This website is published by the European Alliance of Cities and Regions for "
                "Roma Inclusion, under the auspices of the Congress of Local and Regional "
                "Authorities of the Council of Europe.",
                "Ce site est publié par l’Alliance européenne des villes et des régions pour "
                "l’inclusion des Roms, sous l’égide du Congrès des pouvoirs locaux et régionaux "
                "du Conseil de l’Europe.",
            ),
            Text(
                "Photos are credited in their captions. The demo illustrations were drawn by "
                "this software and stand in for the original photos.",
                "Les photos sont créditées dans leur légende. Les illustrations de démonstration "
                "ont été dessinées par ce logiciel et remplacent les photos originales.",
            ),
        ],
    ),
]


def load(loader: DemoLoader) -> None:
    note = _terminology_note(loader)
    home = _home_page(loader, note)
    standard_pages = [
        _standard_page(loader, home, slug, title, paragraphs)
        for slug, title, paragraphs in STANDARD_PAGES
    ]
    social = SocialMediaSettings.for_site(default_site(loader))
    if not social.facebook_url:
        social.facebook_url = "https://www.facebook.com/"
        social.twitter_url = "https://x.com/"
        social.save()
        loader.note("social media links")
    texts = [
        SITE_TITLE,
        INTRODUCTION,
        AUSPICES,
        JOIN_HEADING,
        JOIN_TEXT,
        JOIN_BUTTON,
        HERO_ALT,
        HERO_CAPTION,
        Text("home", "accueil"),
    ]
    loader.translate(home, texts)
    _untranslated_page(loader, home)
    for page, (slug, title, paragraphs) in zip(standard_pages, STANDARD_PAGES, strict=True):
        loader.translate(page, [slug, title, *paragraphs])


def _terminology_note(loader: DemoLoader) -> TerminologyNote:
    note = TerminologyNote.objects.filter(locale=loader.source_locale, title=NOTE_TITLE.en).first()
    if note is None:
        note = TerminologyNote(
            title=NOTE_TITLE.en, text=f"<p>{NOTE_TEXT.en}</p>", locale=loader.source_locale
        )
        note.save()
        note.save_revision().publish()
        loader.note("terminology note")
    loader.translate(note, [NOTE_TITLE, NOTE_TEXT])
    return note


def default_site(loader: DemoLoader) -> Site:
    """The default site, at the public address (``WAGTAILADMIN_BASE_URL``, as `migrate`
    leaves it: cms/core/sites.py); rebuilt when a database was emptied after its
    migrations ran."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        if align_default_site():
            loader.note("default site at the public address")
            site.refresh_from_db()
        return site
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=loader.source_locale)
    )
    home = root.add_child(
        instance=HomePage(title=SITE_TITLE.en, slug="home", introduction=INTRODUCTION.en)
    )
    home.save_revision().publish()
    loader.note("default site and home page")
    site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    align_default_site()
    site.refresh_from_db()
    return site


def _home_page(loader: DemoLoader, note: TerminologyNote) -> HomePage:
    home = default_site(loader).root_page.specific
    if not isinstance(home, HomePage):
        raise TypeError(f"The default site's root page is a {type(home).__name__}, not a HomePage.")
    if home.join_heading:
        return home
    hero = loader.image(
        "Demo illustration: a settlement at dusk",
        alt=HERO_ALT.en,
        caption=HERO_CAPTION.en,
        credit="Alliance CMS demo",
    )
    home.title = SITE_TITLE.en
    home.introduction = INTRODUCTION.en
    home.auspices = AUSPICES.en
    home.hero_image = hero
    home.hero_image_alt_text = HERO_ALT.en  # the page's own words, translated with it
    home.hero_image_caption = HERO_CAPTION.en
    home.join_heading = JOIN_HEADING.en
    home.join_text = JOIN_TEXT.en
    home.join_button_label = JOIN_BUTTON.en
    home.body = [
        ("terminology_note", note),
        # The next seminars (articles' reports), listed whatever day the demo is read.
        ("upcoming_events", {"heading": "", "country": "", "topic": None, "count": 3}),
    ]
    home.save_revision().publish()
    loader.note("home page content")
    return home


def _standard_page(
    loader: DemoLoader, home: Page, slug: Text, title: Text, paragraphs: list[Text]
) -> StandardPage:
    return loader.child_page(
        home,
        StandardPage,
        slug=slug.en,
        title=title.en,
        show_in_menus=slug.en == "about",
        body=[("paragraph", RichText(f"<p>{text.en}</p>")) for text in paragraphs],
    )


def _untranslated_page(loader: DemoLoader, home: Page) -> StandardPage:
    """Left untranslated on purpose, so that readers of other languages can see how an
    untranslated page is shown (original text, a notice, no search-engine indexing)."""
    return loader.child_page(
        home,
        StandardPage,
        slug="working-languages",
        title="Working languages",
        introduction="This page is deliberately left untranslated in the demo content.",
        body=[
            (
                "paragraph",
                RichText(
                    "<p>The Alliance publishes in English and French. Pages that are not "
                    "translated yet are shown in their original language, with a notice.</p>"
                ),
            )
        ],
    )
