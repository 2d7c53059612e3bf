"""Hostile packs (issue 14): bounded sizes, bounded messages, linear id assignment."""

import pytest

from studyapp.questions.packs import model, parse_aiken, parse_gift, parse_pack
from studyapp.questions.packs.model import (
    MAX_ERRORS,
    MAX_EXPLANATION_LENGTH,
    MAX_FEEDBACK_LENGTH,
    MAX_OPTION_LENGTH,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MAX_STEM_LENGTH,
)

FRONT_MATTER = "---\npack: demo\ntitle: Demo\n---\n"
ALIAS_BOMB_PACK = (
    "---\npack: bomb\ntitle: Bomb\n"
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "pack: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "---\n## q\n\nStem\n\n- [x] a\n- [ ] b\n"
)


def markdown_question(qid="q", stem="Stem", options=("- [x] a", "- [ ] b"), explanation=""):
    text = f"## {qid}\n\n{stem}\n\n" + "\n".join(options) + "\n"
    return text + (f"\n### Explanation\n\n{explanation}\n" if explanation else "")


def markdown_errors(body):
    pack, errors = parse_pack(FRONT_MATTER + body, "demo.md")
    assert pack is None
    return [(error.line, error.message) for error in errors]


def test_an_alias_bomb_pack_is_refused_at_the_anchor_line():
    [(line, message)] = markdown_errors_of(ALIAS_BOMB_PACK)
    assert line == 4
    assert "anchors and aliases" in message


def markdown_errors_of(text):
    pack, errors = parse_pack(text, "bomb.md")
    assert pack is None
    return [(error.line, error.message) for error in errors]


@pytest.mark.parametrize(
    "front_matter",
    [
        "d: 2001-02-30",
        "n: " + "7" * 5000,
        "n: !!int abc",
        "n: !!python/name:os.system",
        'title: "\\ud800"',
    ],
)
def test_odd_yaml_scalars_are_errors_at_their_line(front_matter):
    text = f"---\npack: demo\ntitle: Demo\n{front_matter}\n---\n" + markdown_question()
    errors = markdown_errors_of(text)
    assert errors
    assert all(line == 4 for line, _ in errors)


@pytest.mark.parametrize(
    "body",
    [
        markdown_question(qid="Bad " * 5000),
        "## q\ndifficulty: " + "x" * 100_000 + "\n\nStem\n\n- [x] a\n- [ ] b\n",
        "## q\ntopic: " + "x" * 100_000 + "\n\nStem\n\n- [x] a\n- [ ] b\n",
        "## q\n" + "k" * 100_000 + ": v\n\nStem\n\n- [x] a\n- [ ] b\n",
    ],
)
def test_messages_never_repeat_a_long_value_in_full(body):
    for _line, message in markdown_errors(body):
        assert len(message) < 400


def test_pack_slug_echo_is_bounded():
    [(_, message)] = markdown_errors_of(
        "---\npack: [" + ", ".join(["x" * 50] * 200) + "]\ntitle: T\n---\n" + markdown_question()
    )
    assert "'pack' must be a slug" in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (markdown_question(stem="s" * (MAX_STEM_LENGTH + 1)), "text is longer than 4,000"),
        (markdown_question(explanation="e" * (MAX_EXPLANATION_LENGTH + 1)), "explanation is"),
        (
            markdown_question(options=("- [x] " + "o" * (MAX_OPTION_LENGTH + 1), "- [ ] b")),
            "an option is",
        ),
        (
            markdown_question(
                options=("- [x] a", "  > " + "f" * (MAX_FEEDBACK_LENGTH + 1), "- [ ] b")
            ),
            "feedback is longer",
        ),
        (
            markdown_question(options=["- [x] a"] + ["- [ ] b"] * MAX_OPTIONS),
            "11 options; at most 10",
        ),
    ],
)
def test_question_sizes_are_bounded_with_the_question_line(question, message):
    [(line, error)] = markdown_errors("\n" + question)
    assert line == 6
    assert message in error


def test_sizes_at_the_limits_are_accepted():
    options = ["- [x] " + "o" * MAX_OPTION_LENGTH, "  > " + "f" * MAX_FEEDBACK_LENGTH]
    options += ["- [ ] b"] * (MAX_OPTIONS - 1)
    body = markdown_question(
        stem="s" * MAX_STEM_LENGTH, options=options, explanation="e" * MAX_EXPLANATION_LENGTH
    )
    pack, errors = parse_pack(FRONT_MATTER + body, "demo.md")
    assert errors == []
    assert len(pack.questions[0].options) == MAX_OPTIONS


