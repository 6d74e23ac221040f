"""Media storage that fails cleanly when the disk is full or read-only (issue #22, item 7).

Django's ``FileSystemStorage`` raises a bare ``OSError`` half-way through a write and
leaves the partial (often zero-byte) file in ``MEDIA_ROOT``; the admin then shows a 500.
:class:`CleanFileSystemStorage` is the default storage (``STORAGES["default"]``): every
upload path (admin add, multiple upload, API v3 create, management commands) writes
through its ``_save``, which removes what it wrote and raises :class:`StorageUnavailable`.
``cms.ops.storage_middleware.StorageErrorMiddleware`` turns that one error into the editor's message
or an API problem response; the database row is never inserted, because Django saves
the file in ``FileField.pre_save``, before the ``INSERT``.
"""

from __future__ import annotations

import errno
import os
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

#: No space or quota left: the storage is full (HTTP 507 Insufficient Storage).
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
#: Mounted read-only or not writable by the server (HTTP 503 Service Unavailable).
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


class StorageUnavailable(OSError):
    """The media storage refused a write; nothing of it was kept.

    An ``OSError`` subclass with the original ``errno``, so code that already catches
    ``OSError`` keeps working; :attr:`full` tells a full disk from a read-only one.
    """

    @property
    def full(self) -> bool:
        return self.errno in FULL_ERRNOS

    @property
    def status(self) -> int:
        """The HTTP status an API answers with: 507 when full, 503 when read-only."""
        return 507 if self.full else 503

    def message(self) -> str:
        """What the editor reads, in the active language."""
        if self.full:
            return _(
                "The file could not be stored: the media storage is full. Nothing was "
                "saved; try again later or tell an administrator."
            )
        return _(
            "The file could not be stored: the media storage is read-only. Nothing was "
            "saved; try again later or tell an administrator."
        )


class CleanFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` whose failed writes leave no file and raise a typed error."""

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        # Storage.save() already picked a free name; a file there now is someone else's.
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno not in FULL_ERRNOS | READ_ONLY_ERRNOS:
                raise
            if not existed:
                self._remove_partial(full_path)
            raise StorageUnavailable(exc.errno, os.strerror(exc.errno), name) from exc

    @staticmethod
    def _remove_partial(full_path: str) -> None:
        """Delete what the failed write left; a read-only disk has nothing to delete."""
        try:
            os.remove(full_path)
        except FileNotFoundError:
            pass
        except OSError:
            # Read-only: the file could not have been created either.
            pass
