"""
Validate a capacity provider strategy as CreateService/RunTask do, spread N tasks over it, and
price the mix. See the package docstring for the document and result shapes.
"""

from fractions import Fraction

from studyapp.sims.fargate import pricing
from studyapp.sims.fargate.sizes import UnreadableSize, is_valid_size, parse_cpu, parse_memory
from studyapp.sims.validation import InvalidInput, Problem, child

FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
MAX_PROVIDERS = 20
MAX_BASE = 100_000
MAX_WEIGHT = 1000
MAX_DESIRED_COUNT = 1000
DOCUMENT_KEYS = (
    "capacityProviderStrategy",
    "desiredCount",
    "cpu",
    "memory",
    "cpuArchitecture",
    "region",
    "spotDiscount",
)

RULE = (
    "The base tasks go first to the provider that has a base. Each further task goes to one of "
    "the providers still below their exact share of the tasks placed after the base (this task "
    "included; a provider's share is its weight divided by the total weight): the one with the "
    "largest weight divided by one more than its tasks so far, and on a tie the one listed "
    "first. AWS does not document how it rounds fractional shares, so this rule (the quota "
    "method of apportionment) is the simulator's own; it keeps every provider within one task "
    "of its exact share at every step."
)


def simulate(document):
    strategy, desired_count, size, architecture, region, spot_discount = _read(document)
    steps = distribute(strategy, desired_count)
    tasks = {item["capacityProvider"]: 0 for item in strategy}
    for step in steps:
        tasks[step["capacityProvider"]] += 1
    return {
        "desiredCount": desired_count,
        "tasks": tasks,
        "steps": steps,
        "rule": RULE,
        "cost": _cost(tasks, size, architecture, region, spot_discount),
    }


def distribute(strategy, desired_count):
    """
    The task-by-task placement, by the quota method of Balinski and Young: a placement rule that
    never moves a placed task and still keeps each provider's count at its exact share rounded
    down or up, at every count. The simpler "furthest below its share" rule drifts a whole task
    or more (weights 1, 1, 1, 6, 6 over 10 tasks leave one provider at 3 against a share of 4).
    All comparisons are exact (integers and fractions).
    """
    names = [item["capacityProvider"] for item in strategy]
    weights = {item["capacityProvider"]: item["weight"] for item in strategy}
    running = dict.fromkeys(names, 0)
    base_holder = next((item for item in strategy if item["base"] > 0), None)
    base_count = min(base_holder["base"], desired_count) if base_holder else 0
    total_weight = sum(weights.values())
    after_base = dict.fromkeys(names, 0)
    steps = []
    for number in range(1, desired_count + 1):
        if number <= base_count:
            name, reason = base_holder["capacityProvider"], "base"
        elif total_weight == 0:
            # Only a lone provider may have weight 0 (the API requires a positive weight as soon
            # as there are two); every task then has nowhere else to go.
            name, reason = names[0], "only provider"
        else:
            placed = number - base_count
            below_share = [
                candidate
                for candidate in names
                if after_base[candidate] * total_weight < placed * weights[candidate]
            ]
            name = max(
                below_share,
                key=lambda candidate: (
                    Fraction(weights[candidate], after_base[candidate] + 1),
                    -names.index(candidate),
                ),
            )
            after_base[name] += 1
            reason = "weight"
        running[name] += 1
        steps.append(
            {"task": number, "capacityProvider": name, "reason": reason, "running": {**running}}
        )
    return steps


def _read(document):
    if not isinstance(document, dict):
        raise InvalidInput([Problem("", "the document must be a JSON object")])
    problems = [
        Problem(key, f"unknown field; the fields are {', '.join(DOCUMENT_KEYS)}")
        for key in document
        if key not in DOCUMENT_KEYS
    ]
    strategy = _read_strategy(document.get("capacityProviderStrategy"), problems)
    desired_count = document.get("desiredCount")
    if not _is_int(desired_count) or not 0 <= desired_count <= MAX_DESIRED_COUNT:
        problems.append(
            Problem("desiredCount", f"must be a whole number from 0 to {MAX_DESIRED_COUNT}")
        )
    size = _read_size(document, problems)
    architecture = document.get("cpuArchitecture", "X86_64")
    if architecture not in ("X86_64", "ARM64"):
        problems.append(Problem("cpuArchitecture", "must be X86_64 or ARM64"))
    region, spot_discount = pricing.read_region_and_discount(document, problems)
    if problems:
        raise InvalidInput(problems)
    return strategy, desired_count, size, architecture, region, spot_discount


