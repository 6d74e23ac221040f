"""Alliance CMS's kernel and delivery, as one Django app (label ``cms``).

At this level only the wiring: ``apps`` (start-up connections of each package),
``models`` (the models Django registers, defined in the packages), ``urls``, ``wsgi``,
``wagtail_hooks``, ``settings``, ``management/commands`` and ``templatetags``. The
packages, each with its own docstring: ``core``, ``caching``, ``workflow``,
``translations``, ``publishing``, ``security``, ``ops``, ``demo_kit`` (the kernel,
which imports no domain app) and ``api`` (delivery). docs/architecture.md draws them.
"""
