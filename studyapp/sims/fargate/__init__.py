"""
Fargate sizing, task definition checks and cost (plain Python, no Django).

`simulate(document)` takes either a bare task definition (RegisterTaskDefinition JSON) or an
envelope, which is recognised by its `taskDefinition` member:

    {"taskDefinition": {...}, "desiredCount": 1, "region": "us-east-1", "spotDiscount": 0.7,
     "runSeconds": 90}

`desiredCount` (0-1000, default 1) multiplies the monthly cost, `region` picks the prices in
content/pricing/fargate.json (only us-east-1 is recorded), `spotDiscount` (0-0.7, default 0.7:
AWS says Spot is "up to 70%" cheaper) is taken off the vCPU and memory rates for Spot.
`runSeconds` (1 to 31,536,000, optional) prices one run of each task as Fargate bills it:
rounded up to the next second and never below the operating system's minimum charge (one minute
on Linux, 15 minutes on Windows, recorded in the pricing file's `billing` with its source).

Where the line falls between the two kinds of bad input:
- InvalidInput (the HTTP API answers 400) when the document cannot be interpreted at all: not an
  object, an envelope with unknown members or members of the wrong type or range, a
  `taskDefinition` that is not an object, or more than 10 containerDefinitions (ECS's limit,
  which also bounds the cost of the review).
- A finding when the task definition is an object: anything inside it that ECS would refuse,
  including values of the wrong type, is reported with its path, and the rest is still checked.

The result (plain JSON types only):

    {
      "valid": false,                      # true when no finding is an error
      "findings": [
        {"path": "taskDefinition.memory", "severity": "error",
         "message": "With cpu 256, Fargate memory must be 512 MiB, 1024 MiB, 2048 MiB, not ..."}
      ],
      "recommendedSize": {"cpu": 256, "memory": 512},   # or null when nothing fits
      "cost": {                            # or null when no size can be priced
        "region": "us-east-1", "pricesAsOf": "2026-03", "currency": "USD", "hoursPerMonth": 730,
        "basis": "taskDefinition",         # or "recommendedSize" when the task's own is invalid
        "size": {"cpu": 1024, "memory": 4096, "ephemeralStorageGiB": 20},
        "operatingSystem": "LINUX",        # or "WINDOWS"
        "desiredCount": 2, "spotDiscount": 0.7,
        "run": {"seconds": 20, "billedSeconds": 60, "minimumSeconds": 60},   # null without
                                                                              # runSeconds
        "options": [                       # Linux: x86 and ARM, on demand and Spot; Windows:
          {"cpuArchitecture": "X86_64", "capacity": "ON_DEMAND",    # x86 on demand only
           "perTaskHour": 0.05826, "perTaskMonth": 42.53, "perServiceMonth": 85.06,
           "perTaskRun": 0.000971, "perServiceRun": 0.001942,   # null without runSeconds
           "selected": true},              # the runtimePlatform's architecture, on demand
          ...
        ],
        "saving": {"recommendedSize": {"cpu": 256, "memory": 1024},   # null unless the task's
                   "perTaskMonth": 31.9, "perServiceMonth": 63.79}    # valid size costs more
      }
    }

Paths are relative to the learner's document: `taskDefinition.cpu` in an envelope, `cpu` in a
bare task definition. The checks, their severities and rules are in checks.py; the size table and
the accepted cpu/memory forms in sizes.py; the prices in pricing.py.
"""

from studyapp.sims.fargate.engine import schema, simulate

__all__ = ["schema", "simulate"]