def test_question_count_is_bounded_in_every_format():
    count = MAX_QUESTIONS + 1
    aiken = "\n\n".join("Q\nA. a\nB. b\nANSWER: A" for _ in range(count))
    gift_text = "\n\n".join("Q{=a ~b}" for _ in range(count))
    markdown = FRONT_MATTER + "".join(markdown_question(qid=f"q{n}") for n in range(count))
    results = [
        parse_aiken(aiken, "a.txt", pack_slug="a", title="A")[:2],
        parse_gift(gift_text, "g.gift", pack_slug="g", title="G")[:2],
        parse_pack(markdown, "m.md"),
    ]
    message = "this is question 10,001: an import may hold at most 10,000 questions; split the pack"
    for (pack, errors), line in zip(results, (50_001, 20_001, 60_005), strict=True):
        assert pack is None
        assert [(e.line, e.message) for e in errors] == [(line, message)]


@pytest.mark.parametrize("parse", ["aiken", "gift", "markdown"])
def test_parsing_stops_at_the_first_question_past_the_limit(parse, monkeypatch):
    built = []
    original = model.Question.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(model.Question, "__init__", counting)
    many = 50_000
    if parse == "aiken":
        text = "\n\n".join("Q\nA. a\nB. b\nANSWER: A" for _ in range(many))
        pack, errors, _ = parse_aiken(text, "a.txt", pack_slug="a", title="A", max_questions=10)
    elif parse == "gift":
        text = "\n\n".join("::same::Q{=a ~b}" for _ in range(many))
        pack, errors, _ = parse_gift(text, "g.gift", pack_slug="g", title="G", max_questions=10)
    else:
        text = FRONT_MATTER + "".join(markdown_question(qid=f"q{n}") for n in range(many))
        pack, errors = parse_pack(text, "m.md", max_questions=10)
    assert pack is None
    assert [error.message[:20] for error in errors] == ["this is question 11:"]
    assert len(built) == 10


class CountingSet(set):
    checks = 0

    def __contains__(self, item):
        CountingSet.checks += 1
        return super().__contains__(item)


def test_repeated_gift_titles_get_ids_in_linear_work(monkeypatch):
    original_init = model.TitleIds.__init__

    def counting_init(self):
        original_init(self)
        self.used_ids = CountingSet()

    monkeypatch.setattr(model.TitleIds, "__init__", counting_init)
    CountingSet.checks = 0
    count = 3000
    text = "\n\n".join(["::same::Q{=a ~b}"] * count + ["::same-2::Q{=a ~b}"])
    pack, errors, _ = parse_gift(text, "g.gift", pack_slug="g", title="G")
    assert errors == []
    assert [q.qid for q in pack.questions[:3]] == ["same", "same-2", "same-3"]
    assert pack.questions[-1].qid == "same-2-2"
    assert CountingSet.checks <= 3 * (count + 1)


@pytest.mark.parametrize("character", ["\x00", "\ud800"])
def test_nul_and_lone_surrogates_are_refused_with_their_line_in_every_format(character):
    markdown = FRONT_MATTER + markdown_question(stem=f"Stem {character}")
    results = [
        parse_pack(markdown, "m.md"),
        parse_gift(f"Q\n\nQ {character}{{=a ~b}}", "g.gift", pack_slug="g", title="G")[:2],
        parse_aiken(f"Q\nA. a {character}\nB. b\nANSWER: A", "a.txt", pack_slug="a", title="A")[:2],
    ]
    for (pack, errors), line in zip(results, (7, 3, 2), strict=True):
        assert pack is None
        assert [(e.line, e.message) for e in errors] == [
            (line, "the file holds a NUL character or a lone surrogate")
        ]


@pytest.mark.parametrize("parse", ["aiken", "markdown"])
def test_a_parser_stops_collecting_errors_at_the_limit(parse):
    if parse == "aiken":
        text = "Q\n" + "B. x\n" * 5_000
        _, errors, _ = parse_aiken(text, "a.txt", pack_slug="a", title="A")
    else:
        text = FRONT_MATTER + "## q\n" + "level: 1\n" * 5_000 + "\nStem\n\n- [x] a\n- [ ] b\n"
        _, errors = parse_pack(text, "m.md")
    assert len(errors) == MAX_ERRORS + 1
    assert "stopped after 1,000 errors" in errors[-1].message
