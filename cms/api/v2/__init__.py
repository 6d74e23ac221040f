"""API v2 (``/api/v2/``): Wagtail's DRF endpoints with our fields, filters and cache.

``endpoints`` (the viewsets), ``router`` (what is mounted), ``filters`` (v2's query
parameters), ``item_cache`` (shared cache of page representations), ``find`` (pages
found by path or through a redirect), ``redirects`` (the redirects endpoint).
"""