def _read_strategy(strategy, problems):
    where = "capacityProviderStrategy"
    if not isinstance(strategy, list) or not strategy:
        problems.append(Problem(where, "must be a list of at least one capacity provider"))
        return []
    if len(strategy) > MAX_PROVIDERS:
        problems.append(
            Problem(where, f"a strategy can contain at most {MAX_PROVIDERS} capacity providers")
        )
    items = []
    for index, item in enumerate(strategy):
        item_path = child(where, index)
        if not isinstance(item, dict):
            problems.append(
                Problem(item_path, "must be an object with capacityProvider, base, weight")
            )
            continue
        for key in item:
            if key not in ("capacityProvider", "base", "weight"):
                problems.append(
                    Problem(
                        child(item_path, key), "unknown field; use capacityProvider, base, weight"
                    )
                )
        name = item.get("capacityProvider")
        if not isinstance(name, str) or not 1 <= len(name) <= 255:
            problems.append(
                Problem(child(item_path, "capacityProvider"), "must be a name of 1-255 characters")
            )
            continue
        base = _read_bounded(item, "base", MAX_BASE, item_path, problems)
        weight = _read_bounded(item, "weight", MAX_WEIGHT, item_path, problems)
        items.append({"capacityProvider": name, "base": base, "weight": weight, "path": item_path})
    _check_strategy_rules(items, problems)
    return [{key: item[key] for key in ("capacityProvider", "base", "weight")} for item in items]


def _read_bounded(item, key, ceiling, item_path, problems):
    value = item.get(key, 0)
    if not _is_int(value) or not 0 <= value <= ceiling:
        problems.append(
            Problem(child(item_path, key), f"must be a whole number from 0 to {ceiling:,}")
        )
        return 0
    return value


def _check_strategy_rules(items, problems):
    seen = set()
    for item in items:
        if item["capacityProvider"] in seen:
            problems.append(
                Problem(
                    child(item["path"], "capacityProvider"),
                    "this capacity provider is already in the strategy",
                )
            )
        seen.add(item["capacityProvider"])
    with_base = [item for item in items if item["base"] > 0]
    for item in with_base[1:]:
        problems.append(
            Problem(
                child(item["path"], "base"),
                f"only one capacity provider in a strategy can have a base; "
                f"{with_base[0]['capacityProvider']} already has one",
            )
        )
    if len(items) > 1 and not any(item["weight"] > 0 for item in items):
        problems.append(
            Problem(
                "capacityProviderStrategy",
                "with more than one capacity provider, at least one must have a weight above 0",
            )
        )
    fargate = [item for item in items if item["capacityProvider"] in FARGATE_PROVIDERS]
    if fargate and len(fargate) < len(items):
        problems.append(
            Problem(
                "capacityProviderStrategy",
                "a strategy can contain Fargate providers (FARGATE, FARGATE_SPOT) or Auto Scaling "
                "group providers, not both",
            )
        )


def _read_size(document, problems):
    if "cpu" not in document and "memory" not in document:
        return None
    size = {}
    for key, parse in (("cpu", parse_cpu), ("memory", parse_memory)):
        if key not in document:
            problems.append(Problem(key, "give cpu and memory together to price the mix"))
            continue
        try:
            size[key] = parse(document[key])
        except UnreadableSize as problem:
            problems.append(Problem(key, str(problem)))
    if len(size) == 2 and not is_valid_size(size["cpu"], size["memory"]):
        problems.append(Problem("memory", "this cpu and memory pair is not a valid Fargate size"))
    return size if len(size) == 2 else None


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _cost(tasks, size, architecture, region, spot_discount):
    """
    The monthly cost of the mix for Fargate strategies: FARGATE at the on-demand rate,
    FARGATE_SPOT with the Spot discount. Auto Scaling group providers are billed per EC2
    instance, not per task, so a strategy of those has no per-task price.
    """
    if size is None or any(name not in FARGATE_PROVIDERS for name in tasks):
        return None
    hourly = {
        "FARGATE": pricing.task_hourly(size, region=region, architecture=architecture),
        "FARGATE_SPOT": pricing.task_hourly(
            size, region=region, architecture=architecture, spot_discount=spot_discount
        ),
    }
    providers = [
        {
            "capacityProvider": name,
            "tasks": count,
            "perTaskMonth": pricing.monthly_money(pricing.monthly(hourly[name])),
            "month": pricing.monthly_money(pricing.monthly(hourly[name]) * count),
        }
        for name, count in tasks.items()
    ]
    total = sum(pricing.monthly(hourly[name]) * count for name, count in tasks.items())
    all_on_demand = pricing.monthly(hourly["FARGATE"]) * sum(tasks.values())
    return {
        **pricing.price_facts(region),
        "size": size,
        "cpuArchitecture": architecture,
        "spotDiscount": spot_discount,
        "providers": providers,
        "month": pricing.monthly_money(total),
        "allOnDemandMonth": pricing.monthly_money(all_on_demand),
        "savingMonth": pricing.monthly_money(all_on_demand - total),
    }
