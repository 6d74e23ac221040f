"""The demo kit: idempotent building blocks for ``load_demo_content``.

Each app's ``demo`` module uses ``loader`` to create its images, pages and translations.

Public API: ``loader.DemoLoader``, ``loader.Text`` (one text in every language),
``loader.draw_illustration`` and ``loader.DEMO_ACCOUNTS`` (the accounts with published
passwords, which cms/security/checks.py refuses in production).

Depends only on ``cms.core``.
"""
