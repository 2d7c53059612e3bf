"""
The review queue's fixed statements (review/queue.py runs them) and the card reads of a
review. Each is an indexed query on the card columns and reads the same on SQLite and
PostgreSQL; tests/review/test_queue_rules.py checks the queue they make against a plain-Python
reading of the same rules on random sets of cards. Names come from the models (core.sql).
"""

from studyapp.questions.models import Question
from studyapp.questions.queries import ACTIVE_QUESTION, STUDIABLE_QUESTION
from studyapp.review.models import Card, ReviewLog

TABLES = {"card": Card, "question": Question, "log": ReviewLog}

# "Studiable card": not suspended, on a studiable question (in use, in a pack the learner can
# still see, or a generated skill: a retired question or a class left behind takes its cards
# out).
# Parameters: the user, then the visible pack ids ({packs}).
STUDIABLE_CARDS = f"""
    FROM {{card}}
    JOIN {{question}} ON {{question.id}} = {{card.question}}
    WHERE {{card.user}} = %s AND NOT {{card.is_suspended}} AND {STUDIABLE_QUESTION}
"""


def studiable_cards(select, condition):
    """SELECT `select` over the learner's studiable cards, narrowed by `condition` ('AND ...')."""
    return f"SELECT {select} {STUDIABLE_CARDS} {condition}"


# Questions still new to the learner: active, and with no card, or only a NEW one (assigned by
# a class) that is not suspended. Parameters: the visible pack ids, the user, NEW.
NEW_QUESTIONS = f"""
    FROM {{question}}
    WHERE {ACTIVE_QUESTION}
        AND NOT EXISTS (
            SELECT 1 FROM {{card}}
            WHERE {{card.question}} = {{question.id}} AND {{card.user}} = %s
                AND ({{card.state}} <> %s OR {{card.is_suspended}})
        )
"""

# How many new questions there are, counting no further than the day's allowance.
# Parameters: those of NEW_QUESTIONS, then the allowance.
NEW_QUESTION_COUNT = f"""
    SELECT COUNT(*) FROM (SELECT {{question.id}} {NEW_QUESTIONS} LIMIT %s) AS new_questions
"""

# The first new question of each topic, by pack and position. Parameters: NEW_QUESTIONS's.
FIRST_NEW_QUESTION_OF_EACH_TOPIC = f"""
    SELECT id, topic_slug FROM (
        SELECT {{question.id}} AS id, {{question.topic_slug}} AS topic_slug, ROW_NUMBER() OVER (
            PARTITION BY {{question.topic_slug}} ORDER BY {{question.pack}}, {{question.position}}
        ) AS topic_rank
        {NEW_QUESTIONS}
    ) AS ranked
    WHERE topic_rank = 1
"""

# How many cards of each state the learner reviewed since a moment. Parameters: user, moment.
REVIEWS_SINCE_BY_STATE = """
    SELECT {log.previous_state}, COUNT(*) FROM {log}
    WHERE {log.user} = %s AND {log.reviewed_at} >= %s GROUP BY {log.previous_state}
"""

# Conditions of core.reads: the learner's settings; a learner's card on a question; a card of
# the learner's by id.
SETTINGS_OF_USER = "{user} = %s"
CARD_ON_QUESTION = "{user} = %s AND {question} = %s"
OWN_CARD = "{pk} = %s AND {user} = %s"
