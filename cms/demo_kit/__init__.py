"""The demo kit: idempotent building blocks for ``load_demo_content``.

Each app's ``demo`` module uses ``loader`` to create its images, pages and translations.

Public API: ``loader.DemoLoader``, ``loader.Text`` (one text in every language),
``loader.draw_illustration``, ``loader.DEMO_ACCOUNTS`` (the accounts with published
passwords, which cms/security/checks.py refuses in production) and
``indexing.indexes_updated_once`` (index updates deferred to the end of a load).

Depends only on ``cms.core``.
"""
