"""Each task definition check with a failing and a passing case, in a bare task definition."""

import copy

import pytest

from studyapp.sims.fargate import simulate
from studyapp.sims.fargate.checks import HEALTH_CHECK_RANGES

ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


def base():
    """A task definition that registers on Fargate without any finding."""
    return {
        "family": "web",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "1024",
        "memory": "2048",
        "executionRoleArn": ROLE,
        "containerDefinitions": [
            {
                "name": "app",
                "image": "public.ecr.aws/nginx/nginx:latest",
                "essential": True,
                "cpu": 512,
                "memory": 1024,
                "memoryReservation": 512,
                "portMappings": [{"containerPort": 80}],
                "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]},
                "logConfiguration": {"logDriver": "awslogs", "options": {}},
                "secrets": [
                    {
                        "name": "DB_PASSWORD",
                        "valueFrom": SECRET,
                    }
                ],
            },
            {
                "name": "init",
                "image": "busybox",
                "essential": False,
                "cpu": 256,
                "memory": 256,
            },
        ],
    }


def findings(task_definition):
    return {(f["path"], f["severity"]) for f in simulate(task_definition)["findings"]}


def changed(edit):
    task_definition = base()
    edit(task_definition)
    return task_definition


def app(task_definition):
    return task_definition["containerDefinitions"][0]


def init(task_definition):
    return task_definition["containerDefinitions"][1]


def test_the_base_definition_is_clean():
    result = simulate(base())
    assert result["findings"] == []
    assert result["valid"] is True


