import json

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from studyapp.charts.rolling import rolling_timeline
from studyapp.questions.practice import Learner
from studyapp.sims import registry
from studyapp.sims.fargate.sizes import SIZE_TABLE, describe_memories
from studyapp.sims.forms import (
    BlueGreenForm,
    CapacityForm,
    FargateForm,
    RollingForm,
    ShownProblem,
    number,
)
from studyapp.sims.placement_display import chosen_task, cluster_view
from studyapp.sims.presets import DEFAULT_PRESET, UnknownPreset, load_preset, preset_choices
from studyapp.sims.scenario_editor import (
    describe_problems,
    editor_fields,
    posted_scenario,
    requested_scenario,
)
from studyapp.sims.scenario_questions import questions_using
from studyapp.sims.sharing import decode_scenario, encode_scenario
from studyapp.sims.validation import InvalidInput

SIMULATOR_CARDS = [
    {
        "name": "placement",
        "title": "Task placement",
        "teaches": "Where ECS puts each task on EC2 container instances under binpack, spread and "
        "random strategies and distinctInstance and memberOf constraints, why, and which tasks "
        "cannot be placed with the reason ECS would give.",
    },
    {
        "name": "fargate",
        "title": "Fargate sizing and task definition checks",
        "teaches": "Whether a task definition would register for Fargate, every problem with the "
        "field and rule it breaks, the smallest valid CPU and memory size, and what it costs.",
    },
    {
        "name": "capacity",
        "title": "Capacity provider strategy",
        "teaches": "How base and weight split a service's tasks between providers such as "
        "FARGATE and FARGATE_SPOT, task by task, and what the mix costs.",
    },
    {
        "name": "rolling",
        "title": "Rolling update",
        "teaches": "How minimumHealthyPercent and maximumPercent pace a deployment step by "
        "step, when it cannot progress, and when the circuit breaker rolls it back.",
    },
    {
        "name": "bluegreen",
        "title": "Blue/green deployment",
        "teaches": "How CodeDeploy (all at once, canary, linear) and ECS's own blue/green "
        "deployments move test and production traffic between two task sets, what each "
        "lifecycle hook guards, and when an alarm or a failed hook rolls everything back.",
    },
]


# The documented Fargate sizes, shown under every result.
FARGATE_SIZES = [
    {
        "cpu": row.cpu,
        "vcpu": f"{row.cpu / 1024:g}",
        "memories": describe_memories(row),
        "windows": row.windows,
    }
    for row in SIZE_TABLE
]


def index(request):
    """The simulators, and how to call their API."""
    return render(request, "sims/index.html", {"simulators": SIMULATOR_CARDS})


def _run(name, form, linked=None):
    """
    The engine's result for a form (or for the linked document the form was filled from), the
    problems to show against its fields, and the document it ran (None when refused).
    """
    try:
        # Reading the form also tells it which field holds which path, for the problems.
        formed = form.document()
        document = formed if linked is None else linked
        return registry.run(name, document), [], document
    except InvalidInput as invalid:
        return None, form.describe(invalid.problems), None


def _requested(request, name, form_class):
    """
    The form, the result, the problems and the document run for a request: the posted fields, a
    link's scenario (?s=, run exactly as the link holds it, and shown in the fields), or the
    page's defaults.
    """
    if request.method == "POST":
        form = form_class(request.POST)
        return form, *_run(name, form)
    if not request.GET.get("s"):
        form = form_class()
        return form, *_run(name, form)
    try:
        document = decode_scenario(request.GET["s"])
    except InvalidInput as invalid:
        problems = [ShownProblem(None, problem.message) for problem in invalid.problems]
        return form_class(), None, problems, None
    form = form_class.from_document(document)
    return form, *_run(name, form, linked=document)


def _listing(request, simulator, document, preset=None):
    """The questions with a scenario here, for a whole page (htmx fragments leave them be)."""
    if request.htmx:
        return None
    return questions_using(Learner.from_request(request), simulator, document, preset)


def _form_page(request, name, form_class):
    """What every form page shows: the form, the result, the problems, the questions here."""
    form, result, problems, document = _requested(request, name, form_class)
    return {
        "form": form,
        "result": result,
        "problems": problems,
        "scenario_questions": _listing(request, name, document),
    }


def _respond(request, template, partial, context, problems):
    """The whole page, or with htmx the one fragment that changes. htmx swaps only 2xx
    responses, so its fragment carries the errors with status 200; a full page says 400."""
    if request.htmx:
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context, status=400 if problems else 200)


@require_http_methods(["GET", "POST"])
def fargate(request):
    context = _form_page(request, "fargate", FargateForm)
    form, result = context["form"], context["result"]
    findings = form.findings(result) if result else []
    context |= {
        "findings": findings,
        "error_count": sum(finding.severity == "error" for finding in findings),
        "warning_count": sum(finding.severity == "warning" for finding in findings),
        "recommended_vcpu": f"{result['recommendedSize']['cpu'] / 1024:g}"
        if result and result["recommendedSize"]
        else None,
        "checked_json": form.checked_json() if result else None,
        "size_table": FARGATE_SIZES,
    }
    return _respond(request, "sims/fargate.html", "result", context, context["problems"])


