"""
How a capacity provider strategy spreads a service's tasks (plain Python, no Django).

`simulate(document)` takes the strategy in the ECS API's own shape, the task count, and
optionally a Fargate task size to price the mix:

    {
      "capacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3}
      ],
      "desiredCount": 10,
      "cpu": "1 vCPU", "memory": "2 GB",      # optional, together; same forms as a task definition
      "cpuArchitecture": "X86_64",            # optional: X86_64 (default) or ARM64
      "region": "us-east-1", "spotDiscount": 0.7   # optional, as in the Fargate simulator
    }

The strategy is validated as CreateService and RunTask do (CapacityProviderStrategyItem and the
capacity provider guide): 1-20 providers, unique names, base 0-100,000 (default 0) on at most one
provider, weight 0-1000 (default 0 through the API) with at least one above 0 once there are two
or more providers, and FARGATE/FARGATE_SPOT never mixed with Auto Scaling group providers (any
other name is taken to be one). Every violation is an InvalidInput problem with its path, e.g.
`capacityProviderStrategy[1].base`. "Only one provider can have a base" is read as only one with
a base above 0, since 0 is the default. `desiredCount` is 0-1000, a bound of the simulator.

The result:

    {
      "desiredCount": 10,
      "tasks": {"FARGATE": 4, "FARGATE_SPOT": 6},        # in strategy order, zeros included
      "steps": [                                         # one per task, in placement order
        {"task": 1, "capacityProvider": "FARGATE", "reason": "base",
         "running": {"FARGATE": 1, "FARGATE_SPOT": 0}},
        ...
        {"task": 3, "capacityProvider": "FARGATE_SPOT", "reason": "weight",
         "running": {"FARGATE": 2, "FARGATE_SPOT": 1}},
        ...
      ],
      "rule": "The base tasks go first ...",             # the rounding rule, to show on the page
      "cost": {                                          # null without cpu/memory, or for
        "region": "us-east-1", "pricesAsOf": "2026-03",  # Auto Scaling group providers (billed
        "currency": "USD", "hoursPerMonth": 730,         # per EC2 instance, not per task)
        "size": {"cpu": 1024, "memory": 2048}, "cpuArchitecture": "X86_64", "spotDiscount": 0.7,
        "providers": [{"capacityProvider": "FARGATE", "tasks": 4, "perTaskMonth": 36.04,
                       "month": 144.16}, ...],
        "month": 209.03, "allOnDemandMonth": 360.4, "savingMonth": 151.37
      }
    }

`reason` is "base", "weight", or "only provider" (a lone provider of weight 0 takes every task).
The rounding rule (RULE, a sentence to show on the page) is the simulator's own, because AWS
documents only the ratio: after the base, each task goes to one of the providers still below
their exact weighted share (counting that task), the one with the largest weight / (tasks + 1),
ties to the provider listed first. This is the quota method of apportionment; it never moves a
placed task and keeps every provider within one task of its exact share at every step.
"""

from studyapp.sims.capacity.engine import RULE, schema, simulate

__all__ = ["RULE", "schema", "simulate"]
