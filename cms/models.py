"""The models of the `cms` app, as Django finds them (app label `cms`, one migration history).

Each model lives in the package of its concern; this module only gathers them so that
Django registers them when the app loads, and so that `cms.models.X` keeps working.
"""

from cms.alerts.models import Alert
from cms.core.models import CustomImage, CustomRendition, SocialMediaSettings
from cms.publishing.models import SitemapSection, WebhookDelivery, WebhookEndpoint
from cms.translations.contributions import TranslationCheckTask
from cms.translations.models import TranslationDigest
from cms.translations.originals import ContributionOriginal
from cms.translations.terminology import Term
from cms.workflow.models import FourEyesReviewTask

__all__ = [
    "Alert",
    "ContributionOriginal",
    "CustomImage",
    "CustomRendition",
    "FourEyesReviewTask",
    "SitemapSection",
    "SocialMediaSettings",
    "Term",
    "TranslationCheckTask",
    "TranslationDigest",
    "WebhookDelivery",
    "WebhookEndpoint",
]
