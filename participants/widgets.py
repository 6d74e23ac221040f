"""The admin's location picker: type coordinates, or click the map to fill them in."""

from __future__ import annotations

from django import forms


class LocationPickerInput(forms.NumberInput):
    """The latitude input plus a small Leaflet map that also fills in the longitude.

    The inputs stay ordinary number fields: typing works without the map, and the
    model's validators check the ranges whichever way the numbers came.
    """

    template_name = "participants/widgets/location_picker.html"

    def __init__(self, longitude_field: str = "longitude", attrs=None) -> None:
        super().__init__(attrs={"step": "0.000001", **(attrs or {})})
        self.longitude_field = longitude_field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["longitude_id"] = f"id_{self.longitude_field}"
        return context

    @property
    def media(self) -> forms.Media:
        return forms.Media(
            css={"all": ["leaflet/leaflet.css", "participants/location-picker.css"]},
            js=["leaflet/leaflet.js", "participants/location-picker.js"],
        )
