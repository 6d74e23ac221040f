"""The delivery APIs, side by side like ``wagtail/api``: v2 (``v2/``, DRF, stable) and v3
(``v3/``, typed, django-ninja), with what both share at this level: API v2's serializer
fields for what every page type has (``fields``), StreamField values with chosen objects
(``streams``), parameter validation (``errors``), the API's edge middleware
(``middleware``), the pages an anonymous consumer may see (``visibility``), which page or
redirect answers a path of the site (``paths``) and the headless preview endpoint's
token lookup (``preview``).

The shapes themselves (images, page references, rich text, the per-response batch) are
the kernel's (cms/core/representation.py); an app's own fields are declared on its
``api_fields`` (articles/serializers.py). The top layer: it may import every domain app;
nothing below imports it.
"""
