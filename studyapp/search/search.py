"""
Site search over topics, their sections and the stems of the questions a visitor may practise:
ranked, with highlighted snippets, each hit linking to its section or question.

Only letters and digits of a query are searched (WORD), each word quoted, so nothing typed is
ever read as FTS5 or tsquery syntax. The statement is fixed (queries.py) and its one
parameter grows with the words, so a query costs O(words) to build; MAX_QUERY_WORDS bounds them.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.safestring import mark_safe

from studyapp.core import sql
from studyapp.questions.models import Question
from studyapp.search import queries
from studyapp.search.queries import MARK_START, MARK_STOP
from studyapp.topics.models import Topic, TopicHeading

MAX_QUERY_LENGTH = 200
# Every word is one more term for the index to intersect; twelve is more than anyone types.
MAX_QUERY_WORDS = 12
MAX_HITS = 30
# A snippet is SNIPPET_TOKENS words, but one word can be long; what is shown stays short.
MAX_SNIPPET_CHARS = 400
WORD = re.compile(r"[^\W_]+")
MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_STOP}]*){MARK_STOP}")


class TooManyWords(ValueError):
    def __init__(self, count):
        super().__init__(
            f"Search takes at most {MAX_QUERY_WORDS} words; this search has {count}. "
            "Remove some words and try again."
        )


@dataclass(frozen=True)
class SearchHit:
    kind: str
    url: str
    title: str
    context: str
    snippet: str


def clean_query(text):
    """
    The query as searched and shown back: printable characters only (NUL and other control
    characters mean nothing in a search, and PostgreSQL refuses NUL), single spaces, at most
    MAX_QUERY_LENGTH characters.
    """
    # Looking at a few times the kept length bounds the work a huge parameter can cause, while
    # leaving room for the spaces and control characters that are dropped.
    printable = "".join(char for char in text[: MAX_QUERY_LENGTH * 4] if char.isprintable())
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def query_words(query):
    """The words searched for in a cleaned query; TooManyWords past MAX_QUERY_WORDS."""
    words = WORD.findall(query)
    if len(words) > MAX_QUERY_WORDS:
        raise TooManyWords(len(words))
    return words


def site_search(query, user=None):
    """
    The best MAX_HITS hits for every word of `query`, best first. Question stems count only in
    packs `user` may practise (public ones for a visitor).
    """
    words = query_words(clean_query(query))
    if not words:
        return []
    connection = sql.connection_for(Question)
    if connection.vendor == "sqlite":
        # A quoted FTS5 string is only ever words to match; WORD keeps quotes out of it.
        terms = " ".join(f'"{word}"' for word in words)
    else:
        terms = " ".join(words)
    statement, parameters = queries.search(connection, terms, user, MAX_HITS)
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        rows = cursor.fetchall()
    return _described(rows)


def marked(text):
    """The text escaped, with each highlighted match in <mark> and nothing else as markup."""
    escaped = escape(text[:MAX_SNIPPET_CHARS])
    highlighted = MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(highlighted.replace(MARK_START, "").replace(MARK_STOP, ""))


def _described(rows):
    """Hits for the rows of a search, with their links; rows deleted meanwhile are left out."""
    refs = defaultdict(list)
    for kind, ref, _, _ in rows:
        refs[kind].append(ref)
    topics = Topic.objects.only("slug", "title").in_bulk(refs["topic"])
    sections = (
        TopicHeading.objects.select_related("topic")
        .only("anchor", "topic__slug", "topic__title")
        .in_bulk(refs["section"])
    )
    questions = (
        Question.objects.select_related("pack")
        .only("qid", "pack__slug", "pack__title")
        .in_bulk(refs["question"])
    )
    hits = []
    for kind, ref, title, snippet in rows:
        if kind == "topic" and ref in topics:
            topic = topics[ref]
            hits.append(
                SearchHit(kind, topic.get_absolute_url(), marked(title), "topic", marked(snippet))
            )
        elif kind == "section" and ref in sections:
            section = sections[ref]
            url = reverse("topics:detail", args=[section.topic.slug]) + "#" + section.anchor
            context = f"in {section.topic.title}"
            hits.append(SearchHit(kind, url, marked(title), context, marked(snippet)))
        elif kind == "question" and ref in questions:
            question = questions[ref]
            context = f"in {question.pack.title}"
            hits.append(
                SearchHit(
                    kind,
                    question.get_absolute_url(),
                    "Practice question",
                    context,
                    marked(snippet),
                )
            )
    return hits
