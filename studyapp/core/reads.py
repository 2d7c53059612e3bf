"""
Model instances read with a fixed SQL condition instead of a QuerySet, for the few reads that
every study request makes.

Building and compiling a QuerySet costs far more than running it: on SQLite, fetching a
question by primary key took 273 µs through the ORM and 39 µs here, and a question's options
357 µs against 42 µs (bench/request_cost.py finds where a request's time goes). These functions
select the model's own columns, pass each value through the converters the ORM would apply
(booleans and aware datetimes on SQLite, JSON, decimals) and build instances with
Model.from_db, so what they return behaves exactly like an ORM instance: saving it, reading its
relations, comparing it.

The condition is SQL over the model's own table, naming its fields in braces (`{is_retired}`,
which becomes the field's quoted column, see core.sql), written the same for SQLite and
PostgreSQL (`NOT {is_retired}`, not `{is_retired} = 0`), with %s placeholders for `params`.
The statements themselves live in each app's queries.py.
"""

from weakref import WeakKeyDictionary

from studyapp.core import sql

# Per connection (each thread has its own), per model: the SELECT, field names and converters.
_readers = WeakKeyDictionary()


def one(model, condition, params=(), for_update=False, **tables):
    """
    The instance whose row meets `condition`, or None; the condition must select one row.
    `for_update` locks the row until the transaction ends, as select_for_update() does (SQLite
    has no row locks: its IMMEDIATE transactions already hold the database's write lock).
    """
    found = many(model, condition, params, for_update=for_update, **tables)
    return found[0] if found else None


def many(model, condition, params=(), order_by="", for_update=False, **tables):
    """
    Every instance whose row meets `condition`, in `order_by` (SQL) order if given; `tables`
    bind the aliases a subquery of the condition names (core.sql).
    """
    connection = sql.connection_for(model, write=for_update)
    select, names, converters = _reader(connection, model)
    statement = f"{select} WHERE {sql.condition(connection, model, condition, **tables)}"
    if order_by:
        statement += f" ORDER BY {sql.condition(connection, model, order_by)}"
    if for_update and connection.features.has_select_for_update:
        statement += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))
        rows = cursor.fetchall()
    instances = []
    for row in rows:
        values = list(row)
        for index, column_converters in converters:
            for convert, expression in column_converters:
                values[index] = convert(values[index], expression, connection)
        instances.append(model.from_db(connection.alias, names, values))
    return instances


def _reader(connection, model):
    by_model = _readers.setdefault(connection, {})
    if model not in by_model:
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        select = f"SELECT {columns} FROM {quote(model._meta.db_table)}"
        converters = []
        for index, field in enumerate(fields):
            # As SQLCompiler.get_converters: the backend's converters, then the field's own.
            expression = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(expression) + expression.get_db_converters(
                connection
            )
            if found:
                converters.append((index, [(convert, expression) for convert in found]))
        by_model[model] = (select, [field.attname for field in fields], converters)
    return by_model[model]
