"""Forms that visitors fill in: the participant filters and the application form."""

from __future__ import annotations

import uuid

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from participants.applications import MembershipApplication
from participants.choices import ParticipantKind, ParticipantStatus

SORT_CHOICES = [
    ("name", _("Name (A to Z)")),
    ("-name", _("Name (Z to A)")),
    ("-joined", _("Most recently joined")),
    ("joined", _("Longest-standing")),
]
SORT_ORDER = {
    "name": ["title"],
    "-name": ["-title"],
    "-joined": ["-date_joined", "title"],
    "joined": ["date_joined", "title"],
}


class ParticipantFilterForm(forms.Form):
    """Query-string filters of the index page; unknown values are reported, not fatal."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *ParticipantKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active and former")), *ParticipantStatus.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, country_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *country_choices]


phone_validator = RegexValidator(
    r"^\+?[0-9 ().\-/]{6,30}$",
    _("Enter a telephone number with digits, spaces and an optional leading +."),
)


class ApplicationForm(forms.ModelForm):
    """The “Join the Alliance” form; `nickname` is a honeypot that people never see."""

    nickname = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # A new one each time the form is rendered (a callable initial); a re-rendered
    # bound form keeps the one it was sent with. See `clean_submission_token`.
    submission_token = forms.CharField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)

    class Meta:
        model = MembershipApplication
        fields = [
            "authority_name",
            "kind",
            "country",
            "website",
            "contact_name",
            "contact_role",
            "email",
            "phone",
            "motivation",
            "consent",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "phone": _("Optional."),
            "motivation": _(
                "Why does your authority wish to join, and what does it already do for Roma "
                "inclusion? At least 30 characters."
            ),
        }
        error_messages = {
            "consent": {"required": _("Please agree so that we can process your application.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = True
        self.fields["phone"].validators.append(phone_validator)
        self.fields["motivation"].min_length = 30
        self.fields["motivation"].max_length = 5000
        self.fields["motivation"].validators.extend(
            forms.CharField(min_length=30, max_length=5000).validators
        )
        self.fields["motivation"].widget.attrs.update({"minlength": "30", "maxlength": "5000"})

    def clean_submission_token(self) -> uuid.UUID | None:
        """The form's token, or None when missing or malformed: then no error, no protection.

        Forms cached in browsers before the token existed (or mangled by a proxy) are still
        accepted, each POST stored, as before; a visitor is never refused for a hidden field.
        """
        try:
            return uuid.UUID(self.cleaned_data.get("submission_token") or "")
        except ValueError:
            return None

    def is_spam(self) -> bool:
        return bool(self.data.get("nickname"))
