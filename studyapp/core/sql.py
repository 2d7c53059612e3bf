"""
What every hand-written statement shares: table and column names taken from the models, and a
connection chosen by the database router.

A statement names a model's table as `{alias}` and its columns as `{alias.field}`, each alias
bound to a model when the statement is built: with card=Card, `FROM {card}` becomes
`FROM "review_card" card` and `{card.due}` becomes `card."due"`. A field is named by its name
or its attname (`{card.user}` and `{card.user_id}` are one column). A renamed field or table
therefore carries every statement with it, and no caller spells a column. A condition on one
model's own table (core.reads) names its fields bare: `{is_retired}`.

Placeholders that are not bound, such as an IN list's `{packs}`, pass through for the caller to
fill in (with `placeholders`), so a statement can be built once and its lists sized per call.
"""

from functools import lru_cache

from django.db import connections, router


def placeholders(values):
    """'%s, %s, ...' for an IN list; a list that is never empty, so the SQL stays valid."""
    return ", ".join(["%s"] * len(values)) if values else "NULL"


def connection_for(model, write=False):
    """The connection the router sends `model`'s reads (or writes) to."""
    return connections[router.db_for_write(model) if write else router.db_for_read(model)]


def column(model, name):
    """The column of the field `name` (its name, its attname or 'pk')."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return field.column


class _Unbound(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class _OwnColumns(_Unbound):
    """A condition on one model's table: each bare field name becomes its quoted column."""

    def __init__(self, model, quote):
        super().__init__()
        self.model, self.quote = model, quote

    def __missing__(self, key):
        try:
            return self.quote(column(self.model, key))
        except LookupError:
            return super().__missing__(key)


class _Table:
    def __init__(self, model, alias, quote):
        self._model, self._alias, self._quote = model, alias, quote

    def __format__(self, spec):
        return f"{self._quote(self._model._meta.db_table)} {self._alias}"

    def __getattr__(self, name):
        return f"{self._alias}.{self._quote(column(self._model, name))}"


# Keyed by the statement's text, which an IN list's length changes: bounded, not grown per list.
@lru_cache(maxsize=1024)
def _statement(vendor, template, bindings):
    quote = _quoting_connection[vendor].ops.quote_name
    return template.format_map(
        _Unbound({alias: _Table(model, alias, quote) for alias, model in bindings})
    )


@lru_cache(maxsize=1024)
def _condition(vendor, model, template):
    return template.format_map(_OwnColumns(model, _quoting_connection[vendor].ops.quote_name))


# A connection of each vendor, for its quoting rules only (the statement runs on whichever
# connection the router picks; names are quoted the same way on every connection of a vendor).
_quoting_connection = {}


def _remember(connection):
    _quoting_connection.setdefault(connection.vendor, connection)
    return connection.vendor


def statement(connection, template, **models):
    """`template` with each `{alias}` and `{alias.field}` of the bound models filled in."""
    return _statement(_remember(connection), template, tuple(sorted(models.items())))


def condition(connection, model, template):
    """`template`, a condition on `model`'s own table, with each `{field}` its column."""
    return _condition(_remember(connection), model, template)


def rows(model, template, params, **models):
    """
    Every row of `template` (built with `models`) on the connection the router gives `model`'s
    reads. `template` must have no unbound placeholders left: fill IN lists in first.
    """
    connection = connection_for(model)
    with connection.cursor() as cursor:
        cursor.execute(statement(connection, template, **models), list(params))
        return cursor.fetchall()
