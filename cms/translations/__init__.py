"""Translation: how far each page is translated, and review of translations.

Owns: translation progress per page and locale (``status``), the admin report with its
filters and exports (``views``), and the rule that translations go through review like
their source (``review``), the approved and deprecated terms of each language with the
quality gate's rule and the translation editor's panel (``terminology``), and DeepL with
those terms as its glossary (``machine``). Admin hooks: ``hooks``.

Public API: ``status.translation_status_rows`` (the report's rows, ``status.StatusRow``)
and ``views.TranslationStatusView`` with ``views.may_view_translation_status``; the
review rules are wired through ``hooks``; ``terminology.Term``,
``terminology.approved_pairs`` and ``terminology.deprecated_term_problems`` (registered
with ``cms.workflow.quality.register_check`` when the models load);
``machine.TerminologyDeepLTranslator`` (``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``).

Depends on ``cms.workflow`` (the roles that may see each locale) and ``cms.publishing``
(the releases that wait for a translation).
"""
