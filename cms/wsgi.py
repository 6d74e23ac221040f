"""The WSGI application (gunicorn: `cms.wsgi:application`); production settings by default.

Under production settings (``REFUSE_DEMO_PASSWORDS``) it refuses to start while an
active account accepts a demo password published in the README (cms/security/checks.py): the
error names the accounts and the fix, and gunicorn stops instead of serving them.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

if getattr(settings, "REFUSE_DEMO_PASSWORDS", False):
    # Imported once the application (and so the app registry) is loaded: it reads the users.
    from cms.security.checks import refuse_published_demo_passwords

    refuse_published_demo_passwords()
