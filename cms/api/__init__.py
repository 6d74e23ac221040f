"""The delivery APIs, side by side like ``wagtail/api``: v2 (``v2/``, DRF, stable) and v3
(``v3/``, typed, django-ninja), with what both share at this level: serializer fields
(``fields``), parameter validation (``errors``), the API's edge middleware
(``middleware``), the pages an anonymous consumer may see (``visibility``) and the
headless preview endpoint's token lookup (``preview``).

The top layer: it may import every domain app; nothing below imports it.
"""
