"""Hypothesis strategies for packs that the Markdown format can hold."""

import dataclasses
import json

from hypothesis import strategies as st

from studyapp.questions.packs import Option, Pack, Question, Scenario
from studyapp.questions.packs.scenario import read_document

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
_line_start = st.characters(categories=["L", "N"])
_line_rest = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=30)
_plain_line = st.builds(lambda first, rest: first + rest, _line_start, _line_rest)
_indented_line = st.builds(lambda spaces, line: " " * spaces + line, st.integers(0, 6), _plain_line)

LOOKALIKES = [
    "## not-a-question",
    "- [x] not an option",
    "* [ ] not an option either",
    "### Explanation",
    "topic: nowhere",
    "  > not feedback",
]
_fence = st.builds(
    lambda fence, info, lines: "\n".join([fence + info, *lines, fence]),
    st.sampled_from(["```", "~~~", "````"]),
    st.sampled_from(["", "bash", "json"]),
    # A scenario heading inside a fence is code, not the question's scenario.
    st.lists(st.sampled_from([*LOOKALIKES, "### Scenario: rolling"]) | _plain_line, max_size=4),
)


def _text(first_lines, more_lines):
    return st.builds(
        lambda first, rest: "\n".join([first, *rest]).strip(),
        first_lines,
        st.lists(more_lines, max_size=5),
    )


stems = _text(_plain_line, _indented_line | _fence | st.just(""))
explanations = st.just("") | _text(
    _plain_line, _indented_line | _fence | st.just("") | st.sampled_from(LOOKALIKES[1:])
)
option_texts = _text(_plain_line, _indented_line | st.just(""))
feedbacks = st.just("") | _text(
    _plain_line, st.text(st.characters(codec="utf-8", exclude_characters="\n\r\x00"), max_size=20)
)
options = st.builds(Option, option_texts, st.booleans(), feedbacks)
option_lists = st.builds(
    lambda drawn, right: tuple(
        dataclasses.replace(option, correct=True) if index == right % len(drawn) else option
        for index, option in enumerate(drawn)
    ),
    st.lists(options, min_size=2, max_size=5),
    st.integers(0, 4),
)
"""At least one option is right, without a filter that would reject most draws."""
tags = st.from_regex(r"[a-z0-9][a-z0-9 _.-]{0,10}[a-z0-9]|[a-z0-9]", fullmatch=True)
anchors = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8"), max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(st.characters(codec="utf-8"), max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
simulator_names = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
scenarios = st.builds(
    lambda simulator, preset: Scenario(simulator, preset=preset),
    simulator_names,
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
) | st.builds(
    lambda simulator, document: read_document(simulator, json.dumps(document)),
    simulator_names,
    st.dictionaries(st.text(st.characters(codec="utf-8"), max_size=8), json_values, max_size=4),
)


@st.composite
def questions(draw):
    topic = draw(st.none() | slugs)
    return Question(
        qid=draw(slugs),
        line=0,
        topic=topic,
        topic_anchor=draw(st.none() | anchors) if topic else None,
        domain=draw(st.none() | st.integers(1, 4)),
        tags=tuple(draw(st.lists(tags, max_size=3))),
        difficulty=draw(st.none() | st.sampled_from(["easy", "medium", "hard"])),
        stem=draw(stems),
        options=draw(option_lists),
        explanation=draw(explanations),
        scenario=draw(st.none() | scenarios),
    )


_front_matter_text = _plain_line.map(str.strip)


@st.composite
def packs(draw):
    return Pack(
        slug=draw(slugs),
        title=draw(_front_matter_text),
        version=draw(st.none() | _front_matter_text | st.sampled_from(["1.10", "2", "yes", "~"])),
        description=draw(
            st.none() | _text(_plain_line, _plain_line | st.sampled_from(["", "---", "  ---"]))
        ),
        author=draw(st.none() | _front_matter_text),
        questions=tuple(
            draw(st.lists(questions(), min_size=1, max_size=4, unique_by=lambda q: q.qid))
        ),
        source="generated.md",
    )
