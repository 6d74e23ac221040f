"""The framework floor: the cheapest view Django can serve through our middleware.

Mounted by bench/urls.py, the URL conf that the BENCH_FLOOR_VIEW setting selects (bench/run.sh sets
it); every scenario is reported as a fraction of what this view achieves.
"""

from django.http import HttpRequest, HttpResponse

BODY = b"<!DOCTYPE html><html lang=en><title>floor</title><p>ok</p></html>"


def floor(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(BODY, content_type="text/html; charset=utf-8")
    # Measured as a view, not as a page-cache hit.
    response["Cache-Control"] = "no-store"
    return response
