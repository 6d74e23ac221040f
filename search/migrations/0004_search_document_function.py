"""PostgreSQL only: matching reads the GIN index even for words found on most pages.

0003 indexed ``title || body``. PostgreSQL costs that concatenation like an addition, so
for a word on half of the pages ("housing" on 4,400 of 10,000 in bench/search) it chose to
read the whole table and concatenate the two vectors of every entry (70 ms) rather than
read the index (10 ms). ``alliance_search_document(title, body)`` is the same
concatenation declared as costly as it is; PL/pgSQL functions are never inlined, so the
planner keeps seeing that cost. The index is rebuilt on the function
(``search.backend.SearchDocument`` is how queries name it) and 0003's index is dropped.
"""

from django.db import migrations

FUNCTION = "alliance_search_document"
INDEX = "search_indexentry_document_gin"
OLD_INDEX = "search_indexentry_title_body_gin"
# In units of cpu_operator_cost (0.0025 of reading one page): concatenating two vectors of
# a few hundred lexemes takes about 4 µs, some 200 times an ordinary operator.
COST = 200


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}(title tsvector, body tsvector)"
            " RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE"
            f" COST {COST} AS $$ BEGIN RETURN title || body; END $$"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry"
            f" USING gin ({FUNCTION}(title, body))"
        )
        cursor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON wagtailsearch_indexentry"
            " USING gin ((title || body))"
        )
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsvector, tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_indexentry_title_body_gin")]

    operations = [migrations.RunPython(create, drop)]
