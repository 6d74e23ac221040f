"""Sites upgraded from before cms/publishing/privacy.py: their aliases get the source's privacy."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from wagtail.models import PageViewRestriction

from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cms.migrations.0005_mirror_privacy_onto_aliases")


def test_an_old_public_alias_of_a_private_page_becomes_private(home_en, home_fr, locales):
    private = StandardPageFactory(parent=home_en, title="Board minutes", slug="minutes")
    alias = private.get_translation_or_none(locales["fr"]) or private.create_alias(
        parent=home_fr, update_locale=locales["fr"]
    )
    # As restrictions were saved before the signal handlers existed: no mirroring.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=private, restriction_type="password", password="s3cret")]
    )
    PageViewRestriction.objects.filter(page=alias).delete()
    assert alias.specific_class.objects.filter(pk=alias.pk).public().exists()

    migration.mirror_existing(apps, None)

    copy = PageViewRestriction.objects.get(page=alias)
    assert (copy.restriction_type, copy.password) == ("password", "s3cret")
    assert not alias.specific_class.objects.filter(pk=alias.pk).public().exists()
    assert private.specific_class.objects.filter(pk=private.pk).public().exists() is False
