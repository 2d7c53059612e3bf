"""The simulator pages: forms in, the engines' results out, as whole pages and as htmx fragments."""

import base64
import html
import json
import re
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from studyapp.sims import registry
from studyapp.sims.forms import sample_task_definition
from studyapp.sims.presets import preset_names
from studyapp.sims.sharing import MAX_LINK_LENGTH, decode_scenario, encode_scenario

HTMX = {"HX-Request": "true"}
PAYLOAD = "<script>alert('xss')</script>"
PRESETS = (
    "spread-az", "binpack-memory", "spread-az-binpack-memory", "distinct-instance",
    "memberof-instance-type", "bridge-port-conflict", "awsvpc-eni-exhaustion", "unplaceable-task",
)  # fmt: skip

FARGATE = reverse("sims:fargate")
CAPACITY = reverse("sims:capacity")
ROLLING = reverse("sims:rolling")
PLACEMENT = reverse("sims:placement")
DOWNLOAD = reverse("sims:placement_download")


def text_of(response):
    """The visible text of a response, tags stripped and entities decoded."""
    page = re.sub(r"<(script|textarea)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def is_whole_page(response):
    return "<html" in response.content.decode()


SAMPLE_TASK_DEFINITION = sample_task_definition()


def fargate_form(task_definition=SAMPLE_TASK_DEFINITION, **fields):
    return {
        "cpu": "",
        "memory": "",
        "platform": "",
        "desired_count": "2",
        "spot_discount": "70",
        "task_definition": task_definition,
        **fields,
    }


def capacity_form(rows=(("FARGATE", "2", "1"), ("FARGATE_SPOT", "", "3")), **fields):
    """The capacity page's post: the strategy rows as a formset, then the other fields."""
    form = {"providers-TOTAL_FORMS": str(len(rows)), "providers-INITIAL_FORMS": "0"}
    for index, (provider, base, weight) in enumerate(rows):
        form[f"providers-{index}-provider"] = provider
        form[f"providers-{index}-base"] = base
        form[f"providers-{index}-weight"] = weight
    return {
        **form,
        "desired_count": "10",
        "cpu": "1024",
        "memory": "2048",
        "cpu_architecture": "X86_64",
        "spot_discount": "70",
        **fields,
    }


def rolling_form(**fields):
    return {
        "desired_count": "4",
        "minimum_healthy_percent": "50",
        "maximum_percent": "200",
        "start_seconds": "",
        "healthy_seconds": "",
        "stop_seconds": "",
        "failing_new_tasks": "0",
        **fields,
    }


def preset(name):
    path = settings.BASE_DIR / "content" / "scenarios" / f"{name}.json"
    return json.loads(path.read_text())


def placement_form(scenario, **fields):
    """The editor form as the page would post it for `scenario`, unchanged."""
    task = scenario["taskDefinition"]
    strategies = scenario.get("placementStrategy", [])
    constraints = scenario.get("placementConstraints", [])
    return {
        "scenario": json.dumps(scenario),
        "count": str(scenario.get("count", "")),
        "group": scenario.get("group", ""),
        "seed": "",
        "stop_count": "",
        "task_cpu": task.get("cpu", ""),
        "task_memory": task.get("memory", ""),
        "network_mode": task.get("networkMode", "bridge"),
        "strategy_type": [item["type"] for item in strategies],
        "strategy_field": [item.get("field", "") for item in strategies],
        "constraint_type": [item["type"] for item in constraints],
        "constraint_expression": [item.get("expression", "") for item in constraints],
        "add_type": "t3.large",
        "add_zone": "us-east-1a",
        "add_count": "1",
        **fields,
    }


def shared_scenario(response):
    """The scenario carried by the page's "Link to this scenario"."""
    link = re.search(r'href="(/sims/placement/\?s=[^"]+)"', response.content.decode()).group(1)
    return decode_scenario(parse_qs(urlsplit(html.unescape(link)).query)["s"][0])


# Every page


@pytest.mark.parametrize("url", [reverse("sims:index"), FARGATE, CAPACITY, ROLLING, PLACEMENT])
def test_every_simulator_page_loads_and_is_marked_in_the_navigation(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert re.search(
        r'<a href="/sims/" aria-current="page">Simulators</a>', response.content.decode()
    )


def test_the_index_links_every_simulator(client):
    page = client.get(reverse("sims:index")).content.decode()
    for url in (FARGATE, CAPACITY, ROLLING, PLACEMENT):
        assert f'href="{url}"' in page


def test_other_pages_do_not_mark_simulators_current(client):
    page = client.get(reverse("login")).content.decode()
    assert '<a href="/sims/">Simulators</a>' in page


# Fargate


def test_the_fargate_sample_is_the_topic_pages_task_definition():
    topic = (settings.BASE_DIR / "content" / "topics" / "task-definitions.md").read_text()
    block = re.search(r"## The example task definition.*?```json\n(.*?)```", topic, re.S).group(1)
    assert json.loads(SAMPLE_TASK_DEFINITION) == json.loads(block)


def test_fargate_page_shows_the_sample_its_cost_and_the_size_table(client):
    page = text_of(client.get(FARGATE))
    assert "Valid for Fargate: 0 errors, 0 warnings." in page
    assert "256 CPU units (0.25 vCPU) and 512 MiB" in page
    assert "Graviton (ARM64) Spot (70 % off)" in page
    assert "1024-4096 MiB (1-4 GB) in 1 GB steps" in page


def test_fargate_256_with_4096_is_refused_at_the_memory_path(client):
    task = json.dumps(
        {
            "family": "web",
            "networkMode": "awsvpc",
            "cpu": "256",
            "memory": "4096",
            "requiresCompatibilities": ["FARGATE"],
            "containerDefinitions": [{"name": "app", "image": "nginx"}],
        }
    )
    response = client.post(FARGATE, fargate_form(task))
    page = response.content.decode()
    assert response.status_code == 200
    assert is_whole_page(response)
    assert "ECS would refuse this task definition: 1 error" in text_of(response)
    assert re.search(r"<code>memory</code>.*?With cpu 256, Fargate memory must be", page, re.S)


def test_fargate_size_fields_override_the_json_and_point_at_the_field(client):
    response = client.post(FARGATE, fargate_form(cpu="256", memory="4 GB"), headers=HTMX)
    page = response.content.decode()
    assert not is_whole_page(response)
    assert page.lstrip().startswith('<section id="fargate-result"')
    assert re.search(r'<code>memory</code><br><a href="#id_memory">Task memory</a>', page)


def test_fargate_keeps_the_envelope_path_for_describe_task_definition_output(client):
    described = json.dumps({"taskDefinition": {"family": "web", "containerDefinitions": []}})
    response = client.post(FARGATE, fargate_form(described), headers=HTMX)
    assert "<code>taskDefinition.networkMode</code>" in response.content.decode()


def test_fargate_bad_json_is_a_400_page_or_a_200_fragment_with_the_error(client):
    full = client.post(FARGATE, fargate_form('{"family": }', desired_count="2000"))
    assert full.status_code == 400
    assert is_whole_page(full)
    assert "not valid JSON: Expecting value (line 1, column 12)" in text_of(full)
    fragment = client.post(FARGATE, fargate_form("[1, 2]", spot_discount="90"), headers=HTMX)
    page = fragment.content.decode()
    assert fragment.status_code == 200
    assert not is_whole_page(fragment)
    assert 'href="#id_task_definition"' in page
    assert "<code>spotDiscount</code>" in page
    assert 'href="#id_spot_discount"' in page


# Capacity


def test_capacity_page_shows_the_documented_split_rule_and_running_split(client):
    response = client.get(CAPACITY)
    page = text_of(response)
    assert "10 tasks: 4 on FARGATE , 6 on FARGATE_SPOT ." in page
    assert (
        registry.run(
            "capacity",
            {"capacityProviderStrategy": [{"capacityProvider": "FARGATE"}], "desiredCount": 1},
        )["rule"]
        in page
    )
    assert "3 FARGATE_SPOT weight 2 1" in page
    assert "the mix saves $151.37" in page


def test_capacity_rows_are_added_and_removed_without_javascript(client):
    added = client.post(CAPACITY, capacity_form(action="add-provider"))
    page = added.content.decode()
    assert is_whole_page(added)
    assert len(re.findall(r'<input[^>]*name="providers-\d+-provider"', page)) == 3
    assert re.search(r'name="providers-2-provider"[^>]*autofocus', page)
    assert "4 on FARGATE" in text_of(added)
    removed = client.post(CAPACITY, capacity_form(**{"remove-provider": "0"}))
    page = removed.content.decode()
    assert len(re.findall(r'<input[^>]*name="providers-\d+-provider"', page)) == 1
    assert re.search(r'id="add-provider"[^>]*autofocus', page)
    assert "10 on FARGATE_SPOT" in text_of(removed)


def test_capacity_htmx_returns_the_whole_form_for_rows_and_the_result_for_typing(client):
    rows = client.post(
        CAPACITY,
        capacity_form(action="add-provider"),
        headers={**HTMX, "HX-Target": "capacity-workspace"},
    )
    assert rows.content.decode().lstrip().startswith('<div id="capacity-workspace"')
    assert not is_whole_page(rows)
    typing = client.post(
        CAPACITY, capacity_form(desired_count="4"), headers={**HTMX, "HX-Target": "capacity-result"}
    )
    page = typing.content.decode()
    assert page.lstrip().startswith('<section id="capacity-result"')
    assert '-provider"' not in page
    assert "4 tasks: 2 on FARGATE , 2 on FARGATE_SPOT ." in text_of(typing)


def test_capacity_errors_point_at_the_row_that_holds_them(client):
    form = capacity_form(rows=(("FARGATE", "2", "1"), ("", "", ""), ("FARGATE_SPOT", "", "x")))
    response = client.post(CAPACITY, form)
    page = response.content.decode()
    assert response.status_code == 400
    # The blank middle row is skipped: the strategy's item 1 is the form's row 2.
    assert "<code>capacityProviderStrategy[1].weight</code>" in page
    assert 'href="#id_providers-2-weight">Go to Provider 3, weight' in page
    assert re.search(r'<input[^>]*name="providers-2-weight"[^>]*aria-invalid="true"', page)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"providers-TOTAL_FORMS": "21"}, "at most 20 provider rows can be simulated"),
        ({"providers-TOTAL_FORMS": None}, "the provider rows came without their count"),
    ],
)
def test_capacity_rows_that_cannot_be_read_are_refused_not_dropped(client, change, message):
    rows = [(f"P{index}", "", "1") for index in range(21)]
    form = {key: value for key, value in (capacity_form(rows=rows) | change).items() if value}
    response = client.post(CAPACITY, form)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "<code>capacityProviderStrategy</code>" in page


