"""Keep Wagtail's Locale rows in step with settings.LANGUAGES.

Adding a language to the LANGUAGES environment variable and running `migrate` is
all it takes to open a new locale: no admin clicks, no code change.
"""

from typing import Any

from django.conf import settings


def sync_locales_with_settings(**kwargs: Any) -> None:
    from wagtail.models import Locale

    existing = set(Locale.objects.values_list("language_code", flat=True))
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code not in existing:
            Locale.objects.create(language_code=code)
