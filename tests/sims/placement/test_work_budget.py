"""
The placement engine's work budget: the chains it ranks incrementally cost a bounded amount per
task whatever the cluster's size, and a document that would scan past the budget stops with
InvalidInput naming the limit. Counted in work units, never timed.
"""

import pytest

from studyapp.sims.placement import InvalidInput, engine, simulate
from studyapp.sims.placement.engine import Cluster
from studyapp.sims.placement.scalein import stop_tasks
from studyapp.sims.placement.scenario import parse_scenario
from tests.sims.placement.builders import BY_ZONE, binpack, instance, scenario, spread

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")


def cluster_of(size, count, strategies, stop_count=0, constraints=None):
    instances = [
        instance(f"i-{n}", zone=ZONES[n % 3], cpu=100_000, memory=100_000 - (n % 7) * 512)
        for n in range(size)
    ]
    return scenario(
        instances,
        count=count,
        group="service:web",
        strategies=strategies,
        constraints=constraints,
        stopCount=stop_count,
    )


def work_spent(document):
    cluster = Cluster(parse_scenario(document))
    cluster.place_all()
    stop_tasks(cluster)
    return cluster.work.spent


@pytest.mark.parametrize(
    "strategies",
    [
        [BY_ZONE, binpack("memory")],
        [spread("instanceId"), binpack("memory")],
        [binpack("cpu")],
        [{"type": "random"}],
        [BY_ZONE, spread("attribute:ecs.instance-type"), spread("host")],
        [BY_ZONE],
    ],
    ids=["zone-binpack", "instance-binpack", "binpack", "random", "two-spreads-host", "zone"],
)
def test_ranked_chains_cost_a_bounded_amount_per_task_and_stop_at_any_cluster_size(strategies):
    small = work_spent(cluster_of(300, 600, strategies, stop_count=600))
    large = work_spent(cluster_of(1200, 600, strategies, stop_count=600))
    # Scanning the candidates for each task would cost at least 600 x 1,200 / 3 per phase.
    assert large < 30 * (1200 + 600 + 600)
    assert large - small < 20 * (1200 - 300)


def test_a_chain_that_scans_charges_every_candidate_it_examines():
    # binpack first leaves every instance of equal memory tied, and spread(attribute) after it
    # has to look at each of them.
    instances = [instance(f"i-{n}", zone=ZONES[n % 3]) for n in range(90)]
    document = scenario(instances, count=30, strategies=[binpack("memory"), BY_ZONE])
    assert work_spent(document) >= 30 * 30


def test_a_document_past_the_work_budget_is_refused_naming_the_limit(monkeypatch):
    monkeypatch.setattr(engine, "MAX_WORK", 5_000)
    instances = [instance(f"i-{n}", zone=ZONES[n % 3]) for n in range(300)]
    document = scenario(instances, count=100, strategies=[binpack("memory"), BY_ZONE])
    with pytest.raises(InvalidInput) as refused:
        simulate(document)
    [problem] = refused.value.problems
    assert problem.path == ""
    assert "more than 5,000 candidate evaluations" in problem.message
    assert "work limit" in problem.message


def test_scale_in_past_the_work_budget_is_refused_too(monkeypatch):
    monkeypatch.setattr(engine, "MAX_WORK", 20_000)
    # spread(instanceId) then spread over zones scans at every stop.
    document = cluster_of(300, 300, [spread("instanceId"), BY_ZONE], stop_count=300)
    with pytest.raises(InvalidInput, match="work limit"):
        simulate(document)


def test_a_long_expression_is_cut_in_each_task_explanation_and_kept_whole_in_the_summary():
    expression = " or ".join(f"attribute:ecs.instance-type == t{n}.large" for n in range(40))
    instances = [instance(f"i-{n}", instance_type="m5.large") for n in range(3)]
    document = scenario(
        instances, count=4, constraints=[{"type": "memberOf", "expression": expression}]
    )
    result = simulate(document)
    assert result["summary"]["constraints"][0]["expression"] == expression
    [explanation] = [
        step["explanation"] for step in result["tasks"][0]["steps"] if step["step"] == "constraints"
    ]
    assert expression not in explanation
    assert len(explanation) < 300
    assert expression not in result["failures"][0]["detail"]
