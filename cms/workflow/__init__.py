"""Editorial rules: roles, the review workflow, four eyes and the one gate to live.

Owns: the editorial groups and the workflow kept in step on every migrate (``roles``),
the four-eyes review task (``models``), the gate that publishes exactly the approved
revision and audits break-glass (``gate``), the quality gate run at submission
(``quality``, ``forms``), the review's emails, confirmations and abandoned drafts
(``review_ux``), and the lock on media used by live content (``media_policy``).
Start-up connections: ``signals.connect()``; admin hooks: ``hooks``.

Public API: ``roles``' ``EDITORS``, ``REVIEWERS``, ``translators_group_name``,
``sync_roles`` and ``sync_roles_and_workflow``; ``forms.ReviewReadyPageForm`` (the base
form of every page type); ``quality.quality_problems`` and ``quality.register_check``;
``media_policy.used_live``;
``gate.publish_approved_revision`` (``WAGTAIL_FINISH_WORKFLOW_ACTION``), with
``gate.register_finish_interceptor``, ``gate.hold`` and ``gate.approved_publishing`` for
rules about when approved work goes live (releases, in ``cms.publishing``), and the
middlewares named in settings (``gate.BreakGlassReasonMiddleware``,
``media_policy.MediaRefusalMessageMiddleware``, ``review_ux.ReviewDecisionMiddleware``).

Depends only on ``cms.core``.
"""
