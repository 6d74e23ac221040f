"""Data that every test process of a run needs, made once and shared through the disk.

pytest-xdist runs the suite in two processes, and CI runs it twice (PostgreSQL, then
SQLite beside the front end's build). Each process used to make its own demo site
(`load_demo_content`: 20 to 50 seconds on a busy CI machine) and, for the tests that
need a third language, its own migrated SQLite file. What one process makes is kept
here for the others, under a key of everything that could change it:

* `code_key()`: the project's Python code (migrations, their post_migrate handlers,
  the demo loaders), its translations and the pinned versions;
* whatever the caller adds (the database vendor, the languages, the day the demo
  dates its undated news by).

A lock per key makes the first process build while the others wait for its result;
files appear under their final name only when complete. Everything lives in the
system's temporary directory (`make clean` removes it).
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(tempfile.gettempdir()) / "alliance-cms-tests"
APPS = ("cms", "home", "articles", "participants", "search")

T = TypeVar("T")


def code_key() -> str:
    """Changes whenever the project's code, its translations or a pinned version does."""
    sources = sorted(path for app in APPS for path in (ROOT / app).rglob("*.py"))
    catalogues = sorted((ROOT / "locale").rglob("*.po"))
    digest = hashlib.sha256()
    for path in [*sources, *catalogues, ROOT / "requirements.txt"]:
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def folder_for(*parts: object) -> Path:
    """The folder of one key: the code's, then the caller's parts."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
    folder = FOLDER / code_key() / digest
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shared_file(folder: Path, name: str, make: Callable[[Path], None]) -> Path:
    """`folder/name`, made by `make(partial_path)` in the first process that asks."""
    path = folder / name
    with FileLock(folder / f"{name}.lock"):
        if not path.exists():
            partial = folder / f"{name}.partial"
            partial.unlink(missing_ok=True)
            make(partial)
            partial.rename(path)
    return path


def shared_object(
    folder: Path,
    make: Callable[[], T | None],
    files_of: Callable[[T], Iterable[str]],
    media_root: Path,
) -> tuple[T | None, bool]:
    """The object another process stored in `folder`, with the media files it names
    copied into this process's `media_root`; or `make()`'s result, stored for the
    others with its files (None is not stored: the next process makes its own).
    The flag says whether it was made here.

    Each test process has a media folder of its own (cms/settings/test.py), and rows
    that name a file are worth nothing without it: the files travel with the rows."""
    stored = folder / "object.pickle"
    media = folder / "media"
    with FileLock(folder / "object.lock"):
        if stored.exists():
            with stored.open("rb") as handle:
                value = pickle.load(handle)  # noqa: S301 (written by this module, same run)
            for name in files_of(value):
                target = media_root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(media / name, target)
            return value, False
        value = make()
        if value is None:
            return None, True
        shutil.rmtree(media, ignore_errors=True)
        for name in files_of(value):
            copy = media / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(media_root / name, copy)
        partial = folder / "object.pickle.partial"
        with partial.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.rename(stored)
        return value, True
