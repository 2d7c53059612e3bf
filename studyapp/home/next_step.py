"""
The one next step the home page recommends, chosen by rule from what the learner has open, what
is due, and their readiness (issue 16). Plain data in and out; no Django. The rules, first
match wins:

1. An exam sitting still open: its clock runs on the server, so finish it.
2. A class assignment due within ASSIGNMENT_SOON_DAYS: the instructor is waiting for it.
3. At least REVIEWS_FIRST cards due: a review put off is a memory fading, and the pile grows.
4. Fewer than FIRST_ESTIMATE_ANSWERS first-sight answers: every readiness figure is still
   mostly the prior, so a first mixed practice set tells most.
5. No practice exam yet after EXAM_AFTER_ANSWERS answers: time to try the real format.
6. Otherwise practise the weakest domain's questions on its weakest topic (by the readiness
   model's probability of answering an unseen question right): a topic spans domains (ECR's
   questions are mostly Security, some Deployment), so the set is narrowed to both.
"""

from dataclasses import dataclass

from studyapp.readiness.model import shown_percent

ASSIGNMENT_SOON_DAYS = 2
REVIEWS_FIRST = 10
FIRST_ESTIMATE_ANSWERS = 10
EXAM_AFTER_ANSWERS = 40


@dataclass(frozen=True)
class Weakest:
    """The weakest domain (number and name) and its weakest topic (slug and title, if any)."""

    domain: int
    domain_name: str
    probability: float
    topic: str = ""
    topic_title: str = ""

    @property
    def percent(self):
        return shown_percent(self.probability)


@dataclass(frozen=True)
class Situation:
    open_exam: bool = False
    # The nearest class assignment still ahead: its title and whole days until it is due.
    assignment: str = ""
    assignment_days_left: int | None = None
    due_now: int = 0
    answers: int = 0
    has_taken_exam: bool = False
    weakest: Weakest | None = None


@dataclass(frozen=True)
class Step:
    """What to do (`kind` picks the link), and why in one sentence."""

    kind: str
    reason: str
    topic: str = ""
    domain: int | None = None


def recommend(situation):
    if situation.open_exam:
        return Step("resume_exam", "Your practice exam is still open and its clock is running.")
    days = situation.assignment_days_left
    if situation.assignment and days is not None and days <= ASSIGNMENT_SOON_DAYS:
        when = "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
        return Step("assignment", f"Your class assignment “{situation.assignment}” is due {when}.")
    if situation.due_now >= REVIEWS_FIRST:
        return Step(
            "review",
            f"{situation.due_now} cards are due: reviewing them now keeps what you have learned, "
            "and the pile only grows.",
        )
    if situation.answers < FIRST_ESTIMATE_ANSWERS:
        return Step(
            "practise",
            f"With {_answers(situation.answers)} so far your readiness is mostly a guess: a "
            "practice set of mixed questions tells the most.",
        )
    if not situation.has_taken_exam and situation.answers >= EXAM_AFTER_ANSWERS:
        return Step(
            "exam",
            f"You have answered {situation.answers} questions but not sat a practice exam: "
            "try the real format, timed.",
        )
    weakest = situation.weakest
    if weakest is None:
        return Step("practise", "A practice set of mixed questions keeps every domain moving.")
    reason = (
        f"{weakest.domain_name} is your weakest domain "
        f"(about {weakest.percent} % of unseen questions right)"
    )
    if weakest.topic:
        return Step(
            "practise_topic",
            f"{reason}: practise its questions on {weakest.topic_title}.",
            topic=weakest.topic,
            domain=weakest.domain,
        )
    return Step("practise_domain", f"{reason}: practise its questions.", domain=weakest.domain)


def _answers(count):
    return f"{count} answer" if count == 1 else f"{count} answers"
