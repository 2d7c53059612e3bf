"""
The blue/green simulator's entry point: read the document, check what belongs to which
deployment controller, work out the traffic shifts, play the deployment. See the package
docstring for the shapes.
"""

from studyapp.sims.bluegreen.timeline import (
    CODE_DEPLOY_HOOKS,
    CONTROLLERS,
    ECS_HOOK_STAGES,
    Settings,
    shift_plan,
)
from studyapp.sims.validation import (
    REQUIRED,
    Anything,
    Boolean,
    Choice,
    Field,
    Integer,
    Object,
    OneOf,
    Reader,
    child,
    document_schema,
    either,
)

MAX_DESIRED_COUNT = 1000
# CodeDeploy: "The maximum setting is 2880 minutes (2 days)"; 5 minutes when not given
# (CloudFormation's AWS::CodeDeploy::BlueGreen hook, AdditionalOptions).
MAX_TERMINATION_WAIT = 2880
DEFAULT_TERMINATION_WAIT = 5
# ECS bakeTimeInMinutes: 0 to 1440 minutes (24 hours), required for the BLUE_GREEN strategy.
MAX_BAKE_TIME = 1440
# A custom configuration's interval: the simulator's bound, matching the termination wait's.
MAX_INTERVAL = 2880
MAX_ALARM_MINUTE = 100_000
MAX_STEP_MINUTES = 60
DEFAULT_TIMING = {"scaleUpMinutes": 2, "hookMinutes": 1}

# CodeDeploy's predefined configurations for ECS (CodeDeploy user guide, "Working with
# deployment configurations"): the routing each stands for.
PREDEFINED = {
    "CodeDeployDefault.ECSAllAtOnce": ("AllAtOnce", 100, 0),
    "CodeDeployDefault.ECSCanary10Percent5Minutes": ("TimeBasedCanary", 10, 5),
    "CodeDeployDefault.ECSCanary10Percent15Minutes": ("TimeBasedCanary", 10, 15),
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes": ("TimeBasedLinear", 10, 1),
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes": ("TimeBasedLinear", 10, 3),
}
DEFAULT_CONFIG = "CodeDeployDefault.ECSAllAtOnce"
ALL_AT_ONCE = {"type": "AllAtOnce", "percentage": 100, "intervalMinutes": 0}
ROUTING_TYPES = ("AllAtOnce", "TimeBasedCanary", "TimeBasedLinear")
ROUTING_MEMBERS = {
    "TimeBasedCanary": ("timeBasedCanary", "canaryPercentage", "canaryInterval"),
    "TimeBasedLinear": ("timeBasedLinear", "linearPercentage", "linearInterval"),
}
CODE_DEPLOY_ONLY = ("deploymentConfigName", "trafficRoutingConfig", "terminationWaitTimeInMinutes")
ECS_ONLY = ("bakeTimeInMinutes",)


def simulate(document):
    read = _read(document)
    settings = read["settings"]
    deployment = CONTROLLERS[read["controller"]](settings)
    outcome = deployment.run()
    return {
        "deploymentController": read["controller"],
        "strategy": "BLUE_GREEN" if read["controller"] == "ECS" else None,
        "deploymentConfigName": read["configName"],
        "desiredCount": settings.desired_count,
        "trafficRouting": read["routing"],
        "productionShifts": len(settings.shift.percentages),
        "testListener": settings.test_listener,
        "terminationWaitTimeInMinutes": settings.termination_wait_minutes
        if read["controller"] == "CODE_DEPLOY"
        else None,
        "bakeTimeInMinutes": settings.bake_time_minutes if read["controller"] == "ECS" else None,
        "hooks": settings.hooks,
        "hooksRun": deployment.hooks_run,
        "alarmAtMinute": settings.alarm_at_minute,
        "timing": read["timing"],
        "outcome": outcome,
        "message": deployment.reason,
        "durationMinutes": deployment.now,
        "steps": deployment.steps,
    }


def _read(document):
    reader = Reader()
    read = reader.read(document_spec(), document, "")
    controller = read and read["deploymentController"]
    if controller is None:
        reader.raise_problems()
    hooks = _read_hooks(reader, controller, document.get("hooks"))
    wrong = ECS_ONLY if controller == "CODE_DEPLOY" else CODE_DEPLOY_ONLY
    for key in wrong:
        if key in document:
            owner = "ECS" if controller == "CODE_DEPLOY" else "CODE_DEPLOY"
            reader.problem(key, f"applies only to deploymentController {owner}, not {controller}")
    if controller == "ECS" and "bakeTimeInMinutes" not in document:
        reader.problem(
            "bakeTimeInMinutes",
            f"is required for deploymentController ECS (the BLUE_GREEN strategy): a whole number "
            f"of minutes from 0 to {MAX_BAKE_TIME:,}",
        )
    config_name, routing = _routing(reader, read, document, controller)
    reader.raise_problems()
    return {
        "controller": controller,
        "configName": config_name,
        "routing": routing,
        "timing": read["timing"],
        "settings": Settings(
            desired_count=read["desiredCount"],
            shift=shift_plan(routing["type"], routing["percentage"], routing["intervalMinutes"]),
            test_listener=read["testListener"],
            hooks=hooks,
            alarm_at_minute=read["alarmAtMinute"],
            scale_up_minutes=read["timing"]["scaleUpMinutes"],
            hook_minutes=read["timing"]["hookMinutes"],
            termination_wait_minutes=read["terminationWaitTimeInMinutes"],
            bake_time_minutes=read["bakeTimeInMinutes"] or 0,
        ),
    }


