"""
Two Fargate questions: the smallest valid task size for some containers, and the monthly cost
of a task definition. Keys and prices come from the Fargate simulator; the size distractors are
the neighbouring sizes of its own table (one step too small is the classic mistake).
"""

import random

from studyapp.sims import fargate
from studyapp.sims.fargate.sizes import SIZE_TABLE
from studyapp.sims.generators.question import (
    GeneratedQuestion,
    Option,
    Table,
    document_text,
    first_passing,
)

SIZE_NAME = "fargate-size"
SIZE_TITLE = "Fargate: the smallest valid task size"
COST_NAME = "fargate-cost"
COST_TITLE = "Fargate: the monthly cost of a task definition"

# Every valid Linux size, smallest first: the order "one step too small" counts in.
SIZES = tuple((row.cpu, memory) for row in SIZE_TABLE for memory in row.memories)
CONTAINER_CPU = (128, 256, 384, 512, 768, 1024, 1536)
CONTAINER_MEMORY = (256, 384, 512, 768, 1024, 1536, 2048, 3072)


def size_text(cpu, memory):
    return f"{cpu} CPU units ({cpu / 1024:g} vCPU) and {memory} MiB ({memory / 1024:g} GB)"


def generate_size(seed):
    return first_passing(seed, build_size, size_tables_of, size_keys_of)


def build_size(seed):
    rng = random.Random(f"{SIZE_NAME}:{seed}")
    document = {
        "family": "worker",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "containerDefinitions": [
            {
                "name": name,
                "image": f"example/{name}",
                "cpu": rng.choice(CONTAINER_CPU),
                "memory": rng.choice(CONTAINER_MEMORY),
            }
            for name in ("app", "sidecar", "log-router")[: rng.randint(1, 3)]
        ],
    }
    result = fargate.simulate(document)
    recommended = result["recommendedSize"]
    if recommended is None:
        return None
    key = (recommended["cpu"], recommended["memory"])
    index = SIZES.index(key)
    cpu_need = sum(c["cpu"] for c in document["containerDefinitions"])
    memory_need = sum(c["memory"] for c in document["containerDefinitions"])
    wrong = {}
    if index > 0:
        wrong[SIZES[index - 1]] = (
            "One step too small: the containers need "
            f"{cpu_need} CPU units and {memory_need} MiB together, more than this size gives."
        )
    if index + 1 < len(SIZES):
        wrong[SIZES[index + 1]] = "It fits, but a smaller valid size fits too."
    cpu_only = next(size for size in SIZES if size[0] >= cpu_need)
    wrong.setdefault(
        cpu_only,
        "The smallest size for the CPU alone; the memory of every container counts as well.",
    )
    largest_container = next(
        (
            s
            for s in SIZES
            if s[0] >= max(c["cpu"] for c in document["containerDefinitions"])
            and s[1] >= max(c["memory"] for c in document["containerDefinitions"])
        ),
        None,
    )
    if largest_container is not None:
        wrong.setdefault(
            largest_container,
            "That fits the largest container alone; a task's size must hold all its containers.",
        )
    wrong.pop(key, None)
    if len(wrong) < 2:
        return None
    options = [Option(size_text(*key), True, "Right: the smallest valid size that holds them all.")]
    options += [Option(size_text(*size), False, feedback) for size, feedback in wrong.items()]
    rng.shuffle(options)
    findings = [finding["message"] for finding in result["findings"]]
    return GeneratedQuestion(
        generator=SIZE_NAME,
        simulator="fargate",
        seed=seed,
        stem=(
            "A task definition for Fargate has the containers below and no task-level cpu or "
            "memory yet. What is the smallest valid Fargate task size that runs them?"
        ),
        tables=size_tables_of(document),
        document_json=document_text(document),
        options=tuple(options),
        explanation=(
            f"The containers need {cpu_need} CPU units and {memory_need} MiB in all.",
            *findings,
            f"The smallest size in Fargate's table that holds both is {size_text(*key)}.",
        ),
    )


def size_keys_of(document):
    recommended = fargate.simulate(document)["recommendedSize"]
    return [size_text(recommended["cpu"], recommended["memory"])]


def size_tables_of(document):
    return (
        Table(
            "Containers",
            ("Container", "CPU units", "Memory (MiB)"),
            tuple(
                (c["name"], str(c["cpu"]), str(c["memory"]))
                for c in document["containerDefinitions"]
            ),
        ),
    )


def money(amount):
    return f"${amount:,.2f} a month"


def generate_cost(seed):
    return first_passing(seed, build_cost, cost_tables_of, cost_keys_of)


def build_cost(seed):
    rng = random.Random(f"{COST_NAME}:{seed}")
    cpu, memory = rng.choice(SIZES[:20])
    architecture = rng.choice(("X86_64", "ARM64"))
    task_definition = {
        "family": "api",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": str(cpu),
        "memory": str(memory),
        "runtimePlatform": {"cpuArchitecture": architecture, "operatingSystemFamily": "LINUX"},
        "containerDefinitions": [{"name": "api", "image": "example/api", "essential": True}],
    }
    document = {"taskDefinition": task_definition, "desiredCount": rng.randint(2, 6)}
    cost = fargate.simulate(document)["cost"]
    selected = next(option for option in cost["options"] if option["selected"])
    key = money(selected["perServiceMonth"])
    wrong = {
        money(selected["perTaskMonth"]): (
            f"That is one task; the service runs {document['desiredCount']}."
        )
    }
    for option in cost["options"]:
        if option is not selected:
            wrong.setdefault(
                money(option["perServiceMonth"]),
                f"That is the price on {option['cpuArchitecture']} {_capacity(option)}; the "
                f"task definition asks for {architecture} on demand.",
            )
    wrong.pop(key, None)
    options = [
        Option(key, True, "Right: one task's on-demand monthly price, times the tasks running.")
    ]
    options += [Option(text, False, feedback) for text, feedback in list(wrong.items())[:3]]
    rng.shuffle(options)
    return GeneratedQuestion(
        generator=COST_NAME,
        simulator="fargate",
        seed=seed,
        stem=(
            f"A service runs {document['desiredCount']} tasks of this task definition on Fargate "
            f"on demand in {cost['region']} all month ({cost['hoursPerMonth']} hours). What does "
            "it cost a month, at the prices the simulator records?"
        ),
        tables=cost_tables_of(document),
        document_json=document_text(document),
        options=tuple(options),
        explanation=(
            f"Size: {size_text(cpu, memory)}, {architecture}, on demand.",
            f"One task costs ${selected['perTaskHour']} an hour, "
            f"{money(selected['perTaskMonth'])} over {cost['hoursPerMonth']} hours.",
            f"{document['desiredCount']} tasks: {key} (prices as of {cost['pricesAsOf']}).",
        ),
    )


def _capacity(option):
    return "Spot" if option["capacity"] == "SPOT" else "on demand"


def cost_keys_of(document):
    cost = fargate.simulate(document)["cost"]
    return [money(next(o for o in cost["options"] if o["selected"])["perServiceMonth"])]


def cost_tables_of(document):
    task = document["taskDefinition"]
    return (
        Table(
            "Service",
            ("Task CPU", "Task memory", "Architecture", "Tasks"),
            (
                (
                    task["cpu"],
                    task["memory"],
                    task["runtimePlatform"]["cpuArchitecture"],
                    str(document["desiredCount"]),
                ),
            ),
        ),
    )
