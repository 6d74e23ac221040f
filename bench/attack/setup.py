"""The attack drill's targets, made in a demo database (run by bench/attack.sh).

What an attacker of issue #15 found on a demo site, made again here so that the drill
does not depend on the demo's ids: an Editor's draft page, an Editor's draft topic, a
live page, a password-protected page with a child, a private collection holding a
document and an image, a login-only page, an image shown on the live home page, and one
API token per role. Prints the ids as JSON for bench/attack/replay.py.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
from pathlib import Path

import django
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django.setup()

# After django.setup(): these modules define or import models, which need the app registry.
from wagtail.documents import get_document_model  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402
from wagtail.models import (  # noqa: E402
    APIToken,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from articles.models import Topic  # noqa: E402
from cms.demo_kit.loader import draw_illustration  # noqa: E402
from cms.workflow.media_policy import used_live  # noqa: E402
from home.models import StandardPage  # noqa: E402

BOARD_PASSWORD = "board-2026"  # noqa: S105  (the drill's own page password)


def make_targets() -> dict:
    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    home = Site.objects.get(is_default_site=True).root_page.specific

    def child(title: str, *, live: bool, user=None, parent=None) -> StandardPage:
        page = (parent or home).add_child(
            instance=StandardPage(title=title, slug=f"attack-{secrets.token_hex(3)}", live=False)
        )
        revision = page.save_revision(user=user)
        if live:
            revision.publish()
        return page

    draft = child("Unreviewed draft", live=False, user=editor)
    live = child("A live page", live=True)
    protected = child("Board room", live=True)
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password=BOARD_PASSWORD
    )
    protected_child = child("Board minutes", live=True, parent=protected)
    members_only = child("Members only", live=True)
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")

    topic = Topic(name="Unreviewed topic", slug=f"attack-{secrets.token_hex(3)}", live=False)
    topic.locale_id = home.locale_id
    topic.save()
    topic.save_revision(user=editor)

    root_collection = Collection.get_first_root_node()
    private = root_collection.add_child(instance=Collection(name="Board (private)"))
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document = get_document_model()(title="Secret board minutes", collection=private)
    document.file.save("secret-board-minutes.txt", ContentFile(b"Secret minutes."), save=False)
    document.save()
    png = io.BytesIO()
    draw_illustration("Private photo", (64, 48)).save(png, format="PNG")
    private_image = get_image_model()(title="Private photo", collection=private)
    private_image.file = ImageFile(io.BytesIO(png.getvalue()), name="private-photo.png")
    private_image.save()

    used_image_id = next(
        (image.pk for image in get_image_model().objects.order_by("pk") if used_live(image)),
        None,
    )

    def token(user) -> str:
        _token, plaintext = APIToken.create_token(user=user, name="attack drill")
        return plaintext

    return {
        "draft": draft.pk,
        "live": live.pk,
        "live_path": live.url_path,
        "protected": protected.pk,
        "protected_url": protected.get_url(),
        "protected_child": protected_child.pk,
        "members_only_url": members_only.get_url(),
        "topic": topic.pk,
        "document": document.pk,
        "document_url": document.url,
        "document_file": document.file.url,
        "private_image": private_image.pk,
        "private_image_file": private_image.file.url,
        "used_image": used_image_id,
        "home": home.pk,
        "editor_token": token(editor),
        "reviewer_token": token(reviewer),
        "root_page": Page.get_first_root_node().pk,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text(json.dumps(make_targets(), indent=2))


if __name__ == "__main__":
    main()
