"""
Spaced-repetition scheduling on top of the fsrs package (FSRS-6), with plain data in and out.

fsrs has no "new" state: its Card starts in Learning at step 0. The app adds NEW for cards
that exist (a question entered the learner's queue) but were never rated; the first rating
turns a NEW card into a fresh fsrs Card and reviews it.
"""

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

NEW = 0
LEARNING = State.Learning.value
REVIEW = State.Review.value
RELEARNING = State.Relearning.value
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
LEECH_LAPSES = 8
MATURE_DAYS = 21


@dataclass(frozen=True)
class CardState:
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    def as_dict(self):
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            state=data["state"],
            step=data["step"],
            stability=data["stability"],
            difficulty=data["difficulty"],
            due=datetime.fromisoformat(data["due"]) if data["due"] else None,
            last_review=datetime.fromisoformat(data["last_review"])
            if data["last_review"]
            else None,
            reps=data["reps"],
            lapses=data["lapses"],
        )


@dataclass(frozen=True)
class SchedulerSettings:
    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    enable_fuzzing: bool = True


def build_scheduler(settings):
    return Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        enable_fuzzing=settings.enable_fuzzing,
    )


# fsrs uses a card's id only to label the review logs it returns, which the app does not keep.
# Left out, fsrs makes one from the clock and sleeps 1 ms so the next is different: a pause in
# every rating, four in every answer's preview, and one per card on the statistics page.
FSRS_CARD_ID = 0


def _to_fsrs(card, now):
    if card.state == NEW:
        return FsrsCard(card_id=FSRS_CARD_ID, due=now)
    return FsrsCard(
        card_id=FSRS_CARD_ID,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def rate(card, rating, now, scheduler):
    """The card after one rating at `now`; lapses count Again on a card in Review."""
    reviewed, _ = scheduler.review_card(_to_fsrs(card, now), Rating(rating), review_datetime=now)
    lapsed = card.state == REVIEW and rating == Rating.Again
    return CardState(
        state=reviewed.state.value,
        step=reviewed.step,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        due=reviewed.due,
        last_review=reviewed.last_review,
        reps=card.reps + 1,
        lapses=card.lapses + (1 if lapsed else 0),
    )


def preview(card, now, scheduler):
    """The interval each rating would give, for the answer buttons."""
    return {rating: rate(card, rating, now, scheduler).due - now for rating in RATINGS}


def retrievability(card, now, scheduler):
    """Probability of recall now (0 for a card never reviewed), as fsrs computes it."""
    if card.state == NEW or card.last_review is None:
        return 0.0
    return scheduler.get_card_retrievability(_to_fsrs(card, now), current_datetime=now)


def becomes_leech(before, after):
    return after.lapses >= LEECH_LAPSES > before.lapses


def format_interval(delta):
    """Anki-style short interval: 45s, 10m, 3h, 4d, 2mo, 1.5y."""
    seconds = max(0, delta.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value):
    rounded = round(value, 1)
    return f"{rounded:g}" if rounded != math.floor(rounded) else f"{int(rounded)}"


STEP_PATTERN = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
STEP_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Anki's steps are minutes to days; a step is added to the time of each answer, so one of
# centuries would overflow the date of every later answer. A year is far past any real use.
SHORTEST_STEP = timedelta(seconds=1)
LONGEST_STEP = timedelta(days=365)
MAX_STEPS = 10


def parse_steps(text):
    """
    '1m 10m' -> (1 minute, 10 minutes); raises ValueError naming the bad step, or the limit on
    how many there may be.
    """
    tokens = text.split()
    if len(tokens) > MAX_STEPS:
        raise ValueError(f"Give at most {MAX_STEPS} steps, not {len(tokens)}")
    steps = []
    for token in tokens:
        match = STEP_PATTERN.match(token)
        if not match:
            raise ValueError(f"'{token}' is not a step like 30s, 1m, 10m, 1h or 1d")
        seconds = float(match.group(1)) * STEP_UNIT_SECONDS[match.group(2)]
        if not SHORTEST_STEP.total_seconds() <= seconds <= LONGEST_STEP.total_seconds():
            raise ValueError(f"'{token}' is outside the range of a step, 1s to 365d")
        steps.append(timedelta(seconds=seconds))
    return tuple(steps)


def study_day(now, time_zone, day_start_hour):
    """
    The [start, end) of the study day containing `now`, in UTC. Like Anki, a day starts at a
    chosen local hour (4 am by default) so a late session still counts as the same day.
    """
    local = now.astimezone(ZoneInfo(time_zone))
    start = local.replace(hour=day_start_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    # Aware arithmetic in a ZoneInfo zone is wall-clock arithmetic: across a DST change the
    # day is 23 or 25 hours long, and still ends at the chosen local hour.
    end = start + timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)
