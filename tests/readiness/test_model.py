"""The readiness model on constructed histories (issue 16's proofs), with no database."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.exam.rules import scaled_score
from studyapp.exam_guide import DOMAIN_WEIGHTS
from studyapp.readiness import model
from studyapp.review import scheduling

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
CATALOGUE = [
    model.CatalogueTopic(f"d{domain}-t{index}", domain, 10)
    for domain in DOMAIN_WEIGHTS
    for index in range(3)
]
TOPIC = "d1-t0"
SCHEDULER = scheduling.build_scheduler(scheduling.SchedulerSettings(enable_fuzzing=False))


def answers(count, topic=TOPIC, correct=True, days=21, first_id=0):
    """`count` first attempts on different questions of `topic`, spread over `days` up to NOW."""
    domain = int(topic[1])
    return [
        model.Answer(
            first_id + n, topic, domain, correct, NOW - timedelta(days=days * n / max(count, 1))
        )
        for n in range(count)
    ]


def card_after(ratings, topic=TOPIC, question_id=0, start=NOW - timedelta(days=30)):
    """(the card's Memory, its Reviews) after `ratings` given one per spaced due date."""
    card, reviews, when = scheduling.CardState(), [], start
    for rating in ratings:
        card = scheduling.rate(card, rating, when, SCHEDULER)
        reviews.append(model.Review(question_id, topic, int(topic[1]), rating, when))
        when = min(card.due, NOW)
    return model.Memory(question_id, topic, int(topic[1]), card), reviews


def assess(answer_list=(), reviews=(), memories=(), exam_date=None):
    return model.assess(answer_list, reviews, memories, CATALOGUE, NOW, exam_date)


def width(estimate):
    return estimate.high - estimate.low


def test_no_evidence_gives_a_wide_interval_around_the_prior():
    readiness = assess()
    for estimate in [*readiness.topics.values(), *readiness.domains.values()]:
        assert estimate.probability == pytest.approx(model.PRIOR_MEAN)
        assert estimate.low < model.PRIOR_MEAN < estimate.high
        assert width(estimate) > 0.5
        assert estimate.evidence == 0
    assert readiness.score.high - readiness.score.low > 400
    assert readiness.untouched_topics == tuple(sorted(t.slug for t in CATALOGUE))
    assert "No answers or reviews yet" in readiness.summary


def test_all_correct_answers_over_weeks_raise_the_estimate_and_narrow_it():
    few = assess(answers(3)).topics[TOPIC]
    many = assess(answers(40, days=28)).topics[TOPIC]
    assert model.PRIOR_MEAN < few.probability < many.probability
    assert many.low > model.PRIOR_MEAN
    assert width(many) < width(few) < width(assess().topics[TOPIC])
    assert many.evidence == 40


def test_evidence_on_one_topic_moves_its_domain_more_than_other_domains():
    readiness = assess(answers(30))
    assert readiness.domains[1].probability > readiness.domains[2].probability
    assert readiness.domains[2].probability > model.PRIOR_MEAN


def test_a_fresh_failure_lowers_the_estimate():
    history = answers(20)
    failure = model.Answer(999, TOPIC, 1, False, NOW)
    assert (
        assess([*history, failure]).topics[TOPIC].probability
        < assess(history).topics[TOPIC].probability
    )


def test_a_fresh_lapse_on_a_card_lowers_the_projection():
    history = answers(20)
    exam_date = NOW + timedelta(days=20)
    remembered, good_reviews = card_after([3, 3, 3, 3])
    lapsed, lapsed_reviews = card_after([3, 3, 3, 1])
    kept = assess(history, good_reviews, [remembered], exam_date).topics[TOPIC]
    forgot = assess(history, lapsed_reviews, [lapsed], exam_date).topics[TOPIC]
    assert forgot.probability < kept.probability


def test_a_later_exam_date_projects_lower_for_the_same_evidence():
    history = answers(30)
    memory, reviews = card_after([3, 3, 3])
    by_date = [
        assess(history, reviews, [memory], NOW + timedelta(days=days)) for days in (0, 7, 60)
    ]
    topic = [readiness.topics[TOPIC].probability for readiness in by_date]
    assert topic[0] > topic[1] > topic[2]
    assert by_date[0].score.expected > by_date[2].score.expected


def test_an_exam_date_in_the_past_is_read_as_now():
    history = answers(10)
    past = assess(history, exam_date=NOW - timedelta(days=3))
    assert past.exam_date == NOW
    assert past.topics[TOPIC] == assess(history).topics[TOPIC]


def test_a_single_review_or_answer_is_never_certainty():
    memory, reviews = card_after([4])
    single_review = assess((), reviews, [memory])
    single_answer = assess(answers(1))
    for readiness in (single_review, single_answer):
        assert readiness.topics[TOPIC].probability < 0.75
        assert readiness.topics[TOPIC].high < 1


def test_domain_weights_make_the_expected_score():
    """Equal evidence in two domains: the one weighing more moves the score more."""
    strong_in_1 = assess(answers(40, topic="d1-t0"))
    strong_in_4 = assess(answers(40, topic="d4-t0"))
    for readiness in (strong_in_1, strong_in_4):
        fraction = sum(
            DOMAIN_WEIGHTS[d] * readiness.domains[d].probability for d in DOMAIN_WEIGHTS
        ) / sum(DOMAIN_WEIGHTS.values())
        assert readiness.score.expected == scaled_score(fraction)
    assert strong_in_1.score.expected > strong_in_4.score.expected


def test_a_domain_is_its_topics_weighted_by_their_questions():
    catalogue = [
        model.CatalogueTopic("d1-t0", 1, 30),
        model.CatalogueTopic("d1-t1", 1, 10),
    ]
    readiness = model.assess(answers(40), (), (), catalogue, NOW)
    topics = readiness.topics
    assert readiness.domains[1].probability == pytest.approx(
        (30 * topics["d1-t0"].probability + 10 * topics["d1-t1"].probability) / 40
    )


def test_only_the_first_sight_of_a_question_counts_as_an_answer():
    first = model.Answer(1, TOPIC, 1, False, NOW - timedelta(days=2))
    again = model.Answer(1, TOPIC, 1, True, NOW - timedelta(days=1))
    review = model.Review(2, TOPIC, 1, 3, NOW - timedelta(days=3))
    after_review = model.Answer(2, TOPIC, 1, True, NOW)
    readiness = assess([first, again, after_review], [review])
    assert readiness.topics[TOPIC].evidence == 1
    assert readiness.topics[TOPIC].probability < assess([first]).topics["d1-t1"].probability
    assert readiness.answers == 3
    assert readiness.reviews == 1


def test_topics_outside_the_catalogue_are_still_assessed():
    readiness = assess([model.Answer(1, "new-topic", 3, True, NOW)])
    assert readiness.topics["new-topic"].evidence == 1


def test_the_summary_says_what_the_figures_rest_on():
    memory, reviews = card_after([3])
    readiness = assess(answers(3, days=1), reviews, [memory], NOW + timedelta(days=9))
    assert readiness.summary == (
        f"Based on 3 answers and 1 review over 2 days; {len(CATALOGUE) - 1} topics never "
        "practised; projected to the exam in 9 days."
    )


def test_cost_is_bounded_by_reading_only_the_newest_evidence():
    """100,000 answers: only the newest MAX_EVIDENCE are read, so the oldest change nothing."""
    newest = [
        model.Answer(n, f"d{n % 4 + 1}-t0", n % 4 + 1, n % 3 > 0, NOW - timedelta(minutes=n))
        for n in range(model.MAX_EVIDENCE)
    ]
    oldest = [
        model.Answer(n, "d1-t0", 1, False, NOW - timedelta(days=400, minutes=n))
        for n in range(model.MAX_EVIDENCE, 100_000)
    ]
    everything = assess([*oldest, *newest])
    assert everything.answers == model.MAX_EVIDENCE
    assert everything.topics == assess(newest).topics


def test_cards_read_are_bounded_too():
    memory, _ = card_after([3])
    many = [model.Memory(n, TOPIC, 1, memory.card) for n in range(model.MAX_CARDS + 10)]
    exam_date = NOW + timedelta(days=5)
    assert (
        assess(answers(5), (), many, exam_date).topics
        == assess(answers(5), (), many[: model.MAX_CARDS], exam_date).topics
    )


history_items = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=30),  # question
        st.sampled_from([t.slug for t in CATALOGUE]),
        st.booleans(),
        st.integers(min_value=0, max_value=60 * 24 * 40),  # minutes before NOW
    ),
    max_size=60,
)


