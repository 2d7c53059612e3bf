"""
Validate a capacity provider strategy as CreateService/RunTask do, spread N tasks over it, and
price the mix. See the package docstring for the document and result shapes.
"""

from fractions import Fraction

from studyapp.sims.fargate import pricing
from studyapp.sims.fargate.sizes import FargateSize, is_valid_size, parse_cpu, parse_memory
from studyapp.sims.validation import (
    REQUIRED,
    Choice,
    Field,
    Integer,
    List,
    Object,
    Reader,
    Text,
    child,
    document_schema,
)

FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
MAX_PROVIDERS = 20
MAX_BASE = 100_000
MAX_WEIGHT = 1000
MAX_DESIRED_COUNT = 1000

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
    reader = Reader()
    spec = document_spec()
    mapping = spec.mapping(reader, document, "")
    if mapping is None:
        reader.raise_problems()
    strategy = _read_strategy(reader, spec, mapping)
    desired_count = reader.member(spec, mapping, "desiredCount", "")
    size = _read_size(reader, spec, mapping)
    architecture = reader.member(spec, mapping, "cpuArchitecture", "")
    region = reader.member(spec, mapping, "region", "")
    spot_discount = reader.member(spec, mapping, "spotDiscount", "")
    reader.raise_problems()
    return strategy, desired_count, size, architecture, region, spot_discount


def document_spec():
    return Object(
        {
            "capacityProviderStrategy": Field(STRATEGY, REQUIRED, STRATEGY_MISSING),
            "desiredCount": Field(
                Integer(0, MAX_DESIRED_COUNT),
                REQUIRED,
                f"is required: a whole number from 0 to {MAX_DESIRED_COUNT:,}",
            ),
            "cpu": Field(FargateSize(parse_cpu, "Task CPU, to price the mix (with memory).")),
            "memory": Field(FargateSize(parse_memory, "Task memory, to price the mix (with cpu).")),
            "cpuArchitecture": Field(Choice(("X86_64", "ARM64")), "X86_64"),
            **pricing.priced_fields(),
        }
    )


def schema():
    return document_schema(document_spec(), "Capacity provider strategy simulator document")


STRATEGY_ITEM = Object(
    {
        "capacityProvider": Field(Text(255), REQUIRED, "is required: the provider's name"),
        "base": Field(Integer(0, MAX_BASE), 0),
        "weight": Field(Integer(0, MAX_WEIGHT), 0),
    }
)
STRATEGY = List(STRATEGY_ITEM, minimum=1, maximum=MAX_PROVIDERS)
STRATEGY_MISSING = "is required: a list of at least one capacity provider"


def _read_strategy(reader, spec, mapping):
    where = "capacityProviderStrategy"
    if where not in mapping:
        reader.problem(where, STRATEGY_MISSING)
        return []
    items = []
    for index, item in enumerate(
        reader.read(List(minimum=1, maximum=MAX_PROVIDERS), mapping[where], where)
    ):
        item_path = child(where, index)
        entry = STRATEGY_ITEM.mapping(reader, item, item_path)
        if entry is None:
            continue
        name = reader.member(STRATEGY_ITEM, entry, "capacityProvider", item_path)
        if name is None:
            continue
        base = reader.member(STRATEGY_ITEM, entry, "base", item_path)
        weight = reader.member(STRATEGY_ITEM, entry, "weight", item_path)
        items.append(
            {
                "capacityProvider": name,
                "base": base or 0,
                "weight": weight or 0,
                "path": item_path,
            }
        )
    _check_strategy_rules(items, reader)
    return [{key: item[key] for key in ("capacityProvider", "base", "weight")} for item in items]


def _check_strategy_rules(items, reader):
    seen = set()
    for item in items:
        if item["capacityProvider"] in seen:
            reader.problem(
                child(item["path"], "capacityProvider"),
                "this capacity provider is already in the strategy",
            )
        seen.add(item["capacityProvider"])
    with_base = [item for item in items if item["base"] > 0]
    for item in with_base[1:]:
        reader.problem(
            child(item["path"], "base"),
            f"only one capacity provider in a strategy can have a base; "
            f"{with_base[0]['capacityProvider']} already has one",
        )
    if len(items) > 1 and not any(item["weight"] > 0 for item in items):
        reader.problem(
            "capacityProviderStrategy",
            "with more than one capacity provider, at least one must have a weight above 0",
        )
    fargate = [item for item in items if item["capacityProvider"] in FARGATE_PROVIDERS]
    if fargate and len(fargate) < len(items):
        reader.problem(
            "capacityProviderStrategy",
            "a strategy can contain Fargate providers (FARGATE, FARGATE_SPOT) or Auto Scaling "
            "group providers, not both",
        )


def _read_size(reader, spec, mapping):
    if "cpu" not in mapping and "memory" not in mapping:
        return None
    size = {}
    for key in ("cpu", "memory"):
        if key not in mapping:
            reader.problem(key, "give cpu and memory together to price the mix")
            continue
        value = reader.member(spec, mapping, key, "")
        if value is not None:
            size[key] = value
    if len(size) == 2 and not is_valid_size(size["cpu"], size["memory"]):
        reader.problem("memory", "this cpu and memory pair is not a valid Fargate size")
    return size if len(size) == 2 else None


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
