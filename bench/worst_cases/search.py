"""The search box at its limits, on the bundled content and on a large question bank."""

import hashlib

from django.contrib.auth import get_user_model
from django.test import Client

from studyapp.questions.models import Pack, Question
from studyapp.search.search import MAX_QUERY_LENGTH, MAX_QUERY_WORDS

# Words that each match many sections of the bundled topics.
COMMON_WORDS = [
    "task",
    "service",
    "container",
    "cluster",
    "instance",
    "definition",
    "role",
    "image",
    "network",
    "port",
    "memory",
    "cpu",
]
# Twelve words among FTS5 and tsquery operators, padded with more operators to the length cap.
OPERATOR_SOUP = '"task* NEAR(role, 2) AND -service OR ^image: {title body}: (cpu NOT)"'
OPERATORS = ' "*^:-(){}+!&|<>'
BANK_OWNER = "bench-search-bank"
BANK_QUESTIONS = 20_000


def _client(user=None):
    """A client, signed in as `user` if given."""
    client = Client()
    if user is not None:
        client.force_login(user)
    # The first request of a process loads templates and URL patterns; time the search.
    client.get("/search/", {"q": "warm"})
    return client


def longest_query():
    client = _client()
    query = " ".join(COMMON_WORDS[:MAX_QUERY_WORDS])
    return lambda: client.get("/search/", {"q": query})


def one_word_matching_most_sections():
    client = _client()
    return lambda: client.get("/search/", {"q": "task"})


def operator_soup():
    client = _client()
    query = (OPERATOR_SOUP + OPERATORS * MAX_QUERY_LENGTH)[:MAX_QUERY_LENGTH]
    return lambda: client.get("/search/", {"q": query})


def past_the_word_limit():
    client = _client()
    query = " ".join(["a"] * (MAX_QUERY_LENGTH // 2))
    return lambda: client.get("/search/", {"q": query})


def large_question_bank():
    """
    BANK_QUESTIONS stems, every one a match, in a private pack of a user of its own (so no other
    case sees them), searched by that user: ranking has every stem to sort.
    """
    owner, _ = get_user_model().objects.get_or_create(username=BANK_OWNER)
    pack, created = Pack.objects.get_or_create(
        slug="bench-search-bank", defaults={"title": "Search bench", "owner": owner}
    )
    if created:
        pack.is_public = False
        pack.save()
        Question.objects.bulk_create(
            Question(
                pack=pack,
                qid=f"q{number}",
                position=number,
                stem=f"Which task role lets container {number} read the image from the registry?",
                correct_count=1,
                fingerprint=hashlib.sha256(str(number).encode()).hexdigest(),
            )
            for number in range(BANK_QUESTIONS)
        )
    client = _client(owner)
    query = " ".join(["task", "role", "container", "image", "registry"])
    return lambda: client.get("/search/", {"q": query})


CASES = {
    f"longest query ({MAX_QUERY_WORDS} words, every one a match)": longest_query,
    "one word matching most sections": one_word_matching_most_sections,
    f"FTS operator soup ({MAX_QUERY_LENGTH} characters, {MAX_QUERY_WORDS} words)": operator_soup,
    f"{MAX_QUERY_LENGTH // 2} words, past the limit (400)": past_the_word_limit,
    f"{BANK_QUESTIONS:,} matching question stems": large_question_bank,
}
