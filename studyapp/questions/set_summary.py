"""
The end-of-set summary from a practice set's questions and first answers. Plain Python: the
score is the number of questions whose first answer was right, and a question is missed when
its first answer was wrong or it was never answered (skipped).
"""

from dataclasses import dataclass, field


@dataclass
class TopicScore:
    topic: str
    right: int = 0
    total: int = 0


@dataclass
class Summary:
    size: int
    right: int
    answered: int
    topics: list[TopicScore] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)  # question ids, in the set's order
    skipped: set[int] = field(default_factory=set)


def summarise(question_ids, first_answers, topic_of):
    """
    `question_ids` in the set's order; `first_answers` maps a question id (int or its string)
    to whether its first answer was right; `topic_of` maps a question id to its topic's name
    ("" when it has none). Topics are listed in the order they first appear in the set.
    """
    answers = {int(question_id): is_right for question_id, is_right in first_answers.items()}
    topics = {}
    missed, skipped = [], set()
    for question_id in question_ids:
        score = topics.setdefault(
            topic_of.get(question_id, ""), TopicScore(topic_of.get(question_id, ""))
        )
        score.total += 1
        if answers.get(question_id):
            score.right += 1
        else:
            missed.append(question_id)
            if question_id not in answers:
                skipped.add(question_id)
    return Summary(
        size=len(question_ids),
        right=sum(1 for question_id in question_ids if answers.get(question_id)),
        answered=sum(1 for question_id in question_ids if question_id in answers),
        topics=list(topics.values()),
        missed=missed,
        skipped=skipped,
    )
