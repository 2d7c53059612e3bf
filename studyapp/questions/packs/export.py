"""Writing a pack back out in the Markdown format, so that parse_pack reads it back unchanged."""

import json

import yaml

from .model import Pack


class _FrontMatterDumper(yaml.SafeDumper):
    """
    YAML quoting keeps values like "1.10" or "yes" as text. Beyond that, no value may span
    lines: a continuation line reading `---` would close the front matter early. So lines are
    never folded, and text with line breaks is written double-quoted, breaks as `\n`.
    """


def _represent_text(dumper, value):
    style = '"' if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FrontMatterDumper.add_representer(str, _represent_text)


def export_pack(pack: Pack) -> str:
    front_matter = {"pack": pack.slug, "title": pack.title}
    for key in ("version", "description", "author"):
        if value := getattr(pack, key):
            front_matter[key] = value
    header = yaml.dump(
        front_matter,
        Dumper=_FrontMatterDumper,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
    )
    sections = [f"---\n{header}---\n"]
    sections += [_question_markdown(question) for question in pack.questions]
    return "\n".join(sections)


def _question_markdown(question):
    lines = [f"## {question.qid}"]
    if question.topic:
        anchor = f"#{question.topic_anchor}" if question.topic_anchor else ""
        lines.append(f"topic: {question.topic}{anchor}")
    if question.domain is not None:
        lines.append(f"domain: {question.domain}")
    if question.tags:
        lines.append(f"tags: {', '.join(question.tags)}")
    if question.difficulty:
        lines.append(f"difficulty: {question.difficulty}")
    scenario = question.scenario
    if scenario is not None and scenario.preset is not None:
        lines.append(f"scenario: {scenario.simulator}/{scenario.preset}")
    lines += ["", question.stem, ""]
    for option in question.options:
        first, *rest = option.text.split("\n")
        lines.append(f"- [{'x' if option.correct else ' '}] {first}")
        lines += [f"  {line}" if line else "" for line in rest]
        if option.feedback:
            lines += [f"  > {line}" if line else "  >" for line in option.feedback.split("\n")]
    if question.explanation:
        lines += ["", "### Explanation", "", question.explanation]
    if scenario is not None and scenario.document_json is not None:
        document = json.dumps(scenario.document, indent=2, ensure_ascii=False)
        lines += ["", f"### Scenario: {scenario.simulator}", "", "```json", document, "```"]
    return "\n".join(lines) + "\n"
