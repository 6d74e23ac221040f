"""A page's privacy also covers its aliases, everywhere pages are listed.

wagtail-localize mirrors every new English page into French as an alias at once, so an
editor who then makes the page private leaves a public alias behind. Wagtail serves that
alias with the source's restriction (``Page.get_view_restrictions`` resolves aliases),
but ``PageQuerySet.public()`` and the API's public queryset only look at restrictions on
the alias's own path: the private page's title and content were listed by both APIs,
the sitemap, search, feeds, the map and the latest news of the French site.

Mirroring each source page's restrictions onto its aliases (which Wagtail never lets
editors restrict themselves) makes every one of those listings right with no change
to any of them. Wagtail already copies restrictions when an alias is created.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction


def mirror_onto_aliases(page_id: int) -> None:
    """Gives every alias of the page (and their aliases) exactly the page's restrictions."""
    sources = list(PageViewRestriction.objects.filter(page_id=page_id).prefetch_related("groups"))
    for alias_id in Page.objects.filter(alias_of_id=page_id).values_list("pk", flat=True):
        PageViewRestriction.objects.filter(page_id=alias_id).delete()
        for source in sources:
            copy = PageViewRestriction.objects.create(
                page_id=alias_id,
                restriction_type=source.restriction_type,
                password=source.password,
            )
            copy.groups.set(source.groups.all())
        mirror_onto_aliases(alias_id)


def _is_on_a_source_page(restriction: PageViewRestriction) -> bool:
    return Page.objects.filter(pk=restriction.page_id, alias_of__isnull=True).exists()


def restriction_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    if _is_on_a_source_page(instance):
        mirror_onto_aliases(instance.page_id)


def restriction_groups_changed(sender, instance, action: str, **kwargs) -> None:
    is_restriction = isinstance(instance, PageViewRestriction)
    if action.startswith("post_") and is_restriction and _is_on_a_source_page(instance):
        mirror_onto_aliases(instance.page_id)


def connect_signals() -> None:
    """Any change to a source page's restrictions is mirrored onto its aliases."""
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed, sender=PageViewRestriction, dispatch_uid=f"privacy-{id(signal)}"
        )
    m2m_changed.connect(
        restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="privacy-groups",
    )
