"""Editors set a participant's location in the admin: the map picker or typed numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def test_edit_form_has_the_map_picker_with_local_assets(admin_client, make_participant):
    page = make_participant(title="Veldhoven")
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    picker = soup.find(class_="location-picker")
    assert picker["data-latitude-input"] == "id_latitude"
    assert picker["data-longitude-input"] == "id_longitude"
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(src.endswith("leaflet/leaflet.js") for src in scripts)
    assert any(src.endswith("participants/location-picker.js") for src in scripts)


def _form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "status": page.status,
        "country": page.country.code,
        "latitude": "51.4183",
        "longitude": "5.4028",
        "description": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_typed_coordinates_are_saved(admin_client, make_participant):
    page = make_participant(title="Veldhoven")
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", _form(page))
    assert response.status_code == 302, response.content[:2000]
    page.refresh_from_db()
    revision = page.get_latest_revision_as_object()
    assert revision.latitude == Decimal("51.418300")
    assert revision.longitude == Decimal("5.402800")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "91", "Ensure this value is less than or equal to 90."),
        ("longitude", "-180.5", "Ensure this value is greater than or equal to -180."),
        ("latitude", "north", "Enter a number."),
    ],
)
def test_out_of_range_coordinates_are_refused(
    admin_client, make_participant, field, value, message
):
    page = make_participant(title="Veldhoven", latitude=Decimal("51"), longitude=Decimal("5"))
    revisions = page.revisions.count()
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", _form(page, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert page.revisions.count() == revisions
    page.refresh_from_db()
    assert (page.latitude, page.longitude) == (Decimal("51"), Decimal("5"))
