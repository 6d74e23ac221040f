"""Factories for participant profiles, their index, the join page and applications."""

from decimal import Decimal

import factory
import wagtail_factories

from participants.models import (
    JoinPage,
    MembershipApplication,
    ParticipantIndexPage,
    ParticipantPage,
)


class ParticipantIndexPageFactory(wagtail_factories.PageFactory):
    title = "Participants"
    slug = "participants"
    introduction = "The cities and regions of the Alliance."

    class Meta:
        model = ParticipantIndexPage


class ParticipantPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Town {n}")
    kind = "city"
    country = "NL"
    status = "active"
    latitude = factory.Sequence(lambda n: Decimal("50") + Decimal(n % 100) / 10)
    longitude = factory.Sequence(lambda n: Decimal("5") + Decimal(n % 100) / 10)

    class Meta:
        model = ParticipantPage


class JoinPageFactory(wagtail_factories.PageFactory):
    title = "Join the Alliance"
    slug = "join"
    introduction = "Apply with this form."

    class Meta:
        model = JoinPage


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    authority_name = factory.Sequence(lambda n: f"Municipality {n}")
    kind = "municipality"
    country = "LT"
    contact_name = "Ona Petraitė"
    contact_role = "Deputy mayor"
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    website = "https://example.org/"
    motivation = "We run a Roma mediator programme and want to share our experience."
    consent = True
    language = "en"

    class Meta:
        model = MembershipApplication
