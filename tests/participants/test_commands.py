"""`import_participants` and `purge_applications`: good rows in, bad rows named, old data out."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from participants.models import MembershipApplication, ParticipantPage
from tests.participants.factories import MembershipApplicationFactory

pytestmark = pytest.mark.django_db

HEADER = "name,kind,country,lat,lon,joined,website\n"


def run_import(tmp_path, text: str, *args: str) -> tuple[str, str]:
    path = tmp_path / "participants.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_participants", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_mixed_file_imports_good_rows_and_names_bad_ones(tmp_path, index_en):
    text = HEADER + (
        "Veldhoven,municipality,NL,51.4167,5.4,2016-03-01,https://www.veldhoven.nl/\n"  # 2
        "Nowhere,city,XX,1,1,,\n"  # 3
        "Northpole,city,NO,91,10,,\n"  # 4
        ",city,LT,54,25,,\n"  # 5
        "Kaunas District,district,LT,54.9,23.9,2015-12-17,\n"  # 6
        "Datetown,city,FR,45,5,17/12/2015,\n"  # 7
        "Webtown,city,FR,45,5,,javascript:alert(1)\n"  # 8
        "Halfway,region,RO,45.1,,,\n"  # 9
        "Emperor,empire,AT,48,16,,\n"  # 10
    )
    out, err = run_import(tmp_path, text, "--publish")
    assert "2 created, 0 updated, 7 rejected." in out
    assert "9/9" in out  # the progress bar reached the end
    assert "line 3: country 'XX' is not an ISO 3166 two-letter code" in err
    assert "line 4: lat 91 is outside -90..90" in err
    assert "line 5: name is empty" in err
    assert "line 7: joined '17/12/2015' is not a date" in err
    assert "line 8: website 'javascript:alert(1)' is not an http(s) address" in err
    assert "line 9: lat and lon must be given together" in err
    assert "line 10: kind 'empire' is not one of" in err
    veldhoven = ParticipantPage.objects.get(title="Veldhoven")
    assert veldhoven.live
    assert veldhoven.latitude == Decimal("51.416700")
    assert veldhoven.date_joined.isoformat() == "2016-03-01"
    assert veldhoven.get_parent().specific == index_en
    assert sorted(ParticipantPage.objects.values_list("title", flat=True)) == [
        "Kaunas District",
        "Veldhoven",
    ]


def test_reimport_updates_instead_of_duplicating(tmp_path, index_en):
    run_import(tmp_path, HEADER + "Veldhoven,municipality,NL,51.4,5.4,,\n", "--publish")
    out, _err = run_import(
        tmp_path, HEADER + "Veldhoven,city,NL,51.4167,5.4,2016-03-01,\n", "--publish"
    )
    assert "0 created, 1 updated, 0 rejected." in out
    page = ParticipantPage.objects.get()
    assert page.kind == "city"
    assert page.date_joined.isoformat() == "2016-03-01"


def test_without_publish_new_profiles_are_drafts(tmp_path, index_en, client):
    run_import(tmp_path, HEADER + "Draftville,city,BE,50.8,4.3,,\n")
    page = ParticipantPage.objects.get()
    assert page.live is False
    assert "Draftville" not in client.get("/api/participants.geojson").content.decode()


def test_missing_file_and_wrong_header_are_clear_errors(tmp_path, index_en):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_participants", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="the header lacks lat, lon"):
        run_import(
            tmp_path, "name,kind,country,latitude,longitude,joined,website\nX,city,NL,1,1,,\n"
        )
    assert ParticipantPage.objects.count() == 0


def test_import_needs_an_index(tmp_path, home_en):
    with pytest.raises(CommandError, match="no English participants index"):
        run_import(tmp_path, HEADER)


def test_purge_deletes_only_old_applications(settings):
    settings.APPLICATION_RETENTION_DAYS = 30
    old = MembershipApplicationFactory(authority_name="Old")
    recent = MembershipApplicationFactory(authority_name="Recent")
    MembershipApplication.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=31)
    )
    MembershipApplication.objects.filter(pk=recent.pk).update(
        submitted_at=timezone.now() - timedelta(days=29)
    )
    out = StringIO()
    call_command("purge_applications", "--dry-run", stdout=out)
    assert "1 application(s) older than 30 days would be deleted." in out.getvalue()
    assert MembershipApplication.objects.count() == 2
    call_command("purge_applications", stdout=out)
    assert list(MembershipApplication.objects.values_list("authority_name", flat=True)) == [
        "Recent"
    ]
    call_command("purge_applications", "--days", "10", stdout=out)
    assert MembershipApplication.objects.count() == 0


@pytest.mark.parametrize(("days", "message"), [("ten", "whole number"), ("0", "at least 1")])
def test_purge_rejects_bad_days(days, message):
    MembershipApplicationFactory()
    with pytest.raises(CommandError, match=message):
        call_command("purge_applications", "--days", days)
    assert MembershipApplication.objects.count() == 1
