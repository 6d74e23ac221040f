"""PostgreSQL only: a page is found from its index entry by the entry's object id.

modelsearch joins a page to its index entry on ``page.id::varchar(50) = object_id`` (object
ids are text, for any model's key). From the page side the object id index of
``search.0007`` serves; from the entry side, as for a rare word (a few entries found
through the GIN index), no index held the cast id, so PostgreSQL read every page of the
locale to hash them: 38 ms at 50,000 articles for a word on 2 pages. An index on the cast
makes that a look-up per match ("49990" at 50,000 articles: 64 -> 4 ms; "roma", every
article: 35 -> 22 ms).
"""

from django.db import migrations

INDEX = "search_page_id_as_object_id"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (((id)::varchar(50)))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0008_search_document_serial")]

    operations = [migrations.RunPython(create, drop)]