@settings(max_examples=30, deadline=None)
@given(history_items, st.integers(min_value=0, max_value=90))
def test_every_estimate_is_a_probability_inside_its_interval(items, days_ahead):
    history = [
        model.Answer(q, topic, int(topic[1]), correct, NOW - timedelta(minutes=minutes))
        for q, topic, correct, minutes in items
    ]
    readiness = assess(history, exam_date=NOW + timedelta(days=days_ahead))
    for slug, estimate in readiness.topics.items():
        assert 0 < estimate.low <= estimate.probability <= estimate.high < 1, slug
    for domain, estimate in readiness.domains.items():
        members = [readiness.topics[t.slug].probability for t in CATALOGUE if t.domain == domain]
        assert min(members) - 1e-9 <= estimate.probability <= max(members) + 1e-9
        assert estimate.low <= estimate.probability <= estimate.high
    assert 100 <= readiness.score.low <= readiness.score.expected <= readiness.score.high <= 1000
    assert 0 <= readiness.score.pass_probability <= 1


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=120))
def test_correct_answers_never_project_higher_further_ahead(count, days_ahead):
    memory, reviews = card_after([3, 3])
    near = assess(answers(count), reviews, [memory], NOW + timedelta(days=days_ahead))
    far = assess(answers(count), reviews, [memory], NOW + timedelta(days=days_ahead + 30))
    assert far.topics[TOPIC].probability <= near.topics[TOPIC].probability


def test_estimates_count_the_reviews_of_their_topics_beside_the_answers():
    memory, reviews = card_after([1, 3, 3])
    readiness = assess(answers(2, first_id=10), reviews, [memory])
    assert (readiness.topics[TOPIC].evidence, readiness.topics[TOPIC].reviews) == (2, 3)
    assert (readiness.domains[1].evidence, readiness.domains[1].reviews) == (2, 3)
    assert readiness.domains[2].reviews == 0


@pytest.mark.parametrize(
    ("probability", "shown"),
    [(0.0, 0), (0.001, 1), (0.444, 44), (0.996, 99), (0.999_999, 99), (1.0, 100)],
)
def test_a_shown_percentage_claims_certainty_only_for_a_certainty(probability, shown):
    assert model.shown_percent(probability) == shown
