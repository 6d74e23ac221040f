"""Security controls that every request and every admin path passes.

Owns: the client address behind trusted proxies (``client_ip``), shared attempt counters
and the password throttle (``throttle``), the login lockout cool-off (``login_throttle``),
the staff second factor (``two_factor``), the CSRF failure page (``csrf``), deploy checks
(``checks``), formula-safe CSV exports (``exports``), administrators-only models
(``admin_only``) and the Content Security Policy middleware (``middleware``).
Start-up installation: ``signals.connect()``; admin hooks (second-factor URLs): ``hooks``.

Public API: ``client_ip.client_address``; ``throttle``'s ``hit``, ``count``, ``reset``
and ``wait_minutes``; ``checks.refuse_published_demo_passwords`` (cms/wsgi.py); and
what settings name: the middlewares, ``csrf.csrf_failure``,
``login_throttle.cool_off``. The guarantees and where each is enforced:
docs/security.md.

Depends on ``cms.core`` and ``cms.demo_kit`` (the published demo accounts).
"""
