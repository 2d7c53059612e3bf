"""Small scenario documents for the placement tests, in the ECS API's shape."""


def instance(
    instance_id, zone="us-east-1a", instance_type="t3.large", cpu=2048, memory=4096, **extra
):
    attributes = []
    if zone is not None:
        attributes.append({"name": "ecs.availability-zone", "value": zone})
    if instance_type is not None:
        attributes.append({"name": "ecs.instance-type", "value": instance_type})
    document = {
        "ec2InstanceId": instance_id,
        "attributes": attributes,
        "registeredResources": [
            {"name": "CPU", "integerValue": cpu},
            {"name": "MEMORY", "integerValue": memory},
        ],
    }
    document.update(extra)
    return document


def task_definition(cpu=256, memory=512, network_mode=None, port_mappings=None, **extra):
    container = {"name": "app", "cpu": cpu, "memoryReservation": memory}
    if port_mappings is not None:
        container["portMappings"] = port_mappings
    definition = {"family": "web", "containerDefinitions": [container]}
    if network_mode is not None:
        definition["networkMode"] = network_mode
    definition.update(extra)
    return definition


def scenario(instances, count=1, group="family:web", strategies=None, constraints=None, **extra):
    document = {
        "containerInstances": instances,
        "taskDefinition": extra.pop("task", None) or task_definition(),
        "count": count,
        "group": group,
    }
    if strategies is not None:
        document["placementStrategy"] = strategies
    if constraints is not None:
        document["placementConstraints"] = constraints
    document.update(extra)
    return document


def spread(field):
    return {"type": "spread", "field": field}


def binpack(field):
    return {"type": "binpack", "field": field}


def member_of(expression):
    return {"type": "memberOf", "expression": expression}


DISTINCT_INSTANCE = {"type": "distinctInstance"}
BY_ZONE = spread("attribute:ecs.availability-zone")


def placed_on(result):
    """The instance of each placed task, in task order."""
    return [placement["containerInstance"] for placement in result["placements"]]


def reasons(result):
    return [failure["reason"] for failure in result["failures"]]


def zone_counts(result):
    counts = {}
    for placement in result["placements"]:
        counts[placement["availabilityZone"]] = counts.get(placement["availabilityZone"], 0) + 1
    return counts


def instance_report(result, instance_id):
    return next(item for item in result["instances"] if item["containerInstance"] == instance_id)
