"""Editorial rules: roles, the review workflow, four eyes and the one gate to live.

Owns: the editorial groups and the workflow kept in step on every migrate (``roles``),
the four-eyes review task (``models``), the gate that publishes exactly the approved
revision and audits break-glass (``gate``), the quality gate run at submission
(``quality``, ``forms``), the review's emails, confirmations and abandoned drafts
(``review_ux``), and the lock on media used by live content (``media_policy``).
Start-up connections: ``signals.connect()``; admin hooks: ``hooks``.
"""
