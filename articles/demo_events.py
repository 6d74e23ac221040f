"""Demo content for the upcoming events: one seminar still ahead, in English and French,
so that the news page's "Upcoming events" section, the block and the calendar feed of
each language show something on a fresh demo.

Its dates are counted from the day the demo is loaded (45 days on, two days long): a
fixed date would have passed by the time anyone looks. Loading again keeps the report
already there (``DemoLoader.child_page``).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.rich_text import RichText

from articles.models import ArticleIndexPage, SeminarReportPage
from cms.demo_kit.loader import DemoLoader, Text

DAYS_AHEAD = 45

SLUG = Text("national-seminar-kaunas", "seminaire-national-kaunas")
TITLE = Text("National seminar in Kaunas", "Séminaire national à Kaunas")
STANDFIRST = Text(
    "Lithuanian municipalities meet in Kaunas to plan Roma inclusion in housing and schools.",
    "Les municipalités lituaniennes se réunissent à Kaunas pour préparer l’inclusion des "
    "Roms dans le logement et à l’école.",
)
PARAGRAPH = Text(
    "Mayors, civil servants and Roma representatives will share what worked in their "
    "towns and agree on the next steps of the national action plan.",
    "Maires, fonctionnaires et représentants roms partageront ce qui a fonctionné dans "
    "leurs villes et conviendront des prochaines étapes du plan d’action national.",
)
PLACE = Text("Kaunas", "Kaunas")  # a name: the same in both languages
VENUE = Text("Kaunas City Municipality", "Municipalité de la ville de Kaunas")


def load_upcoming(loader: DemoLoader, index: ArticleIndexPage) -> SeminarReportPage:
    """The future seminar report of ``index`` (the English news page), and its French
    translation."""
    start = timezone.localdate() + datetime.timedelta(days=DAYS_AHEAD)
    report = loader.child_page(
        index,
        SeminarReportPage,
        slug=SLUG.en,
        title=TITLE.en,
        standfirst=STANDFIRST.en,
        body=[("paragraph", RichText(f"<p>{PARAGRAPH.en}</p>"))],
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        place=PLACE.en,
        venue=VENUE.en,
        country="LT",
    )
    loader.translate(report, [SLUG, TITLE, STANDFIRST, PARAGRAPH, PLACE, VENUE])
    return report
