"""`python manage.py load_demo_content`: the seed's content, in English and French.

Each installed app may have a `demo` module with a `load(loader)` function; they run in
INSTALLED_APPS order inside one transaction, so a failure leaves nothing half-made.
Running the command again creates nothing that already exists.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.users.models import UserProfile

from cms.caching.invalidation import everything_changes
from cms.demo_kit.indexing import indexes_updated_once
from cms.demo_kit.loader import DEMO_ACCOUNTS, DemoAccount, DemoLoader
from cms.workflow.roles import sync_roles_and_workflow


class Command(BaseCommand):
    help = "Load the demo content (idempotent) and, when DEBUG is on, the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        loader = DemoLoader(stdout=self.stdout)
        self.stdout.write("Loading demo content…")
        # One site-wide cache bump for the whole load, not the tags of each of its
        # ~400 changes (cms/caching/invalidation.py).
        with transaction.atomic(), everything_changes(), indexes_updated_once():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).load(loader)
            # A database emptied after `migrate` (as between transactional tests) lost the
            # roles' page permissions and the workflow's root with its pages: restore them.
            sync_roles_and_workflow()
        if loader.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo content: {len(loader.created)} items created.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demo content already loaded: nothing changed."))
        self._demo_accounts()

    def _demo_accounts(self) -> None:
        if not settings.DEBUG:
            self.stderr.write(
                self.style.WARNING(
                    "Demo accounts not created: DEBUG is off, and known passwords "
                    "must never exist on a public site."
                )
            )
            return
        user_model = get_user_model()
        self.stdout.write("\nDemo accounts (log in at /admin/):")
        groups = {group.name: group for group in Group.objects.all()}
        for account in DEMO_ACCOUNTS:
            if account.group and account.group not in groups:
                continue  # e.g. the French translator on a site without French
            if account.made_by_content:
                self._demo_password(account)
                continue
            user, created = user_model.objects.get_or_create(
                username=account.username,
                defaults={
                    "email": f"{account.username}@example.org",
                    "is_staff": account.superuser,
                    "is_superuser": account.superuser,
                    "first_name": account.first_name,
                    "last_name": account.last_name,
                },
            )
            if created:
                user.set_password(account.password)
                user.save()
                if account.group:
                    user.groups.add(groups[account.group])
                profile = UserProfile.get_for_user(user)
                profile.preferred_language = account.language
                profile.save(update_fields=["preferred_language"])
            state = "created" if created else "exists, password unchanged"
            self.stdout.write(
                f"  {account.username:<10} password: {account.password:<26} ({state})"
            )

    def _demo_password(self, account: DemoAccount) -> None:
        """An account the demo content made (a contributor, bound to its participant by
        its invitation): its demo password, set once, instead of the invitation link."""
        user = get_user_model().objects.filter(username=account.username).first()
        if user is None:
            return  # its demo content was not loaded
        fresh = not user.has_usable_password()
        if fresh:
            user.set_password(account.password)
            user.first_name, user.last_name = account.first_name, account.last_name
            user.save(update_fields=["password", "first_name", "last_name"])
        state = "set" if fresh else "exists, password unchanged"
        self.stdout.write(f"  {account.username:<10} password: {account.password:<26} ({state})")
