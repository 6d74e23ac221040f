"""A partial index of the pages that have an expiry date (issue #23).

The news index keeps its filters and lists until the first of its articles expires
(articles/listing.py): that date is read as the smallest ``expire_at`` of the index's
articles, which without an index read every page. Few pages expire, so the partial
index stays small whatever the number of articles. On Wagtail's page table, hence SQL
(the index is not part of a model's state); both SQLite and PostgreSQL take it.
"""

from django.db import migrations

INDEX = "articles_page_expiry"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_editors_toolbox"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON "wagtailcore_page" ("expire_at") '
            'WHERE "expire_at" IS NOT NULL',
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