def _read_hooks(reader, controller, value):
    if value is None:
        return {}
    spec = CODE_DEPLOY_HOOKS_SPEC if controller == "CODE_DEPLOY" else ECS_HOOKS_SPEC
    read = reader.read(spec, value, "hooks")
    if read is None:
        return {}
    return {name: status for name, status in read.items() if status is not None}


def _routing(reader, read, document, controller):
    """The configuration's name (None for a custom one) and its routing, in one shape."""
    if controller == "ECS":
        # Native blue/green moves all production traffic at once (strategy BLUE_GREEN).
        return None, dict(ALL_AT_ONCE)
    if "trafficRoutingConfig" not in document:
        name = read["deploymentConfigName"] or DEFAULT_CONFIG
        kind, percentage, interval = PREDEFINED[name]
        return name, {"type": kind, "percentage": percentage, "intervalMinutes": interval}
    if "deploymentConfigName" in document:
        reader.problem(
            "trafficRoutingConfig",
            "give either deploymentConfigName (a predefined configuration) or "
            "trafficRoutingConfig (a custom one), not both",
        )
    custom = read["trafficRoutingConfig"]
    if custom is not None and "type" not in document["trafficRoutingConfig"]:
        reader.problem("trafficRoutingConfig.type", f"is required: {either(ROUTING_TYPES)}")
    if custom is None or custom["type"] in (None, "AllAtOnce"):
        return None, dict(ALL_AT_ONCE)
    kind = custom["type"]
    member, percentage_key, interval_key = ROUTING_MEMBERS[kind]
    given = document["trafficRoutingConfig"].get(member)
    given = given if isinstance(given, dict) else {}
    for key in (percentage_key, interval_key):
        if key not in given:
            reader.problem(
                child(child("trafficRoutingConfig", member), key),
                f"is required when type is {kind}",
            )
    values = custom[member] or {}
    return None, {
        "type": kind,
        "percentage": values.get(percentage_key),
        "intervalMinutes": values.get(interval_key),
    }


def _percentage_and_interval(percentage_key, interval_key, what):
    return Object(
        {
            percentage_key: Field(
                Integer(1, 99, description=f"The percentage of production traffic {what}.")
            ),
            interval_key: Field(Integer(1, MAX_INTERVAL, description="Minutes between shifts.")),
        }
    )


def _hooks_spec(names, statuses, description):
    return Object(
        {name: Field(Choice(statuses)) for name in names},
        description=description,
    )


CODE_DEPLOY_HOOKS_SPEC = _hooks_spec(
    CODE_DEPLOY_HOOKS,
    ("Succeeded", "Failed"),
    "CodeDeploy: the lifecycle events with a Lambda hook, and the status each hook reports.",
)
ECS_HOOKS_SPEC = _hooks_spec(
    ECS_HOOK_STAGES,
    ("SUCCEEDED", "FAILED"),
    "ECS: the lifecycle stages with a Lambda hook, and the hookStatus each returns.",
)


def document_spec():
    minutes = Integer(0, MAX_STEP_MINUTES)
    routing = Object(
        {
            "type": Field(
                Choice(
                    ROUTING_TYPES,
                    description="Required when trafficRoutingConfig is given.",
                )
            ),
            "timeBasedCanary": Field(
                _percentage_and_interval(
                    "canaryPercentage", "canaryInterval", "shifted first (1-99)"
                )
            ),
            "timeBasedLinear": Field(
                _percentage_and_interval(
                    "linearPercentage", "linearInterval", "shifted at each step (1-99)"
                )
            ),
        },
        description="A custom CodeDeploy configuration, as CreateDeploymentConfig takes it.",
    )
    return Object(
        {
            "title": Field(Anything()),
            "teaches": Field(Anything()),
            "deploymentController": Field(Choice(("CODE_DEPLOY", "ECS")), "CODE_DEPLOY"),
            "desiredCount": Field(
                Integer(1, MAX_DESIRED_COUNT),
                REQUIRED,
                f"is required: a whole number from 1 to {MAX_DESIRED_COUNT:,}",
            ),
            "deploymentConfigName": Field(
                Choice(
                    tuple(PREDEFINED),
                    " (CodeDeploy's predefined ECS configurations)",
                    description="CODE_DEPLOY only; CodeDeployDefault.ECSAllAtOnce when neither "
                    "this nor trafficRoutingConfig is given.",
                )
            ),
            "trafficRoutingConfig": Field(routing),
            "testListener": Field(Boolean(), False),
            "terminationWaitTimeInMinutes": Field(
                Integer(0, MAX_TERMINATION_WAIT), DEFAULT_TERMINATION_WAIT
            ),
            "bakeTimeInMinutes": Field(Integer(0, MAX_BAKE_TIME)),
            "hooks": Field(
                Anything(
                    OneOf((CODE_DEPLOY_HOOKS_SPEC, ECS_HOOKS_SPEC), ""),
                    "The hooks by lifecycle event (CODE_DEPLOY) or stage (ECS).",
                )
            ),
            "alarmAtMinute": Field(
                Integer(
                    1,
                    MAX_ALARM_MINUTE,
                    description="When a CloudWatch alarm enters ALARM, minutes after the start.",
                )
            ),
            "timing": Field(
                Object(
                    {key: Field(minutes, default) for key, default in DEFAULT_TIMING.items()},
                    description="The simulator's durations in minutes: green tasks starting "
                    "until healthy, and each hook's run.",
                )
            ),
        }
    )


def schema():
    return document_schema(document_spec(), "Blue/green deployment simulator document")