CASES = {
    "networkMode must be awsvpc": (
        lambda td: td.update(networkMode="bridge"),
        lambda td: td.update(networkMode="awsvpc"),
        ("networkMode", "error"),
    ),
    "networkMode is required": (
        lambda td: td.pop("networkMode"),
        lambda td: None,
        ("networkMode", "error"),
    ),
    "task cpu is required": (
        lambda td: td.pop("cpu"),
        lambda td: td.update(cpu="1 vCPU"),
        ("cpu", "error"),
    ),
    "task memory is required": (
        lambda td: td.pop("memory"),
        lambda td: td.update(memory="2 GB"),
        ("memory", "error"),
    ),
    "cpu and memory must be a valid pair": (
        lambda td: td.update(cpu="256", memory="4096"),
        lambda td: td.update(cpu="1024", memory="4096"),
        ("memory", "error"),
    ),
    "containers' cpu must fit the task": (
        lambda td: app(td).update(cpu=800),
        lambda td: app(td).update(cpu=768),
        ("containerDefinitions", "error"),
    ),
    "containers' memory limits must fit the task": (
        lambda td: app(td).update(memory=1800),
        lambda td: app(td).update(memory=1792),
        ("containerDefinitions", "error"),
    ),
    "containers' reservations must fit the task": (
        lambda td: (app(td).pop("memory"), app(td).update(memoryReservation=1900)),
        lambda td: (app(td).pop("memory"), app(td).update(memoryReservation=1792)),
        ("containerDefinitions", "error"),
    ),
    "memory must exceed memoryReservation": (
        lambda td: app(td).update(memory=512, memoryReservation=512),
        lambda td: app(td).update(memory=513, memoryReservation=512),
        ("containerDefinitions[0].memoryReservation", "error"),
    ),
    "one container must be essential": (
        lambda td: app(td).update(essential=False),
        lambda td: app(td).pop("essential"),
        ("containerDefinitions", "error"),
    ),
    "dependsOn must name a container": (
        lambda td: app(td).update(dependsOn=[{"containerName": "db", "condition": "START"}]),
        lambda td: app(td).update(dependsOn=[{"containerName": "init", "condition": "START"}]),
        ("containerDefinitions[0].dependsOn[0].containerName", "error"),
    ),
    "dependsOn must not form a cycle": (
        lambda td: (
            app(td).update(dependsOn=[{"containerName": "init", "condition": "START"}]),
            init(td).update(dependsOn=[{"containerName": "app", "condition": "START"}]),
        ),
        lambda td: init(td).update(dependsOn=[{"containerName": "app", "condition": "START"}]),
        ("containerDefinitions[1].dependsOn[0].containerName", "error"),
    ),
    "a container cannot depend on itself": (
        lambda td: app(td).update(dependsOn=[{"containerName": "app", "condition": "START"}]),
        lambda td: app(td).update(dependsOn=[]),
        ("containerDefinitions[0].dependsOn[0].containerName", "error"),
    ),
    "dependsOn conditions are START, COMPLETE, SUCCESS, HEALTHY": (
        lambda td: app(td).update(dependsOn=[{"containerName": "init", "condition": "RUNNING"}]),
        lambda td: app(td).update(dependsOn=[{"containerName": "init", "condition": "SUCCESS"}]),
        ("containerDefinitions[0].dependsOn[0].condition", "error"),
    ),
    "HEALTHY needs a health check on the target": (
        lambda td: app(td).update(dependsOn=[{"containerName": "init", "condition": "HEALTHY"}]),
        lambda td: init(td).update(dependsOn=[{"containerName": "app", "condition": "HEALTHY"}]),
        ("containerDefinitions[0].dependsOn[0].condition", "error"),
    ),
    "COMPLETE cannot wait for an essential container": (
        lambda td: init(td).update(dependsOn=[{"containerName": "app", "condition": "COMPLETE"}]),
        lambda td: app(td).update(dependsOn=[{"containerName": "init", "condition": "COMPLETE"}]),
        ("containerDefinitions[1].dependsOn[0].condition", "error"),
    ),
    "hostPort must equal containerPort in awsvpc": (
        lambda td: app(td).update(portMappings=[{"containerPort": 80, "hostPort": 8080}]),
        lambda td: app(td).update(portMappings=[{"containerPort": 80, "hostPort": 80}]),
        ("containerDefinitions[0].portMappings[0].hostPort", "error"),
    ),
    "ephemeralStorage below 21 GiB": (
        lambda td: td.update(ephemeralStorage={"sizeInGiB": 20}),
        lambda td: td.update(ephemeralStorage={"sizeInGiB": 21}),
        ("ephemeralStorage.sizeInGiB", "error"),
    ),
    "ephemeralStorage above 200 GiB": (
        lambda td: td.update(ephemeralStorage={"sizeInGiB": 201}),
        lambda td: td.update(ephemeralStorage={"sizeInGiB": 200}),
        ("ephemeralStorage.sizeInGiB", "error"),
    ),
    "secrets need an execution role": (
        lambda td: (td.pop("executionRoleArn"), app(td).pop("logConfiguration")),
        lambda td: app(td).pop("logConfiguration"),
        ("containerDefinitions[0].secrets", "error"),
    ),
    "awslogs needs an execution role": (
        lambda td: (td.pop("executionRoleArn"), app(td).pop("secrets")),
        lambda td: app(td).pop("secrets"),
        ("containerDefinitions[0].logConfiguration.logDriver", "error"),
    ),
    "valueFrom must be an SSM parameter or a Secrets Manager secret": (
        lambda td: app(td)["secrets"][0].update(valueFrom="arn:aws:s3:::bucket/password.txt"),
        lambda td: app(td)["secrets"][0].update(
            valueFrom="arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password"
        ),
        ("containerDefinitions[0].secrets[0].valueFrom", "error"),
    ),
    "valueFrom cannot contain spaces": (
        lambda td: app(td)["secrets"][0].update(valueFrom="my db password"),
        lambda td: app(td)["secrets"][0].update(valueFrom="/prod/db/password"),
        ("containerDefinitions[0].secrets[0].valueFrom", "error"),
    ),
    "Windows needs at least 1 vCPU": (
        lambda td: td.update(
            cpu="512",
            memory="2048",
            runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
        ),
        lambda td: td.update(runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}),
        ("cpu", "error"),
    ),
    "Windows stops at 4 vCPU": (
        lambda td: td.update(
            cpu="8192",
            memory="16384",
            runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2019_FULL"},
        ),
        lambda td: td.update(
            cpu="4096",
            memory="16384",
            runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2019_FULL"},
        ),
        ("cpu", "error"),
    ),
    "Windows runs on X86_64 only": (
        lambda td: td.update(
            runtimePlatform={
                "operatingSystemFamily": "WINDOWS_SERVER_2022_FULL",
                "cpuArchitecture": "ARM64",
            }
        ),
        lambda td: td.update(
            runtimePlatform={"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"}
        ),
        ("runtimePlatform.cpuArchitecture", "error"),
    ),
    "healthCheck needs a command": (
        lambda td: app(td).update(healthCheck={"interval": 30}),
        lambda td: app(td).update(healthCheck={"command": ["CMD", "true"], "interval": 30}),
        ("containerDefinitions[0].healthCheck.command", "error"),
    ),
    "requiresCompatibilities without FARGATE": (
        lambda td: td.update(requiresCompatibilities=["EC2"]),
        lambda td: td.update(requiresCompatibilities=["EC2", "FARGATE"]),
        ("requiresCompatibilities", "warning"),
    ),
    "container names must be unique": (
        lambda td: init(td).update(name="app"),
        lambda td: init(td).update(name="sidecar"),
        ("containerDefinitions[1].name", "error"),
    ),
}


