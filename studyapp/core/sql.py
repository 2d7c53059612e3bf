"""
What every hand-written statement shares: table and column names taken from the models, and a
connection chosen by the database router.

A statement names a model's table as `{alias}` and its columns as `{alias.field}`, each alias
bound to a model when the statement is built: with card=Card, `FROM {card}` becomes
`FROM "review_card" card` and `{card.due}` becomes `card."due"`. A field is named by its name
or its attname (`{card.user}` and `{card.user_id}` are one column). A renamed field or table
therefore carries every statement with it, and no caller spells a column. A condition on one
model's own table (core.reads) names its fields bare: `{is_retired}`.

Placeholders that are not bound pass through: a statement's variable parts (an IN list's
`{packs}`, a chosen condition) are put in by `fill`, and may themselves name `{alias.field}`s,
which `statement` binds afterwards.
"""

from django.core.exceptions import FieldDoesNotExist
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


class _Later:
    """An unbound placeholder, dotted or not, written back as it was for a later pass."""

    def __init__(self, name):
        self.name = name

    def __format__(self, spec):
        return "{" + self.name + "}"

    def __getattr__(self, attribute):
        return _Later(f"{self.name}.{attribute}")


class _Unbound(dict):
    def __missing__(self, key):
        return _Later(key)


class _Table:
    """A model's table in a statement, under `alias`, or under its own name if alias is None."""

    def __init__(self, model, alias, quote):
        self._model, self._alias, self._quote = model, alias, quote

    def __format__(self, spec):
        table = self._quote(self._model._meta.db_table)
        return f"{table} {self._alias}" if self._alias else table

    def __getattr__(self, name):
        quoted = self._quote(column(self._model, name))
        return f"{self._alias}.{quoted}" if self._alias else quoted


class _OwnColumns(_Unbound):
    """
    A condition on one model's table: a bare field name becomes its quoted column, and so does
    `{model_name.field}` (`{question.is_retired}` for Question), so that a rule written for
    statements that bind that alias reads one table's rows too.
    """

    def __init__(self, model, quote, tables):
        super().__init__(tables)
        self.model, self.quote = model, quote

    def __missing__(self, key):
        if key == self.model._meta.model_name:
            return _Table(self.model, None, self.quote)
        try:
            return self.quote(column(self.model, key))
        except FieldDoesNotExist:
            return super().__missing__(key)


# Built statements by (vendor, template, bound models): building one formats every name. The
# text varies with an IN list's length, so past MAX_BUILT entries the cache starts afresh rather
# than grow with every list length seen.
MAX_BUILT = 1024
_built = {}


def _build(connection, key, make):
    found = _built.get(key)
    if found is None:
        if len(_built) >= MAX_BUILT:
            _built.clear()
        found = _built[key] = make(connection.ops.quote_name)
    return found


def fill(template, **parts):
    """`template` with the named parts (text: an IN list's placeholders, a condition) put in."""
    return template.format_map(_Unbound(parts))


def statement(connection, template, **models):
    """`template` with each `{alias}` and `{alias.field}` of the bound models filled in."""

    def make(quote):
        tables = {alias: _Table(model, alias, quote) for alias, model in models.items()}
        return template.format_map(_Unbound(tables))

    return _build(connection, (connection.vendor, template, *sorted(models.items())), make)


def condition(connection, model, template, **models):
    """
    `template`, a condition on `model`'s own table, with each `{field}` its column; `models`
    bind the aliases of any subquery in it, as for `statement`.
    """

    def make(quote):
        tables = {alias: _Table(other, alias, quote) for alias, other in models.items()}
        return template.format_map(_OwnColumns(model, quote, tables))

    key = (connection.vendor, model, template, *sorted(models.items()))
    return _build(connection, key, make)


def rows(model, template, params, **models):
    """
    Every row of `template` (built with `models`) on the connection the router gives `model`'s
    reads. `template` must have no unbound placeholders left: fill IN lists in first.
    """
    connection = connection_for(model)
    with connection.cursor() as cursor:
        cursor.execute(statement(connection, template, **models), list(params))
        return cursor.fetchall()
