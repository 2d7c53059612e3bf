"""
Sanitised HTML for a question, rendered on first display and cached by the question's
fingerprint: an edit changes the fingerprint, so a stale rendering is never served.
"""

from dataclasses import dataclass

from django.core.cache import cache

from studyapp.markup import render_fragment

RENDERER_VERSION = 2


@dataclass(frozen=True)
class RenderedOption:
    position: int
    number: int
    html: str
    feedback_html: str
    is_correct: bool
    # What the answer form posts for this option (option_tokens.py); empty where none is posted.
    token: str = ""


@dataclass(frozen=True)
class RenderedQuestion:
    stem_html: str
    explanation_html: str
    options: list[RenderedOption]


def _inline(html):
    """
    An option sits inside a <label>, which may hold only phrasing content: unwrap the single
    paragraph most options are (options with lists or code keep their blocks).
    """
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def render_question(question, options, tokens=None):
    """
    `options` are the question's Option rows in the order to show them (fetched by the caller).
    The cache holds each option's HTML by its position, so any display order reuses it.
    `tokens`, the OptionTokens of an answer form, gives each option the value the form posts.
    """
    key = f"question-html:{RENDERER_VERSION}:{question.pk}:{question.fingerprint}"
    stored = cache.get(key)
    if stored is None or not {option.position for option in options} <= stored["options"].keys():
        stored = {
            "stem": render_fragment(question.stem),
            "explanation": render_fragment(question.explanation) if question.explanation else "",
            "options": {
                option.position: (
                    _inline(render_fragment(option.text)),
                    render_fragment(option.feedback),
                )
                for option in options
            },
        }
        cache.set(key, stored, timeout=None)
    return RenderedQuestion(
        stem_html=stored["stem"],
        explanation_html=stored["explanation"],
        options=[
            RenderedOption(
                position=option.position,
                number=index + 1,
                html=stored["options"][option.position][0],
                feedback_html=stored["options"][option.position][1],
                is_correct=option.is_correct,
                token=tokens.token(option.position) if tokens is not None else "",
            )
            for index, option in enumerate(options)
        ],
    )
