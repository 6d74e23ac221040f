"""Every admin hook of the `cms` app, one module per package, registered by importing them.

Wagtail imports each app's ``wagtail_hooks`` once, when the admin loads; the hooks of each
package live in its own ``hooks.py`` so that what a package adds to the admin is read in
one place (docs/architecture.md).
"""

from cms.ops import hooks as ops_hooks
from cms.publishing import hooks as publishing_hooks
from cms.security import hooks as security_hooks
from cms.translations import hooks as translations_hooks
from cms.workflow import hooks as workflow_hooks

__all__ = [
    "ops_hooks",
    "publishing_hooks",
    "security_hooks",
    "translations_hooks",
    "workflow_hooks",
]
