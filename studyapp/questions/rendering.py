"""
Sanitised HTML for a question, rendered on first display and cached by the question's
fingerprint: an edit changes the fingerprint, so a stale rendering is never served.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from studyapp.markup import render_fragment, unwrapped
from studyapp.questions.packs.model import (
    MAX_EXPLANATION_LENGTH,
    MAX_FEEDBACK_LENGTH,
    MAX_OPTION_LENGTH,
    MAX_STEM_LENGTH,
)

logger = logging.getLogger(__name__)

# 6: the cache holds HTML already marked safe (markup.SanitisedHtml, or escaped text), no
# author's id may take the site menu's, and only a lone paragraph is unwrapped in an option.
RENDERER_VERSION = 6


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

    @property
    def correct_count(self):
        return sum(option.is_correct for option in self.options)


def _fragment(text, limit):
    """
    An import refuses Markdown that is too long or fails to render, but rows stored before
    those checks may hold such text: it is shown as escaped plain text, never as an error page.
    """
    if len(text) > limit:
        return _plain(text)
    try:
        return render_fragment(text)
    except Exception:  # whatever the renderer raises, the page must still show the question
        logger.exception("Markdown of a stored question failed to render; shown as plain text")
        return _plain(text)


def _plain(text):
    # Escaped here (autoescape), so marked safe here.
    return mark_safe(linebreaks(text, autoescape=True))


def cached_fragment(text):
    """
    One piece of author Markdown as sanitised HTML, cached by its content, for exports that
    render whole packs (the Anki download): a pack is rendered once, not once per download.
    """
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"fragment-html:{RENDERER_VERSION}:{digest}"
    html = cache.get(key)
    if html is None:
        html = _fragment(text, max(MAX_STEM_LENGTH, MAX_EXPLANATION_LENGTH))
        cache.set(key, html, timeout=24 * 60 * 60)
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
            "stem": _fragment(question.stem, MAX_STEM_LENGTH),
            "explanation": (
                _fragment(question.explanation, MAX_EXPLANATION_LENGTH)
                if question.explanation
                else ""
            ),
            "options": {
                option.position: (
                    unwrapped(_fragment(option.text, MAX_OPTION_LENGTH)),
                    _fragment(option.feedback, MAX_FEEDBACK_LENGTH),
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


def render_parsed_question(question):
    """
    A question parsed from a file but not stored (packs.Question), rendered as render_question
    renders a stored one, for an upload's preview. Not cached: nothing identifies it yet.
    """
    return RenderedQuestion(
        stem_html=_fragment(question.stem, MAX_STEM_LENGTH),
        explanation_html=(
            _fragment(question.explanation, MAX_EXPLANATION_LENGTH) if question.explanation else ""
        ),
        options=[
            RenderedOption(
                position=position,
                number=position + 1,
                html=unwrapped(_fragment(option.text, MAX_OPTION_LENGTH)),
                feedback_html=_fragment(option.feedback, MAX_FEEDBACK_LENGTH),
                is_correct=option.correct,
            )
            for position, option in enumerate(question.options)
        ],
    )
