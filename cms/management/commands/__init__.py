"""Operator commands: backup and restore (``backup_site``, ``restore_site``), the task worker
(``run_worker``), abandoned drafts (``cleanup_abandoned_drafts``), the demo content
(``load_demo_content``) and translations without GNU gettext (``compile_translations``)."""