@require_http_methods(["GET", "POST"])
def capacity(request):
    context = _form_page(request, "capacity", CapacityForm)
    # The add and remove buttons target the whole form; typing only refreshes the result.
    partial = (
        "workspace" if request.htmx and request.htmx.target == "capacity-workspace" else "result"
    )
    return _respond(request, "sims/capacity.html", partial, context, context["problems"])


@require_http_methods(["GET", "POST"])
def rolling(request):
    context = _form_page(request, "rolling", RollingForm)
    result = context["result"]
    context["timeline"] = rolling_timeline(result) if result else None
    return _respond(request, "sims/rolling.html", "result", context, context["problems"])


@require_http_methods(["GET", "POST"])
def placement(request):
    if request.method == "POST":
        asked = posted_scenario(request.POST)
        task = request.POST.get("task", "")
    else:
        asked = requested_scenario(request.GET)
        task = request.GET.get("task", "")
    result = None
    if asked.runnable:
        try:
            result = registry.run("placement", asked.scenario)
        except InvalidInput as invalid:
            asked.problems += describe_problems(invalid.problems)
    link = encode_scenario(asked.scenario)
    preset = request.GET.get("preset") or ("" if request.GET.get("s") else DEFAULT_PRESET)
    context = {
        "editor": editor_fields(asked.scenario, asked.edit),
        "focus_result": request.method == "POST"
        and (asked.edit is None or asked.edit.focus_result),
        "saved_scenario": json.dumps(asked.scenario, separators=(",", ":")),
        "document_text": asked.typed_text
        if asked.typed_text is not None
        else json.dumps(asked.scenario, indent=2),
        "share_url": link and f"{reverse('sims:placement')}?s={link}",
        "download_url": link and f"{reverse('sims:placement_download')}?s={link}",
        "presets": preset_choices(),
        "preset": preset,
        "problems": asked.problems,
        "invalid_fields": {problem.field_id for problem in asked.problems},
        "result": result,
        "cluster": cluster_view(asked.scenario, result) if result else None,
        "explained": chosen_task(result, number(task)) if result else None,
        "scenario_questions": _listing(
            request,
            "placement",
            asked.scenario,
            preset=None if request.method == "POST" or request.GET.get("s") else preset,
        ),
    }
    if request.htmx:
        response = render(request, "sims/placement.html#swap", context)
        if context["share_url"]:
            response["HX-Push-Url"] = context["share_url"]
        return response
    status = 400 if asked.problems and asked.status == 200 else asked.status
    return render(request, "sims/placement.html", context, status=status)


@require_GET
def placement_download(request):
    """The scenario of a shared link or a preset as a JSON file, to keep or to run elsewhere."""
    asked = requested_scenario(request.GET)
    if not asked.runnable:
        errors = [
            {"path": problem.path or "", "message": problem.message} for problem in asked.problems
        ]
        return JsonResponse({"errors": errors}, status=asked.status)
    if request.GET.get("s"):
        filename = "placement-scenario.json"
    else:
        filename = f"{request.GET.get('preset') or DEFAULT_PRESET}.json"
    response = JsonResponse(asked.scenario, safe=False, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def bluegreen(request):
    """
    The form, or a document opened by `?preset=NAME` (content/scenarios/bluegreen/) or by a
    `?s=` share link (sharing.py): the document runs as it is and fills the form.
    """
    opened, problems = None, []
    if request.method == "POST":
        form = BlueGreenForm(request.POST)
    elif request.GET.get("preset") or request.GET.get("s"):
        opened, problems = _opened_document(request.GET)
        form = BlueGreenForm(BlueGreenForm.data_for(opened))
    else:
        form = BlueGreenForm()
    result = None
    if not problems:
        document = form.document() if opened is None else opened
        try:
            result = registry.run("bluegreen", document)
        except InvalidInput as invalid:
            problems = form.describe(invalid.problems)
        link = encode_scenario(document)
    else:
        link = None
    context = {
        "form": form,
        "result": result,
        "problems": problems,
        "presets": preset_choices("bluegreen"),
        "preset": request.GET.get("preset", ""),
        "share_url": link and f"{reverse('sims:bluegreen')}?s={link}",
        "intro": opened if isinstance(opened, dict) else None,
        "code_deploy_hooks": form.hook_fields("CODE_DEPLOY"),
        "ecs_hooks": form.hook_fields("ECS"),
        "scenario_questions": _listing(
            request,
            "bluegreen",
            document if result else None,
            preset=request.GET.get("preset") if request.method == "GET" else None,
        ),
    }
    return _respond(request, "sims/bluegreen.html", "result", context, problems)


def _opened_document(query):
    """The document a preset name or a share link holds, or the problems reading it."""
    try:
        if query.get("s"):
            return decode_scenario(query["s"]), []
        return load_preset(query["preset"], "bluegreen"), []
    except UnknownPreset:
        message = f"There is no preset '{query['preset'][:100]}'; choose one from the list."
        return None, [ShownProblem(None, message)]
    except InvalidInput as invalid:
        return None, [ShownProblem(problem.path, problem.message) for problem in invalid.problems]
