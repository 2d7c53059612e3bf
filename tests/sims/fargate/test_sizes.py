"""
The Fargate size table against the documented ranges.

DOCUMENTED is a second, independent transcription of the RegisterTaskDefinition table (cpu, then
memory as GB from, to, step); every accepted pair and every refused neighbour is generated from
it, so a slip in either transcription fails here.
"""

from itertools import pairwise

import pytest

from studyapp.sims.fargate import simulate
from studyapp.sims.fargate.sizes import (
    SIZE_TABLE,
    UnreadableSize,
    parse_cpu,
    parse_memory,
    smallest_fitting,
)

DOCUMENTED = {
    256: [0.5, 1, 2],
    512: (1, 4, 1),
    1024: (2, 8, 1),
    2048: (4, 16, 1),
    4096: (8, 30, 1),
    8192: (16, 60, 4),
    16384: (32, 120, 8),
}


def documented_memories(cpu):
    spec = DOCUMENTED[cpu]
    if isinstance(spec, list):
        return [int(gb * 1024) for gb in spec]
    low, high, step = spec
    return [gb * 1024 for gb in range(low, high + 1, step)]


VALID_PAIRS = [(cpu, memory) for cpu in DOCUMENTED for memory in documented_memories(cpu)]


def memory_neighbours(cpu):
    """Just below the range, just above it, and between every two steps."""
    memories = documented_memories(cpu)
    gap = min(b - a for a, b in pairwise(memories))
    candidates = {memories[0] - gap, memories[-1] + gap}
    candidates |= {(a + b) // 2 for a, b in pairwise(memories)}
    return sorted(m for m in candidates if m > 0 and m not in memories)


MEMORY_NEIGHBOURS = [(cpu, memory) for cpu in DOCUMENTED for memory in memory_neighbours(cpu)]
CPUS = sorted(DOCUMENTED)
CPU_NEIGHBOURS = sorted(
    {cpu + delta for cpu in CPUS for delta in (-1, 1)}
    | {(a + b) // 2 for a, b in pairwise(CPUS)}
    | {CPUS[0] // 2, CPUS[-1] * 2}
)


def task_definition(cpu, memory, **extra):
    return {
        "family": "web",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": cpu,
        "memory": memory,
        "containerDefinitions": [{"name": "app", "image": "nginx"}],
        **extra,
    }


def size_findings(result):
    return [f for f in result["findings"] if f["path"] in ("cpu", "memory")]


def test_the_table_is_the_documented_one():
    assert {row.cpu: list(row.memories) for row in SIZE_TABLE} == {
        cpu: documented_memories(cpu) for cpu in DOCUMENTED
    }
    assert len(VALID_PAIRS) == 3 + 4 + 7 + 13 + 23 + 12 + 12


@pytest.mark.parametrize(("cpu", "memory"), VALID_PAIRS)
def test_every_documented_pair_is_accepted(cpu, memory):
    result = simulate(task_definition(str(cpu), str(memory)))
    assert result["valid"], result["findings"]
    assert result["cost"]["basis"] == "taskDefinition"
    assert result["cost"]["size"]["cpu"] == cpu
    assert result["cost"]["size"]["memory"] == memory


@pytest.mark.parametrize(("cpu", "memory"), MEMORY_NEIGHBOURS)
def test_memory_just_outside_a_range_or_between_steps_is_refused(cpu, memory):
    result = simulate(task_definition(str(cpu), str(memory)))
    assert not result["valid"]
    assert [f["path"] for f in size_findings(result)] == ["memory"]
    assert f"with cpu {cpu}" in size_findings(result)[0]["message"].lower()


@pytest.mark.parametrize("cpu", CPU_NEIGHBOURS)
def test_cpu_values_next_to_the_documented_ones_are_refused(cpu):
    result = simulate(task_definition(str(cpu), "2048"))
    assert [f["path"] for f in size_findings(result)] == ["cpu"]
    assert not result["valid"]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        (1024, 1024),
        ("1024", 1024),
        (" 512 ", 512),
        ("1 vCPU", 1024),
        ("1 vcpu", 1024),
        ("1vCPU", 1024),
        ("2 VCPU", 2048),
        (".25 vCPU", 256),
        ("0.5 vcpu", 512),
        ("16 vCPU", 16384),
    ],
)
def test_cpu_forms(text, units):
    assert parse_cpu(text) == units


@pytest.mark.parametrize(
    ("text", "mebibytes"),
    [
        (2048, 2048),
        ("2048", 2048),
        ("2GB", 2048),
        ("2 GB", 2048),
        ("2 gb", 2048),
        ("0.5 GB", 512),
        ("120 GB", 122880),
    ],
)
def test_memory_forms(text, mebibytes):
    assert parse_memory(text) == mebibytes


@pytest.mark.parametrize(
    "text",
    [
        "512 MiB",
        "512 MB",
        "1 core",
        "1.5",
        "-1",
        "1,024",
        "",
        "0.3 vCPU",
        "9" * 5000,
        "9" * 5000 + " vCPU",
        True,
        1024.0,
        None,
        [],
        -5,
    ],
)
def test_undocumented_forms_are_refused(text):
    with pytest.raises(UnreadableSize):
        parse_cpu(text)
    with pytest.raises(UnreadableSize):
        parse_memory(text)


def test_unit_strings_work_in_a_task_definition():
    result = simulate(task_definition(".25 vCPU", "0.5 GB"))
    assert result["valid"], result["findings"]
    assert result["cost"]["size"] == {"cpu": 256, "memory": 512, "ephemeralStorageGiB": 20}


def test_an_unreadable_size_is_a_finding_naming_the_forms():
    result = simulate(task_definition("1 core", "2 GiB"))
    messages = {f["path"]: f["message"] for f in result["findings"]}
    assert "vCPU" in messages["cpu"]
    assert "GB" in messages["memory"]
    assert not result["valid"]


@pytest.mark.parametrize(
    ("cpu_needed", "memory_needed", "windows", "expected"),
    [
        (0, 0, False, {"cpu": 256, "memory": 512}),
        (256, 600, False, {"cpu": 256, "memory": 1024}),
        (300, 700, False, {"cpu": 512, "memory": 1024}),
        (0, 2500, False, {"cpu": 512, "memory": 3072}),
        (4096, 17 * 1024, False, {"cpu": 4096, "memory": 17 * 1024}),
        (4097, 0, False, {"cpu": 8192, "memory": 16384}),
        (0, 31 * 1024, False, {"cpu": 8192, "memory": 32 * 1024}),
        (0, 0, True, {"cpu": 1024, "memory": 2048}),
        (0, 31 * 1024, True, None),
        (16385, 0, False, None),
        (0, 120 * 1024 + 1, False, None),
    ],
)
def test_smallest_fitting_size(cpu_needed, memory_needed, windows, expected):
    assert smallest_fitting(cpu_needed, memory_needed, windows) == expected
