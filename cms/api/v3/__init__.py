"""API v3 (``/api/v3/``): Wagtail 8's typed django-ninja API with our rules on top.

``endpoints`` (the URL conf), ``schemas`` (our additions to the generated schemas,
installed before Wagtail's routers load), ``stream_types`` (the types of StreamField
values), ``errors`` (bad input), ``contract`` (the OpenAPI document made valid,
complete and generable), ``lookup`` (find by path, visible parents) and ``redirects``
(Wagtail's redirects, as anonymous consumers may see them).
"""
