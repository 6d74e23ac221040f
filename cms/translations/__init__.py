"""Translation: how far each page is translated, and review of translations.

Owns: translation progress per page and locale (``status``), the admin report with its
filters and exports (``views``), and the rule that translations go through review like
their source (``review``). Admin hooks: ``hooks``.
"""
