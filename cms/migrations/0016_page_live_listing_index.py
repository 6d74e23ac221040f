"""An index of live pages in path order, for the API's deep offsets and counts (#23).

A listing of one page type (``/api/v2/pages/?type=articles.ArticlePage&offset=9000``) is
walked and counted on the page table alone (cms/api/page_keys.py): the pages of that type
and its subclasses (``content_type_id``), live, in the site's trees and outside the view
restrictions (``path``, ``depth``), of a language (``locale_id``), in path order, with
``last_published_at`` for the item cache's keys. This index holds all of those columns,
for live pages only (drafts are never listed): the walk to offset 9,000 and the count up
to 10,001 are index-only scans, without the page rows or the article table. At 50,000
articles the statement that reads the page read 21,251 shared buffers, 341 with it (86
and 94 of them the walk and the count; docs/operations.md#scale).

Plain SQL on Wagtail's table (no model of ours can declare it), which SQLite and
PostgreSQL both take (partial indexes on a boolean column; the columns after ``path``
are keys rather than PostgreSQL's ``INCLUDE``, which SQLite lacks; ``path`` is unique,
so they never decide an order).
"""

from django.db import migrations

INDEX = "cms_page_live_listing"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0015_page_section_lastmod_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page "
            "(path, content_type_id, depth, locale_id, id, last_published_at) WHERE live",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
