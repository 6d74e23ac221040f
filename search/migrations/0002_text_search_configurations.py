"""PostgreSQL only: unaccented copies of the built-in text-search configurations.

Each ``alliance_<name>`` copies PostgreSQL's ``<name>`` configuration and puts ``unaccent``
in front of its dictionary for words, so "seminaire" and "séminaire" give the same lexeme
in French and "Kirtimų" matches "Kirtimu". ``unaccent`` is a trusted extension
(PostgreSQL 13+): the database owner may create it without being a superuser.
"""

from django.db import migrations

WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute(
            "SELECT c.cfgname, d.dictname IS NOT NULL FROM pg_ts_config c"
            " LEFT JOIN pg_ts_dict d ON d.dictname = c.cfgname || '_stem'"
            " AND d.dictnamespace = 'pg_catalog'::regnamespace"
            " WHERE c.cfgnamespace = 'pg_catalog'::regnamespace"
        )
        for name, has_stemmer in cursor.fetchall():
            target = f"alliance_{name}"
            dictionary = f"{name}_stem" if has_stemmer else "simple"
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [target])
            if not cursor.fetchone():
                cursor.execute(
                    f"CREATE TEXT SEARCH CONFIGURATION {target} (COPY = pg_catalog.{name})"
                )
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {target}"
                f" ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary}"
            )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'alliance\\_%%'")
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_configurations, drop_configurations)]
