"""
Rendering a pack's longer Markdown at import, so a question that renders slowly or not at all
is an error at its line in the file instead of a slow or failed page for every learner.

Python-Markdown takes time that grows faster than the text for some inputs (`[a](` repeated,
deeply nested quotes, lists or definition lists). Every such input repeats a few markup
characters or lines many times; a fragment with fewer of them, or a short one, renders in a
few milliseconds whatever it holds (at most 0.03 s at 4,000 characters), so only the rest, a
small part of any real pack, is rendered here.
"""

import re
import time

from studyapp.markup import render_fragment
from studyapp.markup.frontmatter import echo

from .model import PackError

RENDER_CHECK_FROM = 300
"""Characters; below this a fragment renders in a few milliseconds whatever it holds."""
RISKY_MARKUP = re.compile(r"[\[<*_>`!\n]")
RISKY_MARKUP_CHECK_FROM = 64
"""Markup characters and lines from which a long fragment is rendered to check it."""

SLOW_FRAGMENT_SECONDS = 0.1
"""
An ordinary 4,000-character stem renders in about 10 ms; ten times that is pathological.
Measured in processor time, so a machine busy with other work does not fail a sound pack.
"""


def _fragments(question):
    yield "text", question.stem
    yield "explanation", question.explanation or ""
    for number, option in enumerate(question.options, start=1):
        yield f"option {number}", option.text
        yield f"option {number}'s feedback", option.feedback or ""


def _may_be_slow(text):
    return (
        len(text) >= RENDER_CHECK_FROM
        and len(RISKY_MARKUP.findall(text)) >= RISKY_MARKUP_CHECK_FROM
    )


def markdown_errors(pack, questions, *, budget_seconds=None):
    """
    PackErrors for `questions` of `pack` whose longer Markdown raises or renders slowly. With a
    budget, rendering stops once it has spent that long in all, with an error saying so.
    """
    errors = []
    spent = 0.0
    render_fragment("")  # the first call builds the converter, which is not the text's cost
    for question in questions:
        for label, text in _fragments(question):
            if not _may_be_slow(text):
                continue
            where = f"question {echo(question.qid)}: its {label}"
            # This thread's processor time: a threaded server's other requests do not count.
            started = time.thread_time()
            try:
                render_fragment(text)
            except Exception:  # whatever the renderer raises, the file is at fault
                errors.append(PackError(pack.source, question.line, f"{where} cannot be rendered"))
                spent += time.thread_time() - started
                continue
            took = time.thread_time() - started
            spent += took
            if took > SLOW_FRAGMENT_SECONDS:
                errors.append(
                    PackError(
                        pack.source,
                        question.line,
                        f"{where} takes {took:.2f} s to render (limit {SLOW_FRAGMENT_SECONDS} s); "
                        "simplify its Markdown",
                    )
                )
            if budget_seconds is not None and spent > budget_seconds:
                errors.append(
                    PackError(
                        pack.source,
                        question.line,
                        f"rendering the pack's Markdown took more than {budget_seconds} s in all "
                        "and stopped here; split the pack or simplify its longest questions",
                    )
                )
                return errors
    return errors
