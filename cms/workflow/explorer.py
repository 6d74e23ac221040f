"""The page explorer's delete and move checks, from the listing's own query (issue #23).

No group holds page "publish" (cms/workflow/roles.py), so for every editor, translator
and contributor Wagtail's ``PagePermissionTester.can_delete`` asks the database whether
the page or one of its descendants is live (a live page is deleted or moved only by an
administrator, gate.py). The explorer asks it twice a row, for the "Delete" and the
"Move" buttons (``can_move`` is ``can_delete(ignore_bulk=True)``), each with a new
tester: 100 queries for a 50-row listing, where an administrator asks none.

Here the question is asked once, as an annotation on the explorer's queryset
(``construct_explorer_page_queryset``), which Wagtail slices to the rows shown;
``ListingPermissionTester``, the permission tester of every page type of the site
(``BasePageMixin.permissions_for_user``, Wagtail's override point), reads the answer
from the row. Only where the answer comes from changes: the rules stay Wagtail's. A page
without the annotation (any other view, search results of another backend), or a user
or branch it does not cover, gets Wagtail's own ``can_delete``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, QuerySet, Value, When
from django.http import HttpRequest
from wagtail.models import Page, PagePermissionTester

# The annotation: whether the page or a descendant is live.
LIVE_IN_SUBTREE = "_cms_live_in_subtree"


def annotate_live_subtree(
    parent_page: Page, pages: QuerySet, request: HttpRequest | None
) -> QuerySet:
    """``construct_explorer_page_queryset``: each row's "live in its subtree", in SQL.

    A live page answers itself, a leaf (no children, the count Wagtail's own
    ``is_leaf()`` reads) is its whole subtree; only a draft with children asks its
    descendants. Administrators never ask, so their listing is left as it is.
    """
    user = getattr(request, "user", None)
    if not hasattr(pages, "annotate") or getattr(user, "is_superuser", False):
        return pages
    live_descendant = Exists(
        Page.objects.filter(
            path__startswith=OuterRef("path"), depth__gt=OuterRef("depth"), live=True
        )
    )
    return pages.annotate(
        **{
            LIVE_IN_SUBTREE: Case(
                When(live=True, then=Value(True)),
                When(numchild=0, then=Value(False)),
                default=live_descendant,
                output_field=BooleanField(),
            )
        }
    )


class ListingPermissionTester(PagePermissionTester):
    """Wagtail's tester; ``can_delete`` (and so ``can_move``) reads the row's answer."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        live: Any = getattr(self.page, LIVE_IN_SUBTREE, None)
        if (
            live is None
            or not self.user.is_active
            or self.user.is_superuser
            or self.page_is_root
            or "change" not in self.permissions
            or "publish" in self.permissions
        ):
            return super().can_delete(ignore_bulk)
        # Wagtail's branch for "change" without "publish", the same tests in its order,
        # with `get_descendants(inclusive=True).live().exists()` read from the row.
        if "bulk_delete" not in self.permissions and not self.page.is_leaf() and not ignore_bulk:
            return False
        return not live
