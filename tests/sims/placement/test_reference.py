"""
The incremental engine against the reference (the engine as it was before issue 14, which scans
every candidate for every task): on random small scenarios both give the same result, every
placement, failure reason, stop and explanation included.
"""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.sims.placement import simulate
from studyapp.sims.placement.scenario import parse_scenario
from studyapp.sims.placement.simulation import describe_run
from tests.sims.placement import reference_engine
from tests.sims.placement.builders import binpack, instance, spread
from tests.sims.placement.test_properties import CONSTRAINTS, GROUPS, ZONES, scenarios

STRATEGIES = (
    spread("attribute:ecs.availability-zone"),
    spread("attribute:rack"),
    spread("attribute:ecs.instance-type"),
    spread("instanceId"),
    spread("host"),
    binpack("cpu"),
    binpack("memory"),
    {"type": "random"},
)


def reference_simulate(document):
    cluster = reference_engine.Cluster(parse_scenario(document))
    cluster.place_all()
    return describe_run(cluster, reference_engine.stop_tasks(cluster))


@st.composite
def chains(draw):
    """The generated scenarios of test_properties with longer strategy chains and scale-in."""
    document = draw(scenarios())
    document["placementStrategy"] = draw(st.lists(st.sampled_from(STRATEGIES), max_size=5))
    document["stopCount"] = draw(st.integers(0, 20))
    return document


@st.composite
def uniform_clusters(draw):
    """Many equal instances, so that ties are wide and every strategy has to break them."""
    instances = [
        instance(
            f"i-{number}",
            zone=draw(st.sampled_from((*ZONES, None))),
            cpu=draw(st.sampled_from((1024, 2048))),
            memory=draw(st.sampled_from((2048, 4096))),
            runningTasks=[{"group": draw(st.sampled_from(GROUPS)), "cpu": 128, "memory": 256}]
            * draw(st.integers(0, 2)),
        )
        for number in range(draw(st.integers(1, 40)))
    ]
    constraints = draw(st.lists(st.sampled_from(("t3 only", "no db task", "distinct")), max_size=2))
    return {
        "containerInstances": instances,
        "taskDefinition": {
            "family": "app",
            "containerDefinitions": [{"name": "app", "cpu": 256, "memoryReservation": 512}],
        },
        "count": draw(st.integers(1, 60)),
        "group": draw(st.sampled_from(GROUPS)),
        "placementStrategy": draw(st.lists(st.sampled_from(STRATEGIES), max_size=4)),
        "placementConstraints": [
            {"type": "distinctInstance"}
            if name == "distinct"
            else {"type": "memberOf", "expression": CONSTRAINTS[name][0]}
            for name in dict.fromkeys(constraints)
        ],
        "seed": draw(st.integers(0, 2**32)),
        "stopCount": draw(st.integers(0, 30)),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_the_engine_gives_the_reference_result_on_mixed_clusters(document):
    assert simulate(copy.deepcopy(document)) == reference_simulate(copy.deepcopy(document))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uniform_clusters())
def test_the_engine_gives_the_reference_result_on_clusters_of_equal_instances(document):
    assert simulate(copy.deepcopy(document)) == reference_simulate(copy.deepcopy(document))
