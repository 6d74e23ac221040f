"""Security controls that every request and every admin path passes.

Owns: the client address behind trusted proxies (``client_ip``), shared attempt counters
and the password throttle (``throttle``), the login lockout cool-off (``login_throttle``),
the staff second factor (``two_factor``), the CSRF failure page (``csrf``), deploy checks
(``checks``), formula-safe CSV exports (``exports``), administrators-only models
(``admin_only``) and the Content Security Policy middleware (``middleware``).
The guarantees and where each is enforced: docs/security.md.
"""