@pytest.mark.parametrize("typed", ["1_000", "\u0661\u0662"])
def test_a_number_field_reads_numbers_as_json_does(client, typed):
    response = client.post(CAPACITY, capacity_form(desired_count=typed))
    assert response.status_code == 400
    assert re.search(
        r'<input[^>]*name="desired_count"[^>]*aria-invalid="true"', response.content.decode()
    )


# Rolling update


def test_fargate_prices_a_run_of_a_given_length(client):
    page = text_of(client.post(FARGATE, fargate_form(run_length="20", run_unit="seconds")))
    assert "A run of 20 seconds is billed as 60 seconds" in page
    assert "minimum of 60 seconds" in page
    assert "Cost in USD of one run of 2 tasks" in page
    hours = text_of(client.post(FARGATE, fargate_form(run_length="2", run_unit="hours")))
    assert "A run of 7,200 seconds is billed as 7,200 seconds" in hours
    bad = client.post(FARGATE, fargate_form(run_length="0", run_unit="minutes"))
    assert bad.status_code == 400
    assert "runSeconds" in bad.content.decode()


def test_rolling_desired_3_with_100_and_125_is_stuck(client):
    response = client.post(
        ROLLING,
        rolling_form(desired_count="3", minimum_healthy_percent="100", maximum_percent="125"),
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "STUCK service web was unable to stop or start tasks during a deployment" in page
    assert "3 healthy tasks: ceil(3 \N{MULTIPLICATION SIGN} 100 %)" in page
    assert "3 tasks in all: floor(3 \N{MULTIPLICATION SIGN} 125 %)" in page


def test_rolling_draws_a_labelled_svg_timeline_and_a_step_table(client):
    response = client.post(ROLLING, rolling_form(), headers=HTMX)
    page = response.content.decode()
    assert not is_whole_page(response)
    assert re.search(r'<svg class="sim-timeline"[^>]*role="img"', page)
    assert '<title id="rolling-svg-title">' in page
    assert page.count('class="sim-series--new-healthy"') == 3
    assert "All 4 tasks run the new revision." in page
    assert "STOP 2 old" in text_of(response)


def test_rolling_circuit_breaker_rolls_back_failing_tasks(client):
    form = rolling_form(all_fail="on", circuit_breaker="on", rollback="on")
    page = text_of(client.post(ROLLING, form))
    assert "ROLLED_BACK" in page
    assert (
        "threshold 3 failed tasks (BOUNDED_PERCENT 50), rolls back; 4 counted, tripped at 30 s"
        in page
    )


def test_rolling_threshold_configuration_from_the_form(client):
    form = rolling_form(
        all_fail="on", circuit_breaker="on", threshold_type="COUNT", threshold_value="2"
    )
    page = text_of(client.post(ROLLING, form))
    assert "FAILED" in page
    assert "threshold 2 failed tasks (COUNT 2)" in page
    bad = client.post(ROLLING, rolling_form(circuit_breaker="on", threshold_value="0"))
    assert bad.status_code == 400
    assert "thresholdConfiguration.value" in bad.content.decode()


def test_rolling_bad_values_name_their_paths(client):
    full = client.post(ROLLING, rolling_form(maximum_percent="1e999", start_seconds="soon"))
    page = full.content.decode()
    assert full.status_code == 400
    assert "<code>deploymentConfiguration.maximumPercent</code>" in page
    assert 'href="#id_maximum_percent"' in page
    assert "<code>timing.startSeconds</code>" in page
    fragment = client.post(ROLLING, rolling_form(desired_count="0"), headers=HTMX)
    assert fragment.status_code == 200
    assert "<code>desiredCount</code>" in fragment.content.decode()


# Task placement


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads(client, name):
    response = client.get(PLACEMENT, {"preset": name})
    page = text_of(response)
    assert response.status_code == 200
    assert preset(name)["title"] in page
    assert "Placed " in page
    assert f'<option value="{name}" selected>' in response.content.decode()


def test_the_preset_menu_lists_exactly_the_scenario_files():
    assert set(preset_names()) == {
        path.stem for path in (settings.CONTENT_DIR / "scenarios").glob("*.json")
    }
    assert set(PRESETS) <= set(preset_names())


def test_placement_page_draws_zones_instances_failures_and_the_reason(client):
    response = client.get(PLACEMENT, {"preset": "bridge-port-conflict"})
    page = response.content.decode()
    assert "Placed 2 of 3 tasks of service:web ; 1 could not be placed." in text_of(response)
    assert page.count('<li class="sim-instance') == 3
    assert '<meter min="0" max="2048" value="256" low="2047" high="2047" optimum="0">' in page
    assert "CPU 256 of 2048 used" in text_of(response)
    assert "<code>RESOURCE:PORTS</code>" in page
    assert "Why task 3 was not placed" in text_of(response)
    assert re.search(r'class="sim-chip sim-chip--g1 sim-chip--existing">.*?service:legacy', page)


def test_placement_explains_the_chosen_task(client):
    response = client.get(PLACEMENT, {"preset": "spread-az", "task": "4"})
    assert "Why task 4 went to i-0a1" in text_of(response)
    assert 'id="id_task" name="task" form="placement-form" value="4"' in response.content.decode()


def test_an_unknown_preset_is_a_404_that_lists_the_presets(client):
    response = client.get(PLACEMENT, {"preset": "../../settings"})
    assert response.status_code == 404
    assert "There is no preset named '../../settings'; the presets are " in text_of(response)


def test_the_shared_link_round_trips_the_scenario(client):
    scenario = shared_scenario(client.get(PLACEMENT, {"preset": "distinct-instance"}))
    assert scenario == preset("distinct-instance")
    shared = client.get(PLACEMENT, {"s": encode_scenario(scenario)})
    assert shared.status_code == 200
    assert shared_scenario(shared) == scenario
    assert "DistinctInstance placement constraint unsatisfied." in text_of(shared)


def test_a_damaged_link_is_a_400_that_says_so(client):
    link = encode_scenario(preset("spread-az"))
    for damaged, reason in (
        (link[:-10], "was the link cut short?"),
        ("not*base64", "it is not base64url text"),
        ("A" * (MAX_LINK_LENGTH + 1), "it is longer than"),
    ):
        response = client.get(PLACEMENT, {"s": damaged})
        assert response.status_code == 400
        assert "The scenario in this link (?s=) cannot be read" in text_of(response)
        assert reason in text_of(response)


def test_a_link_cannot_inflate_into_a_huge_scenario(client):
    bomb = encode_scenario({"teaches": "x" * 2_000_000})
    response = client.get(PLACEMENT, {"s": bomb})
    assert response.status_code == 400
    assert "larger than 256 KB" in text_of(response)


def test_the_download_is_the_scenario_as_a_json_attachment(client):
    response = client.get(DOWNLOAD, {"preset": "binpack-memory"})
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="binpack-memory.json"'
    assert json.loads(response.content) == preset("binpack-memory")
    shared = client.get(DOWNLOAD, {"s": encode_scenario(preset("spread-az"))})
    assert shared["Content-Disposition"] == 'attachment; filename="placement-scenario.json"'
    assert json.loads(shared.content) == preset("spread-az")
    broken = client.get(DOWNLOAD, {"s": "%%%"})
    assert broken.status_code == 400
    assert "cannot be read" in broken.json()["errors"][0]["message"]


def test_adding_and_removing_instances_edits_the_scenario(client):
    scenario = preset("spread-az")
    added = client.post(
        PLACEMENT,
        placement_form(
            scenario,
            action="add-instances",
            add_type="m5.xlarge",
            add_zone="us-east-1b",
            add_count="2",
        ),
    )
    after = shared_scenario(added)
    new = after["containerInstances"][-2:]
    assert [item["ec2InstanceId"] for item in new] == ["i-0b3", "i-0b4"]
    assert new[0]["registeredResources"][1] == {"name": "MEMORY", "integerValue": 15680}
    assert "Cluster: 8 container instances" in text_of(added)
    removed = client.post(PLACEMENT, placement_form(after, **{"remove-instance": "i-0a1"}))
    ids = [item["ec2InstanceId"] for item in shared_scenario(removed)["containerInstances"]]
    assert "i-0a1" not in ids
    assert len(ids) == 7


def test_bad_add_instance_fields_are_reported_and_change_nothing(client):
    scenario = preset("spread-az")
    form = placement_form(scenario, action="add-instances", add_type="x9.huge", add_count="500")
    response = client.post(PLACEMENT, form)
    assert response.status_code == 400
    assert 'href="#id_add_type"' in response.content.decode()
    assert "add 1-50 instances at a time" in text_of(response)
    assert shared_scenario(response) == scenario


def test_strategy_and_constraint_rows_edit_the_request(client):
    scenario = preset("spread-az")
    form = placement_form(
        scenario,
        strategy_type=["spread", "binpack"],
        strategy_field=["attribute:ecs.availability-zone", "memory"],
        constraint_type=["memberOf"],
        constraint_expression=["attribute:ecs.availability-zone != us-east-1c"],
        count="4",
    )
    response = client.post(PLACEMENT, form)
    after = shared_scenario(response)
    assert after["placementStrategy"][1] == {"type": "binpack", "field": "memory"}
    assert after["placementConstraints"] == [
        {"type": "memberOf", "expression": "attribute:ecs.availability-zone != us-east-1c"}
    ]
    assert after["count"] == 4
    assert "us-east-1c" not in {
        p["availabilityZone"] for p in registry.run("placement", after)["placements"]
    }
    assert "Placed 4 of 4 tasks" in text_of(response)


def test_adding_a_strategy_row_shows_a_blank_focused_row(client):
    response = client.post(PLACEMENT, placement_form(preset("spread-az"), action="add-strategy"))
    page = response.content.decode()
    assert re.search(r'id="strategy-1-type" name="strategy_type" autofocus', page)
    assert shared_scenario(response) == preset("spread-az")


def test_removing_a_strategy_row(client):
    scenario = preset("spread-az-binpack-memory")
    response = client.post(PLACEMENT, placement_form(scenario, **{"remove-strategy": "0"}))
    assert shared_scenario(response)["placementStrategy"] == [
        {"type": "binpack", "field": "memory"}
    ]


def test_placement_htmx_swaps_the_result_and_pushes_the_shared_url(client):
    response = client.post(PLACEMENT, placement_form(preset("spread-az"), count="3"), headers=HTMX)
    page = response.content.decode()
    assert not is_whole_page(response)
    assert page.lstrip().startswith('<section id="placement-result"')
    assert '<h2 id="placement-result-heading" tabindex="-1" autofocus>' in page
    # The rest of the workspace comes out of band: the editor, the problems, the JSON.
    for part in ('<div id="placement-intro"', '<form id="placement-form"', 'id="placement-json"'):
        assert re.search(part + r'[^>]*hx-swap-oob="true"', page)
    assert response["HX-Push-Url"].startswith("/sims/placement/?s=")
    pushed = parse_qs(urlsplit(response["HX-Push-Url"]).query)["s"][0]
    assert decode_scenario(pushed)["count"] == 3


def test_placement_full_post_is_the_whole_page(client):
    response = client.post(PLACEMENT, placement_form(preset("spread-az")))
    assert response.status_code == 200
    assert is_whole_page(response)


@pytest.mark.parametrize(
    "action",
    [
        {"action": "run"},
        {"action": "add-instances"},
        {"remove-instance": "i-0a-big"},
        {"remove-strategy": "0"},
        {"action": "run-json", "document": json.dumps(preset("binpack-memory"))},
    ],
)
def test_after_every_action_the_result_takes_focus_so_it_is_in_view(client, action):
    scenario = preset("spread-az-binpack-memory")
    page = client.post(PLACEMENT, placement_form(scenario, **action)).content.decode()
    assert '<h2 id="placement-result-heading" tabindex="-1" autofocus>' in page
    assert page.count(" autofocus") == 1
    assert "hx-swap-oob" not in page


def test_a_new_strategy_row_takes_focus_rather_than_the_result(client):
    form = placement_form(preset("spread-az"), action="add-strategy")
    page = client.post(PLACEMENT, form).content.decode()
    assert 'id="placement-result-heading" tabindex="-1">' in page
    assert page.count(" autofocus") == 1


def test_a_first_visit_focuses_nothing(client):
    assert " autofocus" not in client.get(PLACEMENT).content.decode()


def test_engine_errors_point_at_the_editor_fields(client):
    form = placement_form(
        preset("spread-az"), strategy_type=["binpack"], strategy_field=["disk"], count="many"
    )
    full = client.post(PLACEMENT, form)
    page = full.content.decode()
    assert full.status_code == 400
    assert "<code>placementStrategy[0].field</code>: binpack takes cpu or memory" in page
    assert 'href="#strategy-0-field"' in page
    assert re.search(r'id="id_count"[^>]*aria-invalid="true"', page)
    fragment = client.post(PLACEMENT, form, headers=HTMX)
    assert fragment.status_code == 200
    assert "binpack takes cpu or memory" in fragment.content.decode()


def test_the_raw_json_editor_runs_pasted_json(client):
    scenario = preset("unplaceable-task")
    response = client.post(
        PLACEMENT,
        {
            "scenario": json.dumps(preset("spread-az")),
            "action": "run-json",
            "document": json.dumps(scenario),
        },
    )
    assert response.status_code == 200
    assert "RESOURCE:MEMORY" in text_of(response)
    assert shared_scenario(response) == scenario


def test_unreadable_raw_json_is_kept_as_typed_with_the_error(client):
    typed = '{"containerInstances": [,]}'
    response = client.post(
        PLACEMENT,
        {"scenario": json.dumps(preset("spread-az")), "action": "run-json", "document": typed},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "not valid JSON" in text_of(response)
    assert f">{escape(typed)}</textarea>" in page
    assert 'href="#id_document"' in page
    # The editor still shows the last scenario that could be read.
    assert shared_scenario(response) == preset("spread-az")


@pytest.mark.parametrize(
    "document",
    ["[" * 100 + "]" * 100, '{"count": 1e999}', "[]", '{"containerInstances": "many"}'],
)
def test_hostile_raw_json_is_an_error_never_a_crash(client, document):
    response = client.post(PLACEMENT, {"action": "run-json", "document": document})
    assert response.status_code == 400
    assert 'class="alert alert--error sim-problems"' in response.content.decode()


def with_lone_surrogate(document):
    """The document's JSON with a lone surrogate in the first instance's id, as JSON spells it."""
    document = json.loads(json.dumps(document))
    document["containerInstances"][0]["ec2InstanceId"] = "i-\ud800"
    return json.dumps(document)


def test_a_lone_surrogate_in_pasted_json_is_an_error_at_its_path(client):
    document = with_lone_surrogate(preset("spread-az"))
    response = client.post(PLACEMENT, {"action": "run-json", "document": document})
    assert response.status_code == 400
    assert "containerInstances[0].ec2InstanceId : a string or key holds a lone" in text_of(response)
    saved = client.post(PLACEMENT, {**placement_form(preset("spread-az")), "scenario": document})
    assert saved.status_code == 400
    assert "The page's saved scenario was lost" in text_of(saved)


def test_a_lone_surrogate_in_a_shared_link_is_a_400(client):
    link = base64.urlsafe_b64encode(
        zlib.compress(with_lone_surrogate(preset("spread-az")).encode())
    ).decode()
    for url in (PLACEMENT, DOWNLOAD):
        response = client.get(url, {"s": link.rstrip("=")})
        assert response.status_code == 400
        assert "lone UTF-16 surrogate" in response.content.decode()


def test_a_lone_surrogate_in_the_fargate_task_definition_is_an_error(client):
    pasted = SAMPLE_TASK_DEFINITION.replace('"name": "app"', '"name": "app\\udfff"')
    assert pasted != SAMPLE_TASK_DEFINITION
    response = client.post(FARGATE, fargate_form(task_definition=pasted))
    assert response.status_code == 400
    assert "lone UTF-16 surrogate" in text_of(response)


def test_a_tampered_hidden_scenario_is_reported(client):
    form = {**placement_form(preset("spread-az")), "scenario": "{not json"}
    response = client.post(PLACEMENT, form)
    assert response.status_code == 400
    assert "The page's saved scenario was lost" in text_of(response)


# Learner-provided text is escaped


def assert_escaped(response):
    page = response.content.decode()
    assert PAYLOAD not in page
    assert "<script>alert(" not in page
    assert html.escape(PAYLOAD, quote=False) in page or html.escape(PAYLOAD) in page


def test_fargate_escapes_container_names(client):
    task = json.dumps(
        {
            "family": "web",
            "networkMode": "awsvpc",
            "cpu": "256",
            "memory": "512",
            "containerDefinitions": [
                {
                    "name": PAYLOAD,
                    "image": "x",
                    "essential": True,
                    "dependsOn": [{"containerName": PAYLOAD + "2", "condition": "START"}],
                }
            ],
        }
    )
    response = client.post(FARGATE, fargate_form(task, cpu=PAYLOAD))
    assert_escaped(response)
    findings = "".join(re.findall(r"<td>(.*?)</td>", response.content.decode()))
    assert html.escape(PAYLOAD) in findings  # the dependsOn finding names the container


def test_capacity_escapes_provider_names(client):
    response = client.post(CAPACITY, capacity_form(rows=((PAYLOAD, "", "1"),), cpu="", memory=""))
    assert response.status_code == 200
    assert_escaped(response)
    assert f'<th scope="row">{html.escape(PAYLOAD)}</th>' in response.content.decode()


def test_placement_escapes_groups_attributes_and_expressions(client):
    scenario = preset("bridge-port-conflict")
    scenario["containerInstances"][0]["attributes"][0]["value"] = PAYLOAD
    scenario["containerInstances"][0]["runningTasks"][0]["group"] = PAYLOAD
    scenario["group"] = "service:" + PAYLOAD
    scenario["placementConstraints"] = [
        {"type": "memberOf", "expression": f'attribute:ecs.instance-type != "{PAYLOAD}"'}
    ]
    response = client.get(PLACEMENT, {"s": encode_scenario(scenario)})
    assert response.status_code == 200
    assert_escaped(response)
    page = response.content.decode()
    assert f'<h3 id="zone-1">{html.escape(PAYLOAD)}</h3>' in page
    broken = client.post(
        PLACEMENT,
        placement_form(scenario, constraint_type=["memberOf"], constraint_expression=[PAYLOAD]),
    )
    assert broken.status_code == 400
    assert_escaped(broken)


def test_meters_show_what_is_used_and_say_when_a_resource_is_exhausted(client):
    response = client.get(PLACEMENT, {"preset": "awsvpc-eni-exhaustion"})
    page = response.content.decode()
    exhausted = re.findall(
        r'<label class="sim-meter sim-meter--exhausted">ENIs (\d+) of (\d+)', page
    )
    assert exhausted
    assert all(used == registered for used, registered in exhausted)
    assert "used: none left" in text_of(response)
    assert re.search(
        r'<meter min="0" max="(\d+)" value="\1" low="\d+" high="\d+" optimum="0">', page
    )


def test_the_engines_problems_become_errors_on_their_fields(client):
    page = client.post(ROLLING, rolling_form(desired_count="0")).content.decode()
    assert re.search(
        r'<input[^>]*name="desired_count"[^>]*aria-invalid="true"'
        r'[^>]*aria-describedby="id_desired_count_error"',
        page,
    )
    assert re.search(
        r'id="id_desired_count_error"><p>must be a whole number from 1 to 1,000</p>', page
    )
    page = client.post(FARGATE, fargate_form("[1, 2]", spot_discount="90")).content.decode()
    assert re.search(r'<textarea[^>]*name="task_definition"[^>]*aria-invalid="true"', page)
    assert re.search(r'<input[^>]*name="spot_discount"[^>]*aria-invalid="true"', page)
