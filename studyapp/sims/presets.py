"""
The preset placement scenarios: content/scenarios/NAME.json, loaded by /sims/placement/?preset=NAME
so topic pages and questions can link to a ready-made idea. Each carries a `title` and a
`teaches` sentence, which the engine accepts and ignores and the page shows. Another
simulator's presets sit in a folder named after it (content/scenarios/bluegreen/NAME.json).
"""

import re
from pathlib import Path

from django.conf import settings

from studyapp.sims.documents import load_document

DEFAULT_PRESET = "spread-az"
# Names come from the URL: only this shape, and only files that exist, are ever opened.
PRESET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class UnknownPreset(LookupError):
    pass


def _folder(simulator):
    scenarios = Path(settings.CONTENT_DIR) / "scenarios"
    return scenarios if simulator == "placement" else scenarios / simulator


def preset_names(simulator="placement"):
    return sorted(
        path.stem for path in _folder(simulator).glob("*.json") if PRESET_NAME.fullmatch(path.stem)
    )


def load_preset(name, simulator="placement"):
    if name not in preset_names(simulator):
        raise UnknownPreset(name)
    return load_document((_folder(simulator) / f"{name}.json").read_bytes())


def preset_choices(simulator="placement"):
    """(name, title) for the preset menu, titles read from the files themselves."""
    choices = []
    for name in preset_names(simulator):
        document = load_preset(name, simulator)
        title = document.get("title") if isinstance(document, dict) else None
        choices.append((name, title if isinstance(title, str) else name))
    return choices
