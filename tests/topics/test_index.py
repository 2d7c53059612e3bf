from contextlib import contextmanager

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection

from studyapp.search.search import site_search
from studyapp.topics import index, queries
from tests.factories import make_pack, make_question


def test_lost_triggers_are_put_back_and_the_index_refilled(db):
    """
    On SQLite a migration that rebuilds a source table drops its triggers; the post-migrate
    repair puts them back. PostgreSQL has nothing to repair.
    """
    pack = make_pack()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in queries.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        make_question(pack, "new", stem="Zebra?")
    assert index.repair(connection) == (connection.vendor == "sqlite")
    assert index.repair(connection) is False
    make_question(pack, "later", stem="Okapi?")
    assert [hit.url for hit in site_search("okapi")] == ["/questions/test-pack/later/"]
    if connection.vendor == "sqlite":
        assert [hit.url for hit in site_search("zebra")] == ["/questions/test-pack/new/"]


class SQLiteWithoutFTS5:
    vendor = "sqlite"

    @contextmanager
    def cursor(self):
        yield self

    def execute(self, statement):
        raise OperationalError("no such module: fts5")


def test_a_sqlite_without_fts5_stops_the_migration_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="needs SQLite's FTS5 module"):
        index.create(SQLiteWithoutFTS5())
