"""
The search index's schema, written by hand because the ORM has no way to say it: SQLite's FTS5
(a virtual table, triggers that keep the table current) has no ORM support at all, and
PostgreSQL's stored tsvector columns with their GIN indexes are schema the models do not
describe. Its migration (0003_search_index) and index.py run these statements; the searches
that read the index are studyapp/search/queries.py, above both topics and questions.

What is searched, defined once in SOURCES for both databases: each topic (title; summary and
the text before its first heading), each section (heading; the text up to the next heading) and
each question's stem, never its options, feedback or explanation. Table names are written out,
not read from the models: these statements are the schema a migration made, history that must
not change when a model does.

- SQLite: one FTS5 table, so bm25() ranks every kind of hit on one scale. A row's rowid is
  `3 * id + offset` of its source row, which lets the triggers on the source tables replace or
  delete exactly that row. The triggers keep it current whoever writes: loadcontent, pack
  imports, tests through the ORM, the admin.
- PostgreSQL: a generated `search_document` tsvector column on each source table with a GIN
  index; the database keeps it current.
"""

from dataclasses import dataclass

# Bounds the work of to_tsvector on a pathological row; topic sections and stems are far shorter.
INDEXED_CHARS = 100_000
SEARCH_TABLE = "topics_search"
TEXT_SEARCH_CONFIG = "english"


@dataclass(frozen=True)
class Source:
    kind: str
    table: str
    offset: int
    title: str
    body: str
    watched: str

    def title_of(self, row):
        return self.title.format(row=row)

    def body_of(self, row):
        return self.body.format(row=row)


SOURCES = (
    Source(
        "topic",
        "topics_topic",
        0,
        title="{row}title",
        body="{row}summary || ' ' || {row}intro",
        watched="title, summary, intro",
    ),
    Source("section", "topics_topicheading", 1, "{row}title", "{row}text", "title, text"),
    Source(
        "question",
        "questions_question",
        2,
        title="''",
        body="{row}stem",
        watched="stem",
    ),
)


# SQLite ----------------------------------------------------------------------------------------

SQLITE_CREATE_TABLE = f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5(
        title, body, tokenize = 'porter unicode61 remove_diacritics 2'
    )
"""


def _sqlite_row(source, row):
    return f"{row}id * 3 + {source.offset}, {source.title_of(row)}, {source.body_of(row)}"


def _sqlite_triggers(source):
    insert = (
        f"INSERT INTO {SEARCH_TABLE} (rowid, title, body) VALUES ({_sqlite_row(source, 'new.')});"
    )
    delete = f"DELETE FROM {SEARCH_TABLE} WHERE rowid = old.id * 3 + {source.offset};"
    name = f"{SEARCH_TABLE}_{source.kind}"
    events = {
        "insert": ("INSERT", insert),
        "update": (f"UPDATE OF {source.watched}", f"{delete} {insert}"),
        "delete": ("DELETE", delete),
    }
    return {
        f"{name}_{event}": f"CREATE TRIGGER IF NOT EXISTS {name}_{event} AFTER {when}"
        f" ON {source.table} FOR EACH ROW BEGIN {body} END"
        for event, (when, body) in events.items()
    }


SQLITE_TRIGGERS = {
    name: statement for source in SOURCES for name, statement in _sqlite_triggers(source).items()
}
SQLITE_FILL = [f"DELETE FROM {SEARCH_TABLE}"] + [
    f"INSERT INTO {SEARCH_TABLE} (rowid, title, body)"
    f" SELECT {_sqlite_row(source, '')} FROM {source.table}"
    for source in SOURCES
]
SQLITE_TRIGGER_NAMES_SQL = (
    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ("
    + ", ".join(f"'{source.table}'" for source in SOURCES)
    + ")"
)
SQLITE_TABLE_EXISTS_SQL = (
    f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{SEARCH_TABLE}'"
)
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS] + [
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}"
]

# PostgreSQL ------------------------------------------------------------------------------------


def _document(source):
    config = TEXT_SEARCH_CONFIG
    return (
        f"setweight(to_tsvector('{config}', left({source.title_of('')}, {INDEXED_CHARS})), 'A')"
        f" || setweight(to_tsvector('{config}', left({source.body_of('')}, {INDEXED_CHARS})),"
        " 'B')"
    )


POSTGRES_CREATE = [
    statement
    for source in SOURCES
    for statement in (
        f"ALTER TABLE {source.table} ADD COLUMN search_document tsvector"
        f" GENERATED ALWAYS AS ({_document(source)}) STORED",
        f"CREATE INDEX {source.table}_search_document ON {source.table}"
        " USING gin (search_document)",
    )
]
POSTGRES_DROP = [
    f"ALTER TABLE {source.table} DROP COLUMN IF EXISTS search_document" for source in SOURCES
]
