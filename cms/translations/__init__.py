"""Translation: how far each page is translated, and review of translations.

Owns: translation progress per page and locale (``status``), the admin report with its
filters and exports (``views``), and the rule that translations go through review like
their source (``review``). Admin hooks: ``hooks``.

Public API: ``status.translation_status_rows`` (the report's rows, ``status.StatusRow``)
and ``views.TranslationStatusView`` with ``views.may_view_translation_status``; the
review rules are wired through ``hooks``.

Depends on ``cms.workflow`` (the roles that may see each locale) and ``cms.publishing``
(the releases that wait for a translation).
"""
