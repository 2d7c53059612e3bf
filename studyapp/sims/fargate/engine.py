"""
The Fargate simulator's entry point: read the envelope, review the task definition, size it and
price it. See the package docstring for the document and result shapes.
"""

from studyapp.sims.fargate import pricing
from studyapp.sims.fargate.checks import ERROR, review_task_definition
from studyapp.sims.fargate.sizes import smallest_fitting
from studyapp.sims.validation import (
    REQUIRED,
    Anything,
    Field,
    Integer,
    List,
    Number,
    Object,
    Reader,
    child,
    document_schema,
)

MAX_DESIRED_COUNT = 1000
# A year: longer runs are priced by the month.
MAX_RUN_SECONDS = 31_536_000
# ECS's own limit per task definition. It also bounds the review's cost: every dependsOn cycle
# is reported with the containers around it, which over thousands of containers grows with
# their square (2,000 chained containers gave 17 MB of findings).
MAX_CONTAINERS = 10


def simulate(document):
    task_definition, path, desired_count, region, spot_discount, run_seconds = _read_envelope(
        document
    )
    _check_container_count(task_definition, path)
    review = review_task_definition(task_definition, path)
    recommended = smallest_fitting(review.container_cpu, review.memory_needed, review.windows)
    return {
        "valid": not any(finding["severity"] == ERROR for finding in review.findings),
        "findings": review.findings,
        "recommendedSize": recommended,
        "cost": _cost(review, recommended, desired_count, region, spot_discount, run_seconds),
    }


def _read_envelope(document):
    reader = Reader()
    if not isinstance(document, dict) or "taskDefinition" not in document:
        reader.read(TASK_DEFINITION, document, "")
        reader.raise_problems()
        return document, "", 1, pricing.DEFAULT_REGION, pricing.default_spot_discount(), None
    envelope = reader.read(envelope_spec(), document, "")
    reader.raise_problems()
    return (
        document["taskDefinition"],
        "taskDefinition",
        envelope["desiredCount"],
        envelope["region"],
        envelope["spotDiscount"],
        envelope["runSeconds"],
    )


# Only its shape is read here: anything inside that ECS would refuse is a finding (checks.py).
CONTAINER_DEFINITIONS = List(
    maximum=MAX_CONTAINERS,
    limit_note=f" (a task definition holds at most {MAX_CONTAINERS} containers, an ECS limit "
    "the simulator keeps)",
)
TASK_DEFINITION = Object(
    {"containerDefinitions": Field(Anything(CONTAINER_DEFINITIONS))},
    closed=False,
    description="A task definition as RegisterTaskDefinition takes it; its contents are "
    "reviewed as findings, not refused.",
)


def envelope_spec():
    return Object(
        {
            "taskDefinition": Field(TASK_DEFINITION, REQUIRED),
            "desiredCount": Field(Integer(0, MAX_DESIRED_COUNT), 1),
            "runSeconds": Field(
                Number(
                    1,
                    MAX_RUN_SECONDS,
                    noun="a number of seconds",
                    note="a year at most; price a longer run by the month",
                    description="How long each task runs, priced as Fargate bills it.",
                )
            ),
            **pricing.priced_fields(),
        }
    )


def schema():
    """A bare task definition, or the envelope recognised by its taskDefinition member."""
    bare = {**TASK_DEFINITION.schema(), "not": {"required": ["taskDefinition"]}}
    return {
        **document_schema(Anything(), "Fargate simulator document"),
        "anyOf": [envelope_spec().schema(), bare],
    }


def _check_container_count(task_definition, path):
    """Too many containers is refused outright; any other problem with them is a finding."""
    containers = task_definition.get("containerDefinitions")
    if isinstance(containers, list):
        reader = Reader()
        reader.read(CONTAINER_DEFINITIONS, containers, child(path, "containerDefinitions"))
        reader.raise_problems()


def _cost(review, recommended, desired_count, region, spot_discount, run_seconds):
    """
    Price the task's own size when it is valid, else the recommended one, so a learner whose
    definition is refused still sees what a working version would cost.
    """
    if review.cpu is not None and review.memory is not None:
        size, basis = {"cpu": review.cpu, "memory": review.memory}, "taskDefinition"
    elif recommended is not None:
        size, basis = recommended, "recommendedSize"
    else:
        return None
    storage = review.storage_gib or int(pricing.price_list()["includedEphemeralStorageGiB"])
    billed = None if run_seconds is None else pricing.billed_seconds(run_seconds, review.windows)
    options = []
    for architecture, capacity in pricing.purchase_options(review.windows):
        hourly = pricing.task_hourly(
            size,
            region=region,
            architecture=architecture,
            windows=review.windows,
            spot_discount=spot_discount if capacity == pricing.SPOT else None,
            storage_gib=storage,
        )
        options.append(
            {
                "cpuArchitecture": architecture,
                "capacity": capacity,
                "perTaskHour": pricing.hourly_money(hourly),
                "perTaskMonth": pricing.monthly_money(pricing.monthly(hourly)),
                "perServiceMonth": pricing.monthly_money(pricing.monthly(hourly) * desired_count),
                "perTaskRun": _run_money(hourly, billed, 1),
                "perServiceRun": _run_money(hourly, billed, desired_count),
                "selected": architecture == review.architecture and capacity == pricing.ON_DEMAND,
            }
        )
    return {
        **pricing.price_facts(region),
        "basis": basis,
        "size": {**size, "ephemeralStorageGiB": storage},
        "operatingSystem": "WINDOWS" if review.windows else "LINUX",
        "desiredCount": desired_count,
        "spotDiscount": spot_discount,
        "run": None
        if billed is None
        else {
            "seconds": run_seconds,
            "billedSeconds": billed,
            "minimumSeconds": pricing.minimum_billed_seconds(review.windows),
        },
        "options": options,
        "saving": _saving(review, size, basis, recommended, desired_count, region, storage),
    }


def _run_money(hourly, billed_seconds, tasks):
    if billed_seconds is None:
        return None
    return pricing.hourly_money(pricing.per_run(hourly, billed_seconds) * tasks)


def _saving(review, size, basis, recommended, desired_count, region, storage):
    """What the selected option would save a month at the recommended size, when it is cheaper."""
    if basis != "taskDefinition" or recommended is None or recommended == size:
        return None
    prices = {
        name: pricing.monthly(
            pricing.task_hourly(
                candidate,
                region=region,
                architecture=review.architecture,
                windows=review.windows,
                storage_gib=storage,
            )
        )
        for name, candidate in (("given", size), ("recommended", recommended))
    }
    per_task = prices["given"] - prices["recommended"]
    if per_task <= 0:
        return None
    return {
        "recommendedSize": recommended,
        "perTaskMonth": pricing.monthly_money(per_task),
        "perServiceMonth": pricing.monthly_money(per_task * desired_count),
    }
