"""A page view that needs a new rendition while the media storage is full or read-only.

Issue #22 ("a full disk costs one feature, never a page"): uploads are refused with the
editor's message (test_storage_errors.py), but a visitor asking for a page whose image
has no rendition yet must still get the page, without that image, and that lesser copy
must not be cached. The renditions folder is a real tmpfs, filled or read-only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import Client
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from cms.core.models import CustomImage
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory
from tests.shared_data import clear_caches

pytestmark = [pytest.mark.resilience, pytest.mark.django_db]

MOUNT = shutil.which("mount") or "/usr/bin/mount"
UMOUNT = shutil.which("umount") or "/usr/bin/umount"
DD = shutil.which("dd") or "/usr/bin/dd"


@pytest.fixture
def media_root(tmp_path: Path, settings) -> Path:
    root = tmp_path / "media"
    (root / "images").mkdir(parents=True)
    settings.MEDIA_ROOT = str(root)
    settings.ALLOWED_HOSTS = ["*"]
    return root


@pytest.fixture
def pages(media_root, home_en):
    """A home hero, an article with a lead image and an image block, a logo: all with
    originals on disk and no rendition made yet, and none remembered: Wagtail's
    renditions cache is keyed by image id, which an earlier test's image may have had."""
    clear_caches()
    image = CustomImage.objects.create(
        title="Kirtimai",
        file=get_test_image_file(),
        description="Houses in Kirtimai",
        caption="Kirtimai settlement",
        credit="CoE",
    )
    home_en.hero_image = image
    home_en.save_revision().publish()
    news = ArticleIndexPageFactory(parent=home_en)
    article = ArticlePageFactory(
        parent=news,
        title="Seminar in Vilnius",
        listing_image=image,
        body=[
            ("paragraph", RichText("<p>The seminar met in Vilnius.</p>")),
            ("image", {"image": image, "caption": "The meeting room"}),
        ],
    )
    participants = ParticipantIndexPageFactory(parent=home_en)
    participant = ParticipantPageFactory(parent=participants, title="Vilnius", logo=image)
    assert not image.renditions.exists()
    return {"home": home_en, "news": news, "article": article, "participant": participant}


@pytest.fixture(params=["full", "read-only"])
def refusing_renditions(request, media_root: Path) -> Iterator[str]:
    folder = media_root / "images"
    try:
        subprocess.run([MOUNT, "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        if request.param == "full":
            # dd writes until the kernel answers ENOSPC.
            filler = f"of={folder / 'filler'}"
            subprocess.run([DD, "if=/dev/zero", filler, "bs=4k"], check=False, capture_output=True)
        else:
            subprocess.run([MOUNT, "-o", "remount,ro", folder], check=True)
        yield request.param
    finally:
        subprocess.run([UMOUNT, "-l", folder], check=False)


def html_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_pages_are_served_without_the_image_and_not_cached(pages, refusing_renditions, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300
    caches["default"].clear()
    visitor = Client()
    for name in ("home", "news", "article", "participant"):
        url = pages[name].url
        response = visitor.get(url)
        soup = html_of(response)
        images = [img["src"] for img in soup.select("main img")]
        assert not any("not-found" in src for src in images), (name, images)
        assert not any("/media/images/" in src for src in images), (name, images)
        assert "no-store" in response["Cache-Control"], name
        assert response.get("X-Page-Cache") != "miss", name  # "miss" means stored
    article = html_of(visitor.get(pages["article"].url))
    assert "The seminar met in Vilnius." in article.text
    # Shared links show the Alliance's emblem instead of the picture that cannot be made.
    assert article.find("meta", property="og:image")["content"].endswith(
        "/static/img/share-default.png"
    )
    assert not CustomImage.objects.get().renditions.exists()
    kept = set(os.listdir(Path(settings.MEDIA_ROOT) / "images")) - {"filler"}
    assert not kept  # no partial rendition files left behind


def test_feeds_and_apis_answer_without_the_image(pages, refusing_renditions):
    visitor = Client()
    news = pages["news"]
    for url in (f"{news.url}feed/rss/", f"{news.url}feed/atom/"):
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert b"Seminar in Vilnius" in response.content
        assert b"enclosure" not in response.content
    article_id = pages["article"].pk
    v2 = visitor.get(f"/api/v2/pages/{article_id}/")
    assert v2.status_code == 200, v2.content[:500]
    assert v2.json()["listing_image"] is None
    listing = visitor.get("/api/v2/pages/?type=articles.ArticlePage&fields=*")
    assert listing.status_code == 200
    images = visitor.get("/api/v2/images/?fields=*")
    assert images.status_code == 200, images.content[:500]
    v3 = visitor.get(f"/api/v3/pages/{article_id}/")
    assert v3.status_code == 200, v3.content[:500]


def test_once_the_storage_takes_writes_again_the_image_is_back(pages, media_root):
    visitor = Client()
    subprocess.run([MOUNT, "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", media_root / "images"])
    try:
        assert "/media/images/" not in visitor.get(pages["article"].url).content.decode()
    finally:
        subprocess.run([UMOUNT, "-l", media_root / "images"], check=False)
    soup = html_of(visitor.get(pages["article"].url))
    assert any("/media/images/" in img["src"] for img in soup.select("main img"))
    assert soup.find("meta", property="og:image") is not None
