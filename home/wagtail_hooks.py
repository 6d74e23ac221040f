from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.caching import deps
from home.models import TerminologyNote


class TerminologyNoteViewSet(SnippetViewSet):
    model = TerminologyNote
    icon = "info-circle"
    menu_label = _("Terminology notes")
    list_display = ["title", "locale", "live"]


register_snippet(TerminologyNoteViewSet)
# The note is placed on pages through a stream block: a correction reaches those pages
# (Wagtail's reference index), not the whole site (cms/caching/invalidation.py).
deps.shown_where_referenced(TerminologyNote)
