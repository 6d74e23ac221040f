"""What the hardening installs at start-up.

CSV exports never carry a formula; deploy checks refuse published demo passwords;
administrators-only models stay out of choosers and the translation API.
"""

from __future__ import annotations

from cms.security import admin_only, checks, exports


def connect() -> None:
    exports.install()
    checks.register_checks()
    admin_only.install()
