"""Importing a pack's scenarios: checked by the simulators, stored, exported back unchanged."""

import hashlib
import json
import re
import textwrap

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from studyapp.questions import scenarios, uploads
from studyapp.questions.exporting import stored_pack
from studyapp.questions.importing import parse_file
from studyapp.questions.models import Question
from studyapp.questions.packs import Scenario, export_pack
from studyapp.questions.packs.scenario import document_digest
from tests.questions.test_importing import run_import

pytestmark = pytest.mark.django_db

PACK = """\
---
pack: tried
title: Tried
---

## preset
scenario: placement/distinct-instance

Where do the tasks go?

- [x] One per instance
- [ ] All on one

## inline
scenario: rolling {"desiredCount": 3, "deploymentConfiguration": {"maximumPercent": 125}}

What happens?

- [x] It cannot progress
- [ ] It completes

## section

How are the tasks split?

- [x] 2 and 1
- [ ] 3 and 0

### Scenario: capacity

```json
{
  "capacityProviderStrategy": [
    {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
    {"capacityProvider": "FARGATE_SPOT", "weight": 1}
  ],
  "desiredCount": 3
}
```

## plain

No scenario here.

- [x] Right
- [ ] Wrong
"""


def errors_in(text):
    _, errors, _ = parse_file("bad.md", text.encode())
    return [str(error) for error in errors]


def test_import_stores_each_form_of_scenario(tmp_path):
    (tmp_path / "tried.md").write_text(PACK)
    run_import([tmp_path / "tried.md"])
    stored = {question.qid: question for question in Question.objects.all()}
    assert stored["preset"].scenario == Scenario("placement", preset="distinct-instance")
    assert stored["inline"].scenario.document["deploymentConfiguration"]["maximumPercent"] == 125
    assert stored["section"].scenario_simulator == "capacity"
    assert stored["section"].scenario_digest == document_digest(stored["section"].scenario.document)
    assert stored["plain"].scenario is None
    assert stored["plain"].scenario_simulator == stored["plain"].scenario_digest == ""


def test_a_reimport_with_a_changed_scenario_updates_the_question(tmp_path):
    (tmp_path / "tried.md").write_text(PACK)
    run_import([tmp_path / "tried.md"])
    (tmp_path / "tried.md").write_text(PACK.replace('"desiredCount": 3\n}', '"desiredCount": 5\n}'))
    [summary] = run_import([tmp_path / "tried.md"])
    assert (summary.changed, summary.unchanged) == (1, 3)
    assert Question.objects.get(qid="section").scenario.document["desiredCount"] == 5


def test_export_writes_the_scenarios_back_and_imports_unchanged(tmp_path):
    (tmp_path / "tried.md").write_text(PACK)
    run_import([tmp_path / "tried.md"])
    exported = export_pack(stored_pack("tried"))
    assert "## preset\nscenario: placement/distinct-instance\n" in exported
    assert '### Scenario: rolling\n\n```json\n{\n  "desiredCount": 3,' in exported
    (tmp_path / "tried.md").write_text(exported)
    [summary] = run_import([tmp_path / "tried.md"])
    assert (summary.changed, summary.unchanged) == (0, 4)


def test_the_command_refuses_a_pack_whose_scenario_the_simulator_refuses(tmp_path, capsys):
    (tmp_path / "tried.md").write_text(
        PACK.replace('"maximumPercent": 125', '"maximumPercent": 50')
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("importpack", str(tmp_path / "tried.md"))
    assert "tried.md:15: question 'inline': scenario: deploymentConfiguration.maximumPercent" in (
        capsys.readouterr().err
    )
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("scenario: nosuch/x", "scenario: there is no simulator 'nosuch'; the simulators are"),
        ("scenario: rolling/x", "scenario: the rolling simulator has no presets"),
        (
            "scenario: bluegreen/nope",
            "scenario: there is no preset 'nope'; the presets are codedeploy",
        ),
        ("scenario: placement/nope", "scenario: there is no preset 'nope'; the presets are"),
        (
            'scenario: fargate {"taskDefinition": {}, "desiredCount": "2"}',
            "scenario: desiredCount: ",
        ),
        (
            'scenario: capacity {"desiredCount": 2, "capacityProviderStrategy": '
            '[{"capacityProvider": "FARGATE", "base": -1}]}',
            "scenario: capacityProviderStrategy[0].base: ",
        ),
    ],
)
def test_the_simulators_own_validators_judge_a_scenario(field, message):
    errors = errors_in(PACK.replace("scenario: placement/distinct-instance", field))
    assert len(errors) == 1
    assert errors[0].startswith(f"bad.md:7: question 'preset': {message}")


