from hypothesis import given
from hypothesis import strategies as st

from studyapp.home.next_step import (
    ASSIGNMENT_SOON_DAYS,
    EXAM_AFTER_ANSWERS,
    FIRST_ESTIMATE_ANSWERS,
    REVIEWS_FIRST,
    Situation,
    Weakest,
    recommend,
)

SECURITY = Weakest(2, "Security", 0.41, "iam-roles", "IAM roles for tasks")
STUDIED = {"answers": 60, "has_taken_exam": True, "weakest": SECURITY}


def test_the_weakest_topic_of_the_weakest_domain_is_practised_with_the_reason():
    step = recommend(Situation(**STUDIED))
    assert (step.kind, step.topic, step.domain) == ("practise_topic", "iam-roles", 2)
    assert step.reason == (
        "Security is your weakest domain (about 41 % of unseen questions right): "
        "practise its questions on IAM roles for tasks."
    )


def test_a_weakest_domain_without_a_named_topic_is_practised_as_a_whole():
    step = recommend(Situation(**STUDIED | {"weakest": Weakest(3, "Deployment", 0.5)}))
    assert (step.kind, step.topic, step.domain) == ("practise_domain", "", 3)
    assert step.reason.startswith("Deployment is your weakest domain")


def test_an_open_exam_comes_before_everything():
    step = recommend(
        Situation(open_exam=True, assignment="Week 1", assignment_days_left=0, due_now=50)
    )
    assert step.kind == "resume_exam"


def test_an_assignment_due_soon_comes_before_reviews_and_one_due_later_does_not():
    soon = Situation(assignment="Week 3", assignment_days_left=1, due_now=50, **STUDIED)
    later = Situation(
        assignment="Week 3", assignment_days_left=ASSIGNMENT_SOON_DAYS + 1, due_now=50, **STUDIED
    )
    assert recommend(soon).kind == "assignment"
    assert recommend(soon).reason == "Your class assignment “Week 3” is due tomorrow."
    assert recommend(later).kind == "review"


def test_reviews_come_first_only_when_enough_are_due():
    assert recommend(Situation(due_now=REVIEWS_FIRST, **STUDIED)).kind == "review"
    assert recommend(Situation(due_now=REVIEWS_FIRST - 1, **STUDIED)).kind == "practise_topic"


def test_a_learner_with_few_answers_is_sent_to_a_mixed_set():
    step = recommend(Situation(answers=FIRST_ESTIMATE_ANSWERS - 1, weakest=SECURITY))
    assert step.kind == "practise"
    assert "With 9 answers so far your readiness is mostly a guess" in step.reason


def test_a_learner_with_many_answers_and_no_exam_is_sent_to_one():
    step = recommend(Situation(answers=EXAM_AFTER_ANSWERS, has_taken_exam=False, weakest=SECURITY))
    assert step.kind == "exam"
    assert recommend(Situation(answers=EXAM_AFTER_ANSWERS, has_taken_exam=True)).kind == "practise"


@given(
    open_exam=st.booleans(),
    days=st.none() | st.integers(-3, 30),
    due=st.integers(0, 500),
    answers=st.integers(0, 500),
    exams=st.booleans(),
    weak=st.booleans(),
)
def test_there_is_always_exactly_one_step_with_a_reason(open_exam, days, due, answers, exams, weak):
    step = recommend(
        Situation(
            open_exam=open_exam,
            assignment="Homework" if days is not None else "",
            assignment_days_left=days,
            due_now=due,
            answers=answers,
            has_taken_exam=exams,
            weakest=SECURITY if weak else None,
        )
    )
    assert step.reason.endswith(".")
    assert (step.kind == "practise_topic") == (step.topic != "")


def test_the_reason_never_shows_a_certainty_the_model_does_not_claim():
    nearly_none = Weakest(4, "Troubleshooting and Optimization", 0.003, "logging", "Logging")
    step = recommend(Situation(**STUDIED | {"weakest": nearly_none}))
    assert "(about 1 % of unseen questions right)" in step.reason
