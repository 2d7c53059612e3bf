"""
The SQL of site search over the index topics/queries.py defines, written by hand because the
ORM has no way to say it: MATCH, bm25(), snippet() and highlight() on SQLite's FTS5 table;
ts_rank and ts_headline over PostgreSQL's tsvector columns. Headings and titles weigh ten
times a body on both.

Question stems count only in questions in use in packs the searcher may see: the rules
questions.queries states (ACTIVE_QUESTION, VISIBLE_PACK_IDS), put into each search in place
of VISIBLE_ROWS.

Highlights are wrapped in MARK_START and MARK_STOP, control characters that text hardly ever
holds, so the caller can escape the text and only then turn each marked span into <mark>
(dropping any stray mark).
"""

from studyapp.core import sql
from studyapp.questions.models import Question
from studyapp.questions.queries import (
    ACTIVE_QUESTION,
    pack_tables,
    visible_pack_ids_statement,
)
from studyapp.topics.queries import (
    INDEXED_CHARS,
    SEARCH_TABLE,
    SOURCES,
    TEXT_SEARCH_CONFIG,
)

MARK_START = "\x02"
MARK_STOP = "\x03"
SNIPPET_TOKENS = 24
# Where the ids of the question rows a searcher may find go; no statement holds this text.
VISIBLE_ROWS = "<visible question ids>"


# SQLite ----------------------------------------------------------------------------------------

# `%%` is SQL's `%` (modulo) in a statement with parameters. Kind and id come from the rowid:
# reading a column of an FTS5 row costs a lookup per matching row, the rowid nothing.
_SQLITE_KIND = (
    "CASE rowid %% 3 "
    + " ".join(f"WHEN {source.offset} THEN '{source.kind}'" for source in SOURCES)
    + " END"
)
_QUESTION_OFFSET = next(source.offset for source in SOURCES if source.kind == "question")
_SQLITE_VISIBLE = f"(rowid %% 3 <> {_QUESTION_OFFSET} OR rowid / 3 IN ({VISIBLE_ROWS}))"
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
    if source.kind == "question":
        condition += f" AND {source.kind}.id IN ({VISIBLE_ROWS})"
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


def _visible_rows(connection, pack_ids):
    """The SELECT of the active questions in the packs `pack_ids` (a SELECT) names."""
    template = sql.fill(
        "SELECT {question.id} FROM {question} WHERE " + ACTIVE_QUESTION, packs=pack_ids
    )
    return sql.statement(connection, template, question=Question, **pack_tables())


def search(connection, terms, user, limit):
    """
    (the search statement for `user`, signed in or not, on `connection`; its parameters): the
    match expression (twice on SQLite), the pack rule's parameters, the limit.
    """
    packs, pack_params = visible_pack_ids_statement(user)
    statement = _SQLITE_SEARCH if connection.vendor == "sqlite" else _POSTGRES_SEARCH
    statement = statement.replace(VISIBLE_ROWS, _visible_rows(connection, packs))
    matches = [terms, terms] if connection.vendor == "sqlite" else [terms]
    return statement, [*matches, *pack_params, limit]
