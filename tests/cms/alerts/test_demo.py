"""The demo's alert: a live warning in English and French on the whole site."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cms.alerts.models import Alert
from tests.shared_data import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_warns_of_the_postponed_meeting_in_both_languages(db):
    load_demo()
    alerts = {alert.locale.language_code: alert for alert in Alert.objects.filter(live=True)}
    assert set(alerts) == {"en", "fr"}
    english = alerts["en"]
    assert english.level == "warning"
    assert english.section is None, "the whole site"
    assert english.starts_at <= timezone.now() < english.ends_at
    # Until the postponed seminar starts, and linked to its page.
    seminar = english.link_page.specific
    assert timezone.localtime(english.ends_at).date() == seminar.start_date
    assert english.ends_at - english.starts_at >= timedelta(days=30)

    client = Client()
    assert (
        "The national seminar in Kaunas is postponed by a week."
        in client.get("/en/").content.decode()
    )
    french = client.get("/fr/").content.decode()
    assert "Le séminaire national de Kaunas est reporté d’une semaine." in french
