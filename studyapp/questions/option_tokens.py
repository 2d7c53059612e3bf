"""
What an answer form posts for each option, and the order a page shows the options in.

An option's position is the author's order, and authors put the key first more often than not:
a page that posted positions, or listed options in the author's order, would let a learner
score well without reading the question. So a form posts a token per option instead: an HMAC,
under the server's secret key, of the option's position and a scope naming one showing of the
question (a practice or review rendering, or a question of an exam sitting). The server maps
tokens back by computing the token of each position, so nothing is stored, and without the key
neither a token nor the shuffled order says anything about the author's order.
"""

import random
import re
import secrets
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

# 64 bits: a forged token is refused, never mistaken for an option.
TOKEN_HEX_DIGITS = 16
SHOWING_ID = re.compile(r"[A-Za-z0-9_-]{16}")


class UnknownToken(ValueError):
    """A posted value is not the token of any option of this showing."""


@dataclass(frozen=True)
class OptionTokens:
    scope: str
    # What a practice or review form posts back so the server can recompute its tokens and
    # order; an exam question needs none, as its scope comes from the URL.
    showing_id: str = ""

    @classmethod
    def new_showing(cls, question_id):
        return cls._showing(question_id, secrets.token_urlsafe(12))

    @classmethod
    def posted_showing(cls, question_id, showing_id):
        """The showing an answer form names, or None if the id is not one this app makes."""
        if not isinstance(showing_id, str) or not SHOWING_ID.fullmatch(showing_id):
            return None
        return cls._showing(question_id, showing_id)

    @classmethod
    def _showing(cls, question_id, showing_id):
        return cls(f"showing:{question_id}:{showing_id}", showing_id)

    @classmethod
    def of_sitting_question(cls, sitting_question_id):
        """Stable for the whole sitting, so answers saved earlier show as checked."""
        return cls(f"sitting-question:{sitting_question_id}")

    def token(self, position):
        return salted_hmac(
            "studyapp.questions.option-token", f"{self.scope}:{position}", algorithm="sha256"
        ).hexdigest()[:TOKEN_HEX_DIGITS]

    def shuffled(self, options):
        """The options in this showing's order: random-looking, and the same every time."""
        seed = salted_hmac(
            "studyapp.questions.option-order", self.scope, algorithm="sha256"
        ).digest()
        ordered = sorted(options, key=lambda option: option.position)
        random.Random(seed).shuffle(ordered)
        return ordered

    def positions(self, values, positions):
        """The positions among `positions` whose tokens `values` are; UnknownToken if one is not."""
        by_token = {self.token(position): position for position in positions}
        try:
            return {by_token[value] for value in values}
        except KeyError:
            raise UnknownToken from None
