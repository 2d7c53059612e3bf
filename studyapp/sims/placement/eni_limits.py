"""
How many network interfaces common EC2 instance types can attach, for awsvpc tasks.

Every awsvpc task takes an ENI of its own and the instance's primary ENI counts against the
limit, so an instance runs at most limit - 1 awsvpc tasks (a c5.large: 3 ENIs, 2 tasks). The
figures are EC2's default limits: the ECS developer guide (container-instance-eni.html) lists
"task limit without ENI trunking" per type, which is this limit minus one, and the burstable t
families come from EC2's own table. Types missing here need `maxEni` on the instance, as do
instances using ENI trunking, whose raised limit differs per type.
"""

SIZES_WITH_MEDIUM = {
    "medium": 2,
    "large": 3,
    "xlarge": 4,
    "2xlarge": 4,
    "4xlarge": 8,
    "8xlarge": 8,
    "12xlarge": 8,
    "16xlarge": 15,
}
SIZES_INTEL_AMD = {
    "large": 3,
    "xlarge": 4,
    "2xlarge": 4,
    "4xlarge": 8,
    "8xlarge": 8,
    "12xlarge": 8,
    "16xlarge": 15,
    "24xlarge": 15,
}
SIZES_C5 = {
    "large": 3,
    "xlarge": 4,
    "2xlarge": 4,
    "4xlarge": 8,
    "9xlarge": 8,
    "12xlarge": 8,
    "18xlarge": 15,
    "24xlarge": 15,
}
SIZES_SIXTH_GENERATION = {**SIZES_INTEL_AMD, "32xlarge": 15}
BURSTABLE_T2 = {
    "nano": 2,
    "micro": 2,
    "small": 3,
    "medium": 3,
    "large": 3,
    "xlarge": 3,
    "2xlarge": 3,
}
BURSTABLE_T3 = {**BURSTABLE_T2, "xlarge": 4, "2xlarge": 4}

FAMILY_SIZES = {
    "t2": BURSTABLE_T2,
    "t3": BURSTABLE_T3,
    "t3a": {**BURSTABLE_T3, "small": 2},
    "t4g": BURSTABLE_T3,
    "m5": SIZES_INTEL_AMD,
    "m5a": SIZES_INTEL_AMD,
    "m5d": SIZES_INTEL_AMD,
    "r5": SIZES_INTEL_AMD,
    "r5a": SIZES_INTEL_AMD,
    "r5d": SIZES_INTEL_AMD,
    "c5": SIZES_C5,
    "c5d": SIZES_C5,
    "c5a": {**SIZES_INTEL_AMD, "8xlarge": 8},
    "m6i": SIZES_SIXTH_GENERATION,
    "c6i": SIZES_SIXTH_GENERATION,
    "r6i": SIZES_SIXTH_GENERATION,
    "m6a": {**SIZES_SIXTH_GENERATION, "48xlarge": 15},
    "c6a": {**SIZES_SIXTH_GENERATION, "48xlarge": 15},
    "r6a": {**SIZES_SIXTH_GENERATION, "48xlarge": 15},
    "m6g": SIZES_WITH_MEDIUM,
    "c6g": SIZES_WITH_MEDIUM,
    "r6g": SIZES_WITH_MEDIUM,
    "m7g": SIZES_WITH_MEDIUM,
    "c7g": SIZES_WITH_MEDIUM,
    "r7g": SIZES_WITH_MEDIUM,
}

ENI_LIMITS = {
    f"{family}.{size}": limit
    for family, sizes in FAMILY_SIZES.items()
    for size, limit in sizes.items()
}
