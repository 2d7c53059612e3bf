"""Creating, repairing and dropping the search index (the statements are in queries.py)."""

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, transaction

from studyapp.topics import queries


def create(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in queries.POSTGRES_CREATE:
                cursor.execute(statement)
            return
        try:
            cursor.execute(queries.SQLITE_CREATE_TABLE)
        except OperationalError as error:
            if "fts5" not in str(error):
                raise
            raise ImproperlyConfigured(
                "Site search needs SQLite's FTS5 module, which this Python's sqlite3 lacks: use "
                "a Python built with it (python.org, Debian and Ubuntu builds are) or PostgreSQL."
            ) from error
        for statement in [*queries.SQLITE_TRIGGERS.values(), *queries.SQLITE_FILL]:
            cursor.execute(statement)


def drop(connection):
    statements = queries.POSTGRES_DROP if connection.vendor == "postgresql" else queries.SQLITE_DROP
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def repair(connection):
    """
    Put back lost triggers and refill the index; True if it had to. On SQLite a migration that
    alters a source table copies it into a new table and drops the old one, and its triggers
    with it: after that the index would silently stop following the content. PostgreSQL alters
    tables in place, and its generated columns cannot be lost that way.
    """
    if connection.vendor != "sqlite":
        return False
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(queries.SQLITE_TABLE_EXISTS_SQL)
        if cursor.fetchone() is None:
            return False
        cursor.execute(queries.SQLITE_TRIGGER_NAMES_SQL)
        if set(queries.SQLITE_TRIGGERS) <= {name for (name,) in cursor.fetchall()}:
            return False
        for statement in [*queries.SQLITE_TRIGGERS.values(), *queries.SQLITE_FILL]:
            cursor.execute(statement)
    return True
