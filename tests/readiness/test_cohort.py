"""A group's weakest topics from its learners' readinesses (studyapp/readiness/cohort.py)."""

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from studyapp.readiness import cohort, model

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
CATALOGUE = [model.CatalogueTopic(f"t{n}", 1 + n % 4, 10) for n in range(8)]


def learner(results):
    """A readiness from {topic: [correct?, ...]}, one first-sight answer each, an hour apart."""
    answers = [
        model.Answer(f"{topic}-{n}", topic, int(topic[1:]) % 4 + 1, ok, NOW - timedelta(hours=n))
        for topic, outcomes in results.items()
        for n, ok in enumerate(outcomes)
    ]
    return model.assess(answers, (), (), CATALOGUE, NOW)


def test_ranks_only_topics_someone_has_answered_weakest_first():
    group = [learner({"t0": [False] * 6, "t1": [True] * 6}), learner({"t0": [False, True]})]
    weakest, untouched = cohort.weakest_topics(group, limit=5)
    assert [s.slug for s in weakest] == ["t0", "t1"]
    assert untouched == len(CATALOGUE) - 2
    t0 = weakest[0]
    assert (t0.learners, t0.learners_with_evidence, t0.answers, t0.reviews) == (2, 2, 8, 0)
    assert t0.probability == (sum(r.topics["t0"].probability for r in group) / 2)
    assert weakest[1].learners_with_evidence == 1


def test_the_limit_keeps_the_weakest():
    group = [learner({f"t{n}": [n % 2 == 0] * (n + 1) for n in range(8)})]
    weakest, _ = cohort.weakest_topics(group, limit=3)
    everything, _ = cohort.weakest_topics(group, limit=8)
    assert weakest == everything[:3]
    assert all(a.probability <= b.probability for a, b in itertools.pairwise(everything))


def test_no_learners_no_topics():
    assert cohort.weakest_topics([], limit=5) == ([], 0)


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from([c.slug for c in CATALOGUE]),
            st.lists(st.booleans(), max_size=4),
            max_size=4,
        ),
        max_size=4,
    )
)
def test_every_topic_is_counted_once_as_ranked_or_untouched(histories):
    group = [learner(history) for history in histories]
    weakest, untouched = cohort.weakest_topics(group, limit=len(CATALOGUE))
    assert len(weakest) + untouched == (len(CATALOGUE) if group else 0)
    answered = {t for h in histories for t, outcomes in h.items() if outcomes}
    assert {s.slug for s in weakest} == answered
