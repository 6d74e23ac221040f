"""What the editorial rules connect at start-up.

- Images and documents used by live content are locked for all but administrators, on
  every path (installed before wagtail.images/documents register their default policy).
- Roles and the review workflow are put back in step after every ``migrate``; a new
  locale's home page opens to its translators.
- Administrators' direct changes to the public site go to the audit log (break-glass).
- One email per review event, and a confirmation of each decision.
- After each publish, the page's revision pointers are recomputed (concurrency.py).
- The workflow's and task's names read in the admin user's language (names.py).
"""

from __future__ import annotations

from django.db.models.signals import post_migrate, post_save

from cms.workflow import concurrency, gate, media_policy, names, review_ux
from cms.workflow.roles import grant_translators_on_new_locale_home, sync_roles_and_workflow


def connect() -> None:
    media_policy.install()
    post_migrate.connect(sync_roles_and_workflow)
    post_save.connect(grant_translators_on_new_locale_home)
    gate.connect_signals()
    review_ux.connect_signals()
    concurrency.connect_signals()
    names.connect_signals()
