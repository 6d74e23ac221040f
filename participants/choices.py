"""The fixed vocabularies of participants: kinds of authority, membership status and the
state of an application. Shared by the profile, the application, the forms and the list."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    OTHER = "other", _("Other local or regional authority")


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMER = "former", _("Former participant")


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
