"""``field__in_array=[...]``: ``IN`` for a long list of ids, as one parameter.

Facets are counted over every page a search matched, thousands of ids on a large site.
Django's ``__in`` sends each id as its own parameter, and compiling and quoting them
cost more than the counting itself; PostgreSQL takes the whole list as one array
(``= ANY(%s)``). Other databases get the ordinary ``IN``.
"""

from __future__ import annotations

from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In


class InArray(Lookup):
    lookup_name = "in_array"
    prepare_rhs = False

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]

    def as_sql(self, compiler, connection):
        return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)


Field.register_lookup(InArray)
# Foreign keys (ParentalKey included) keep their own lookups apart from plain fields'.
ForeignObject.register_lookup(InArray)
