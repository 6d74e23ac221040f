"""Existing sites: aliases made before cms/privacy.py get their source page's privacy.

Without it, an English page made private before this release keeps a public French
alias that every listing (APIs, feeds, sitemap, search) shows, until someone saves the
English page's privacy again.
"""

from django.db import migrations


def mirror_existing(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")

    def mirror(page_id, sources):
        for alias_id in Page.objects.filter(alias_of_id=page_id).values_list("pk", flat=True):
            PageViewRestriction.objects.filter(page_id=alias_id).delete()
            for source in sources:
                copy = PageViewRestriction.objects.create(
                    page_id=alias_id,
                    restriction_type=source.restriction_type,
                    password=source.password,
                )
                copy.groups.set(source.groups.all())
            mirror(alias_id, sources)

    restricted = (
        PageViewRestriction.objects.filter(page__alias_of__isnull=True)
        .values_list("page_id", flat=True)
        .distinct()
    )
    for page_id in list(restricted):
        sources = list(
            PageViewRestriction.objects.filter(page_id=page_id).prefetch_related("groups")
        )
        mirror(page_id, sources)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_webhookendpoint_webhookdelivery"),
    ]

    operations = [migrations.RunPython(mirror_existing, migrations.RunPython.noop)]
