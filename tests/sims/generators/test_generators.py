"""
Every generator over many seeds: the question is well formed, its key is what a fresh run of
the engine on the document as displayed answers, and no two options are alike.

The keys follow what AWS documents, through the engines:
- placement: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html
  and cluster-query-language.html (memberOf expressions);
- Fargate sizes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
  (the task CPU and memory table); prices: https://aws.amazon.com/fargate/pricing/;
- capacity providers: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
  (base first, then the rest by weight);
- rolling updates: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
  (minimumHealthyPercent rounds up, maximumPercent rounds down).
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims import capacity, fargate, placement, rolling
from studyapp.sims.generated_practice import MAX_SET_SEED, SET_SIZE, set_question
from studyapp.sims.generators import GENERATORS, MAX_SEED
from studyapp.sims.generators import rolling as rolling_generator
from studyapp.sims.generators.fargate import size_text


def placement_key(document):
    result = placement.simulate(document)
    if result["placements"]:
        return result["placements"][0]["containerInstance"]
    return "None: the task is not placed"


def fargate_size_key(document):
    size = fargate.simulate(document)["recommendedSize"]
    return size_text(size["cpu"], size["memory"])


def fargate_cost_key(document):
    cost = fargate.simulate(document)["cost"]
    (selected,) = [option for option in cost["options"] if option["selected"]]
    return f"${selected['perServiceMonth']:,.2f} a month"


def capacity_key(document):
    tasks = capacity.simulate(document)["tasks"]
    return ", ".join(f"{name}: {count}" for name, count in tasks.items())


def rolling_key(document):
    result = rolling.simulate(document)
    if result["stuck"]:
        return rolling_generator.STUCK
    most = max(step["total"] for step in result["steps"])
    fewest = min(step["healthy"] for step in result["steps"])
    return f"At most {most} tasks at once; never fewer than {fewest} healthy"


ENGINE_KEYS = {
    "placement": placement_key,
    "fargate-size": fargate_size_key,
    "fargate-cost": fargate_cost_key,
    "capacity": capacity_key,
    "rolling": rolling_key,
}


def test_every_generator_has_an_engine_reading():
    assert set(ENGINE_KEYS) == set(GENERATORS)


@pytest.mark.parametrize("name", sorted(GENERATORS))
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=MAX_SEED))
def test_a_generated_question_is_well_formed_and_keyed_by_the_engine(name, seed):
    question = GENERATORS[name].generate(seed)
    texts = [option.text for option in question.options]
    assert question.seed == seed
    assert question.generator == name
    assert question.stem.strip()
    assert question.explanation
    assert all(line.strip() for line in question.explanation)
    assert len(texts) >= 3
    assert len(set(texts)) == len(texts)
    assert all(option.feedback.strip() for option in question.options)
    assert question.choose == 1
    displayed = json.loads(question.document_json)
    assert question.keys == [ENGINE_KEYS[name](displayed)]


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_a_seed_gives_the_same_question_every_time(name):
    assert GENERATORS[name].generate(41) == GENERATORS[name].generate(41)
    assert GENERATORS[name].generate(41) != GENERATORS[name].generate(42)


def test_the_placement_generator_asks_about_unplaceable_tasks_and_query_expressions():
    questions = [GENERATORS["placement"].generate(seed) for seed in range(60)]
    assert any(q.keys == ["None: the task is not placed"] for q in questions)
    assert any("memberOf(attribute:" in q.stem for q in questions)
    assert any("binpack" in q.stem for q in questions)
    assert any("spread" in q.stem for q in questions)


def test_the_rolling_generator_offers_the_wrongly_rounded_bounds():
    question = GENERATORS["rolling"].generate(1)
    # desired 14, 90 % / 133 %: 12.6 rounds up to 13 healthy, 18.62 down to 18 tasks.
    assert question.keys == ["At most 18 tasks at once; never fewer than 13 healthy"]
    texts = {option.text for option in question.options}
    assert "At most 19 tasks at once; never fewer than 12 healthy" in texts


def test_a_fargate_size_question_offers_the_size_one_step_too_small():
    question = GENERATORS["fargate-size"].generate(0)
    # One container of 128 CPU units and 1,024 MiB: 0.25 vCPU / 1 GB, and 512 MiB is too small.
    assert question.keys == [size_text(256, 1024)]
    too_small = [o for o in question.options if o.text == size_text(256, 512)]
    assert too_small
    assert "too small" in too_small[0].feedback


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=MAX_SEED))
def test_a_capacity_key_never_rests_on_rounding_a_share(seed):
    """AWS documents no rounding of a fractional share, so the generator draws none."""
    document = GENERATORS["capacity"].generate(seed).document
    first, second = document["capacityProviderStrategy"]
    after_base = document["desiredCount"] - first["base"]
    assert after_base % (first["weight"] + second["weight"]) == 0


@pytest.mark.parametrize("name", sorted(GENERATORS))
@settings(max_examples=15, deadline=None)
@given(set_seed=st.integers(min_value=0, max_value=MAX_SET_SEED))
def test_the_questions_of_a_practice_set_all_differ(name, set_seed):
    questions = [set_question(name, set_seed, place) for place in range(1, SET_SIZE + 1)]
    assert len({(q.stem, q.document_json) for q in questions}) == SET_SIZE


def test_a_set_draws_again_a_question_equal_to_an_earlier_one():
    # Set 0 of the capacity generator: seeds 0..4 draw the same question twice.
    seeds = [GENERATORS["capacity"].generate(seed) for seed in range(SET_SIZE)]
    drawn = [set_question("capacity", 0, place) for place in range(1, SET_SIZE + 1)]
    assert len({(q.stem, q.document_json) for q in seeds}) < SET_SIZE
    assert len({(q.stem, q.document_json) for q in drawn}) == SET_SIZE
