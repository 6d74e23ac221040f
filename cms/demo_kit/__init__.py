"""The demo kit: idempotent building blocks for ``load_demo_content``.

Each app's ``demo`` module uses ``loader`` to create its images, pages and translations.
"""