def test_a_document_too_large_for_a_link_is_refused():
    """The placement engine ignores `teaches`; hex digests hardly compress, so no link holds it."""
    document = json.loads((settings.BASE_DIR / "content/scenarios/spread-az.json").read_text())
    document["teaches"] = "".join(hashlib.sha256(str(n).encode()).hexdigest() for n in range(200))
    field = f"scenario: placement {json.dumps(document)}"
    (error,) = errors_in(PACK.replace("scenario: placement/distinct-instance", field))
    assert error == (
        "bad.md:7: question 'preset': scenario: the scenario is too large to open from a link; "
        "make it smaller"
    )


def test_gift_and_moodle_xml_imports_have_no_scenario():
    gift, errors, _ = parse_file("a.gift", b"::q:: Which? {=a ~b}")
    assert errors == []
    assert gift.questions[0].scenario is None


def test_a_question_links_its_scenario_through_the_simulators():
    assert scenarios.link(Scenario("placement", preset="spread-az")) == scenarios.TryIt(
        "/sims/placement/?preset=spread-az", "placement simulator"
    )
    rolling = scenarios.link(Scenario("rolling", document_json='{"desiredCount":2}'))
    assert rolling.url.startswith("/sims/rolling/?s=")
    assert rolling.simulator_title == "rolling update simulator"
    assert scenarios.link(Scenario("bluegreen", preset="ecs-bake-time")).url == (
        "/sims/bluegreen/?preset=ecs-bake-time"
    )
    assert scenarios.link(None) is None


def test_the_documented_scenario_examples_import():
    docs = (settings.BASE_DIR / "docs" / "pack-format.md").read_text()
    section = textwrap.dedent(docs.split("````markdown\n", 2)[2].split("  ````", 1)[0])
    one_line = re.search(r"`(scenario: rolling \{.*?\})`", docs)[1]
    text = PACK.replace("scenario: placement/distinct-instance", one_line).replace(
        PACK[PACK.index("### Scenario: capacity") : PACK.index("## plain")], section + "\n"
    )
    pack, errors, _ = parse_file("docs.md", text.encode())
    assert errors == []
    scenarios_by_id = {question.qid: question.scenario for question in pack.questions}
    assert scenarios_by_id["inline"].document["deploymentConfiguration"]["maximumPercent"] == 125
    assert scenarios_by_id["section"].document["desiredCount"] == 10


def test_running_the_scenarios_has_a_time_budget():
    """Past the budget the scenario where it ran out is an error, so the file is refused."""
    text = PACK.replace(
        "scenario: placement/distinct-instance", 'scenario: rolling {"desiredCount": 2}'
    )
    _, errors, _ = parse_file("bad.md", text.encode(), scenario_seconds=0)
    assert [str(error) for error in errors] == [
        "bad.md:7: question 'preset': scenario: running the pack's scenarios took more than 0 s "
        "in all and stopped here; split the pack, or import it with `manage.py importpack`"
    ]
    pack, errors, _ = parse_file("ok.md", text.encode(), scenario_seconds=5)
    assert errors == []
    assert len(pack.questions) == 4


def test_an_upload_runs_its_scenarios_within_the_upload_budget(monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_SCENARIO_SECONDS", 0)
    _, errors, _ = uploads._parse("up.md", PACK, "markdown")
    assert len(errors) == 1
    assert "took more than 0 s in all" in str(errors[0])
