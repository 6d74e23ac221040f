"""PostgreSQL only: an index entry is found by its page's id alone.

Search results are bounded to the most recent matches (search/ranking.py): the database
walks the pages newest first and looks up each page's index entry. modelsearch's unique
index is (content_type_id, object_id), and a search names every page type, so each
look-up descended that index once per type (9 times: 28 pages read per entry, 60 MB for
1,000 results at 50,000 pages). An index on ``object_id`` makes it one descent.
"""

from django.db import migrations

INDEX = "search_indexentry_object_id"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry (object_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_index_statistics_entries")]

    operations = [migrations.RunPython(create, drop)]
