"""A URLconf with a view that fails with a programming error (for the 500 test)."""

from django.db import connection
from django.urls import path

from cms.urls import handler500  # noqa: F401


def broken(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_anywhere")
    raise AssertionError("unreachable")


urlpatterns = [path("boom/", broken)]
