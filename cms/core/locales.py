"""Keep Wagtail's Locale rows, and wagtail-localize's tree synchronisation, in step
with settings.LANGUAGES.

Adding a language to the LANGUAGES environment variable and running `migrate` is
all it takes to open a new locale: no admin clicks, no code change. Every other
locale mirrors the default one: a page created in English appears there at once as
an alias (marked "not translated yet" to readers) until a translator translates it.
"""

from typing import Any

from django.conf import settings
from wagtail.models import Locale
from wagtail_localize.models import LocaleSynchronization


def sync_locales_with_settings(**kwargs: Any) -> None:
    existing = set(Locale.objects.values_list("language_code", flat=True))
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code not in existing:
            Locale.objects.create(language_code=code)
    default = Locale.get_default()
    synchronised = set(LocaleSynchronization.objects.values_list("locale_id", flat=True))
    for locale in Locale.objects.exclude(pk=default.pk).exclude(pk__in=synchronised):
        LocaleSynchronization.objects.create(locale=locale, sync_from=default)
