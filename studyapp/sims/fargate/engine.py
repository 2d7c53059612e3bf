"""
The Fargate simulator's entry point: read the envelope, review the task definition, size it and
price it. See the package docstring for the document and result shapes.
"""

from studyapp.sims.fargate import pricing
from studyapp.sims.fargate.checks import ERROR, review_task_definition
from studyapp.sims.fargate.sizes import smallest_fitting
from studyapp.sims.validation import InvalidInput, Problem, child

ENVELOPE_KEYS = ("taskDefinition", "desiredCount", "region", "spotDiscount")
MAX_DESIRED_COUNT = 1000
# ECS's own limit per task definition. It also bounds the review's cost: every dependsOn cycle
# is reported with the containers around it, which over thousands of containers grows with
# their square (2,000 chained containers gave 17 MB of findings).
MAX_CONTAINERS = 10


def simulate(document):
    task_definition, path, desired_count, region, spot_discount = _read_envelope(document)
    _check_container_count(task_definition, path)
    review = review_task_definition(task_definition, path)
    recommended = smallest_fitting(review.container_cpu, review.memory_needed, review.windows)
    return {
        "valid": not any(finding["severity"] == ERROR for finding in review.findings),
        "findings": review.findings,
        "recommendedSize": recommended,
        "cost": _cost(review, recommended, desired_count, region, spot_discount),
    }


def _read_envelope(document):
    if not isinstance(document, dict):
        raise InvalidInput([Problem("", "the document must be a JSON object")])
    if "taskDefinition" not in document:
        return document, "", 1, pricing.DEFAULT_REGION, pricing.default_spot_discount()
    problems = [
        Problem(key, f"unknown field; the fields are {', '.join(ENVELOPE_KEYS)}")
        for key in document
        if key not in ENVELOPE_KEYS
    ]
    task_definition = document["taskDefinition"]
    if not isinstance(task_definition, dict):
        problems.append(Problem("taskDefinition", "must be an object (a task definition)"))
    desired_count = document.get("desiredCount", 1)
    if not _is_int(desired_count) or not 0 <= desired_count <= MAX_DESIRED_COUNT:
        problems.append(
            Problem("desiredCount", f"must be a whole number from 0 to {MAX_DESIRED_COUNT}")
        )
    region, spot_discount = pricing.read_region_and_discount(document, problems)
    if problems:
        raise InvalidInput(problems)
    return task_definition, "taskDefinition", desired_count, region, spot_discount


def _check_container_count(task_definition, path):
    containers = task_definition.get("containerDefinitions")
    if isinstance(containers, list) and len(containers) > MAX_CONTAINERS:
        raise InvalidInput(
            [
                Problem(
                    child(path, "containerDefinitions"),
                    f"has {len(containers):,} containers; a task definition holds at most "
                    f"{MAX_CONTAINERS} (an ECS limit the simulator keeps)",
                )
            ]
        )


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _cost(review, recommended, desired_count, region, spot_discount):
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
        "options": options,
        "saving": _saving(review, size, basis, recommended, desired_count, region, storage),
    }


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