@pytest.mark.parametrize(("breaks", "keeps", "expected"), CASES.values(), ids=CASES.keys())
def test_check_fails_and_passes(breaks, keeps, expected):
    assert expected in findings(changed(breaks))
    assert findings(changed(keeps)) == set()


HEALTH_CHECK_CASES = [
    (key, value, ok)
    for key, (low, high) in HEALTH_CHECK_RANGES.items()
    for value, ok in ((low - 1, False), (low, True), (high, True), (high + 1, False), ("30", False))
]


@pytest.mark.parametrize(("key", "value", "ok"), HEALTH_CHECK_CASES)
def test_health_check_ranges(key, value, ok):
    def edit(td):
        app(td)["healthCheck"][key] = value

    expected = set() if ok else {(f"containerDefinitions[0].healthCheck.{key}", "error")}
    assert findings(changed(edit)) == expected


def test_documented_health_check_ranges():
    assert HEALTH_CHECK_RANGES == {
        "interval": (5, 300),
        "timeout": (2, 60),
        "retries": (1, 10),
        "startPeriod": (0, 300),
    }


def test_every_finding_has_path_severity_and_one_sentence():
    broken = changed(
        lambda td: (
            td.update(networkMode="host", cpu="3 vCPU"),
            app(td).update(dependsOn=[{"containerName": "nope", "condition": "HEALTHY"}]),
        )
    )
    for finding in simulate(broken)["findings"]:
        assert set(finding) == {"path", "severity", "message"}
        assert finding["severity"] in ("error", "warning")
        assert finding["message"].endswith(".")


def test_envelope_paths_are_prefixed():
    task_definition = changed(lambda td: td.update(networkMode="bridge"))
    result = simulate({"taskDefinition": task_definition})
    assert ("taskDefinition.networkMode", "error") in {
        (f["path"], f["severity"]) for f in result["findings"]
    }


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda td: td.update(containerDefinitions={}), "containerDefinitions"),
        (lambda td: td.update(containerDefinitions=[]), "containerDefinitions"),
        (lambda td: td["containerDefinitions"].append("sidecar"), "containerDefinitions[2]"),
        (lambda td: app(td).update(cpu="512"), "containerDefinitions[0].cpu"),
        (lambda td: app(td).update(essential="yes"), "containerDefinitions[0].essential"),
        (lambda td: app(td).update(portMappings="80:80"), "containerDefinitions[0].portMappings"),
        (
            lambda td: app(td).update(dependsOn={"init": "START"}),
            "containerDefinitions[0].dependsOn",
        ),
        (lambda td: td.update(runtimePlatform="LINUX"), "runtimePlatform"),
        (lambda td: td.update(ephemeralStorage=50), "ephemeralStorage"),
        (lambda td: td.update(requiresCompatibilities="FARGATE"), "requiresCompatibilities"),
    ],
)
def test_wrong_types_inside_the_task_definition_are_findings(edit, path):
    result = simulate(changed(edit))
    assert (path, "error") in {(f["path"], f["severity"]) for f in result["findings"]}
    assert result["valid"] is False


def test_the_base_is_not_modified_by_simulating():
    task_definition = base()
    before = copy.deepcopy(task_definition)
    simulate({"taskDefinition": task_definition, "desiredCount": 3})
    assert task_definition == before
