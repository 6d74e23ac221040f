"""PostgreSQL only: statements that match a search run in one process.

Since search results are bounded to the most recent matches (search/ranking.py), the
match of a common word walks about 1,000 pages newest first. PostgreSQL planned that
walk across two parallel workers, whose start took longer than the walk (at 50,000
articles: 41 ms with workers, 6 to 20 ms alone). A function marked PARALLEL UNSAFE keeps
every statement using it in the session's own process; no search statement reads enough
rows any more for workers to pay off.
"""

from django.db import migrations

FUNCTION = "alliance_search_document(tsvector, tsvector)"


def serial(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER FUNCTION {FUNCTION} PARALLEL UNSAFE")


def parallel(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER FUNCTION {FUNCTION} PARALLEL SAFE")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_indexentry_object_id")]

    operations = [migrations.RunPython(serial, parallel)]
