"""
Generated questions on a page: their Markdown, their rendering, their answer form and grading.

Nothing about a generated question is stored. Its seed is in the address and the server
regenerates it from the seed on every request, so the page before the answer holds no key
(the form posts option tokens, option_tokens.py, scoped to the generator and seed) and the
reveal is recomputed, not trusted from the form.
"""

import re
from functools import lru_cache

from studyapp.markup import render_fragment, unwrapped
from studyapp.questions import generated as generated_skills
from studyapp.questions.generated import Instance, InstanceOption, Skill
from studyapp.questions.option_tokens import OptionTokens, UnknownToken
from studyapp.sims.generators import GENERATORS, MAX_SEED
from studyapp.sims.generators.question import MAX_TRIES
from studyapp.sims.scenario_links import try_it_url

# A set is this many questions: instance seeds seed x SET_SIZE ... seed x SET_SIZE + 4, every one
# within the generators' MAX_SEED. Two seeds can still draw the same question (a generator's
# scenarios are finitely many), so a question equal to an earlier one of its set is drawn again,
# from numbers no link carries, at most MAX_REDRAWS times.
SET_SIZE = 5
MAX_SET_SEED = MAX_SEED // SET_SIZE
MAX_REDRAWS = 10
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#{}])")


class BadRequest(ValueError):
    """A query parameter out of range: the message names it and what it may be."""


def read_set_place(query):
    """(set seed, 1-based place in the set) from `?seed=&n=`; BadRequest naming a bad one."""
    seed = _whole(query.get("seed", ""), "seed", MAX_SET_SEED)
    place = _whole(query.get("n", "1"), "n", SET_SIZE, minimum=1)
    return seed, place


def _whole(text, name, maximum, minimum=0):
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(maximum))):
        raise BadRequest(f"?{name}= must be a whole number from {minimum} to {maximum:,}.")
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadRequest(f"?{name}= must be a whole number from {minimum} to {maximum:,}.")
    return value


def instance_seed(set_seed, place):
    return set_seed * SET_SIZE + place - 1


@lru_cache(maxsize=1024)
def _generated(name, seed):
    """
    Generators are pure and their questions frozen, and each question of a set regenerates the
    ones before it: keep the recent ones (a few KB each) rather than run the engines again.
    """
    return GENERATORS[name].generate(seed)


def set_question(name, set_seed, place):
    """The question at `place` (1-based) of a practice set: none of the set's earlier ones."""
    earlier = set()
    for current in range(1, place + 1):
        seed = instance_seed(set_seed, current)
        for redraw in range(MAX_REDRAWS + 1):
            # Past every draw generate() itself may make for a seed (MAX_TRIES of them).
            question = _generated(name, seed + redraw * MAX_TRIES * (MAX_SEED + 1))
            shown = (question.stem, question.document_json)
            if shown not in earlier:
                break
        earlier.add(shown)
    return question


def escaped(text):
    """Text shown as written: every character Markdown would read as formatting escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def stem_markdown(question):
    parts = [question.stem]
    for table in question.tables:
        parts.append(f"**{escaped(table.title)}**")
        rows = [table.headers, tuple("---" for _ in table.headers), *table.rows]
        parts.append("\n".join("| " + " | ".join(map(escaped, row)) + " |" for row in rows))
    document = "\n".join("    " + line for line in question.document_json.splitlines())
    title = "The scenario as the simulator reads it (JSON)"
    parts.append(f'??? note "{title}"\n    ```json\n{document}\n    ```')
    return "\n\n".join(parts)


def explanation_markdown(question):
    return "\n".join(
        f"{number}. {escaped(line)}" for number, line in enumerate(question.explanation, 1)
    )


def tokens_for(question):
    return OptionTokens(f"generated:{question.generator}:{question.seed}")


def instance(question):
    """The question rendered, as questions.generated shows it in review and exams."""
    return Instance(
        stem_html=render_fragment(stem_markdown(question)),
        explanation_html=render_fragment(explanation_markdown(question)),
        options=tuple(
            InstanceOption(
                position=position,
                is_correct=option.is_correct,
                html=unwrapped(render_fragment(escaped(option.text))),
                feedback_html=render_fragment(escaped(option.feedback)),
            )
            for position, option in enumerate(question.options)
        ),
        simulator=question.simulator,
        try_it_url=try_it(question),
    )


def render(question):
    """The question as RenderedQuestion, options in the order its tokens shuffle them to."""
    tokens = tokens_for(question)
    drawn = instance(question)
    return generated_skills.rendered(drawn, tokens.shuffled(drawn.options), tokens)


def register_skills():
    """Let review and exams draw instances of every generator (questions/generated.py)."""
    for name, generator in GENERATORS.items():
        generated_skills.register(
            Skill(
                name,
                generator.title,
                generator.domain,
                lambda seed, generate=generator.generate: instance(generate(seed)),
            )
        )


def read_answer(post, question):
    """(chosen positions, None) or (None, what is wrong with the answer)."""
    positions = set(range(len(question.options)))
    try:
        selected = tokens_for(question).positions(post.getlist("option"), positions)
    except UnknownToken:
        return None, "That answer is not one of the options. Choose again."
    if len(selected) != question.choose:
        return None, "Choose one option before checking."
    return selected, None


def is_right(question, selected):
    return selected == {i for i, option in enumerate(question.options) if option.is_correct}


def try_it(question):
    return try_it_url(question.simulator, question.document)
