"""The search box at its limits."""

from django.test import Client

from studyapp.topics.search import MAX_QUERY_LENGTH


def longest_query():
    client = Client()
    query = " ".join(["task"] * (MAX_QUERY_LENGTH // 5))
    return lambda: client.get("/search/", {"q": query})


CASES = {"longest query, every word a match": longest_query}
