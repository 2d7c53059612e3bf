"""
The SQL of site search, written by hand because the ORM has no way to say it: SQLite's FTS5
(a virtual table, MATCH, bm25(), snippet(), highlight(), triggers that keep the table current)
has no ORM support at all, and PostgreSQL's stored tsvector columns with their GIN indexes are
schema the models do not describe.

What is searched, defined once in SOURCES for both databases: each topic (title; summary and
the text before its first heading), each section (heading; the text up to the next heading) and
each question's stem, never its options, feedback or explanation.

- SQLite: one FTS5 table, so bm25() ranks every kind of hit on one scale. A row's rowid is
  `3 * id + offset` of its source row, which lets the triggers on the source tables replace or
  delete exactly that row. The triggers keep it current whoever writes: loadcontent, pack
  imports, tests through the ORM, the admin.
- PostgreSQL: a generated `search_document` tsvector column on each source table with a GIN
  index; the database keeps it current. ts_rank ranks (headings and titles weigh ten times a
  body), ts_headline cuts the snippets.

Highlights are wrapped in MARK_START and MARK_STOP, control characters that text hardly ever
holds, so the caller can escape the text and only then turn each marked span into <mark>
(dropping any stray mark).
"""

from dataclasses import dataclass

from studyapp.questions.practice import PUBLIC_PACK_IDS_SQL, VISIBLE_PACK_IDS_SQL

MARK_START = "\x02"
MARK_STOP = "\x03"
SNIPPET_TOKENS = 24
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
    # The ids of the rows a searcher may find, when not all; `{visible_packs}` is the packs'.
    visible_rows: str = ""

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
        visible_rows=(
            "SELECT id FROM questions_question"
            " WHERE NOT is_retired AND pack_id IN ({visible_packs})"
        ),
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

# `%%` is SQL's `%` (modulo) in a statement with parameters. Kind and id come from the rowid:
# reading a column of an FTS5 row costs a lookup per matching row, the rowid nothing.
_SQLITE_KIND = (
    "CASE rowid %% 3 "
    + " ".join(f"WHEN {source.offset} THEN '{source.kind}'" for source in SOURCES)
    + " END"
)
_SQLITE_VISIBLE = " AND ".join(
    f"(rowid %% 3 <> {source.offset} OR rowid / 3 IN ({source.visible_rows}))"
    for source in SOURCES
    if source.visible_rows
)
_BM25 = f"bm25({SEARCH_TABLE}, 10.0, 1.0)"
# The best rows are chosen first and only they get a snippet: snippet() costs far more than
# ranking, and SQLite would otherwise cut one for every match before sorting. `+rowid` keeps
# the IN list a filter: handed to FTS5 as a rowid constraint, it would run the whole match once
# per listed row (600 ms instead of 200 ms for 10 words matching 20,000 stems).
# Parameters: match expression (twice), the visible packs' parameters, limit.
_SQLITE_SEARCH = f"""
    SELECT {_SQLITE_KIND}, rowid / 3,
           highlight({SEARCH_TABLE}, 0, char({ord(MARK_START)}), char({ord(MARK_STOP)})),
           snippet({SEARCH_TABLE}, 1, char({ord(MARK_START)}), char({ord(MARK_STOP)}), '…',
                   {SNIPPET_TOKENS})
    FROM {SEARCH_TABLE}
    WHERE {SEARCH_TABLE} MATCH %s AND +rowid IN (
        SELECT rowid FROM {SEARCH_TABLE}
        WHERE {SEARCH_TABLE} MATCH %s AND {_SQLITE_VISIBLE}
        ORDER BY {_BM25}, rowid
        LIMIT %s
    )
    ORDER BY {_BM25}, rowid
"""


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

_MARKS = f"'StartSel=' || chr({ord(MARK_START)}) || ', StopSel=' || chr({ord(MARK_STOP)})"
_TITLE_OPTIONS = f"{_MARKS} || ', HighlightAll=true'"
_SNIPPET_OPTIONS = (
    f"{_MARKS} || ', MaxWords={SNIPPET_TOKENS}, MinWords=8, MaxFragments=2,"
    ' FragmentDelimiter=" … "\''
)
# Headings and titles (weight A) count ten times the text under them (weight B).
_RANK_WEIGHTS = "{0, 0, 0.1, 1}"


def _postgres_hits(source):
    row = f"{source.kind}."
    condition = f"{source.kind}.search_document @@ query.terms"
    if source.visible_rows:
        condition += f" AND {source.kind}.id IN ({source.visible_rows})"
    return (
        f"SELECT '{source.kind}' AS kind, {source.kind}.id AS ref,"
        f" {source.title_of(row)} AS title, left({source.body_of(row)}, {INDEXED_CHARS}) AS body,"
        f" ts_rank('{_RANK_WEIGHTS}', {source.kind}.search_document, query.terms) AS rank"
        f" FROM {source.table} {source.kind}, query WHERE {condition}"
    )


# Parameters: the words, the visible packs' parameters, limit.
_POSTGRES_SEARCH = f"""
    WITH query AS (SELECT plainto_tsquery('{TEXT_SEARCH_CONFIG}', %s) AS terms),
    hits AS (
        {" UNION ALL ".join(_postgres_hits(source) for source in SOURCES)}
        ORDER BY rank DESC, kind, ref
        LIMIT %s
    )
    SELECT kind, ref,
           ts_headline('{TEXT_SEARCH_CONFIG}', title, terms, {_TITLE_OPTIONS}),
           ts_headline('{TEXT_SEARCH_CONFIG}', body, terms, {_SNIPPET_OPTIONS})
    FROM hits, query
    ORDER BY rank DESC, kind, ref
"""


def search_parameters(vendor, terms, user_id, limit):
    """
    The parameters of SEARCH[vendor]["member" if user_id else "public"], in the order its
    statement takes them; every parameter of the pack visibility rule is the user's id.
    """
    matches = [terms, terms] if vendor == "sqlite" else [terms]
    packs = [user_id] * VISIBLE_PACK_IDS_SQL.count("%s") if user_id is not None else []
    return [*matches, *packs, limit]


def _with_visible_packs(statement):
    """The statement for visitors (public packs) and for signed-in users (VISIBLE_PACK_IDS_SQL)."""
    return {
        "public": statement.replace("{visible_packs}", PUBLIC_PACK_IDS_SQL),
        "member": statement.replace("{visible_packs}", VISIBLE_PACK_IDS_SQL),
    }


SEARCH = {
    "sqlite": _with_visible_packs(_SQLITE_SEARCH),
    "postgresql": _with_visible_packs(_POSTGRES_SEARCH),
}
