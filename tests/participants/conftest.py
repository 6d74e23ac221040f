"""Fixtures of the participants tests: an index per locale, a join page, roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from home.models import StandardPage
from tests.participants.factories import (
    JoinPageFactory,
    ParticipantIndexPageFactory,
    ParticipantPageFactory,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index_en(home_en):
    return ParticipantIndexPageFactory(parent=home_en)


@pytest.fixture
def index_fr(index_en, home_fr, locales):
    index = index_en.copy_for_translation(locales["fr"])
    index.title, index.slug = "Participants", "participants"
    index.save_revision().publish()
    return index


@pytest.fixture
def make_participant(index_en):
    def make(parent=None, **fields):
        return ParticipantPageFactory(parent=parent or index_en, **fields)

    return make


@pytest.fixture
def join_en(home_en):
    privacy = StandardPage(title="Privacy notice", slug="privacy")
    home_en.add_child(instance=privacy)
    privacy.save_revision().publish()
    return JoinPageFactory(parent=home_en, privacy_page=privacy)


@pytest.fixture
def join_fr(join_en, home_fr, locales):
    privacy_fr = join_en.privacy_page.copy_for_translation(locales["fr"])
    privacy_fr.title, privacy_fr.slug = "Politique de confidentialité", "confidentialite"
    privacy_fr.save_revision().publish()
    page = join_en.copy_for_translation(locales["fr"])
    page.title, page.slug = "Rejoindre l’Alliance", "rejoindre"
    page.save_revision().publish()
    return page


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user(
        "rita", email="rita@example.org", password="pw-reviewer-123"
    )
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "eddie", email="eddie@example.org", password="pw-editor-123"
    )
    editors = Group.objects.get_or_create(name="Editors")[0]
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(editors)
    return user
