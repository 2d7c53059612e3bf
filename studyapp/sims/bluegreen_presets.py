"""
The blue/green simulator's presets: content/scenarios/bluegreen/NAME.json, opened by
/sims/bluegreen/?preset=NAME. Each is a simulator document with a `title` and a `teaches`
sentence, which the engine accepts and ignores and the page shows.
"""

from pathlib import Path

from django.conf import settings

from studyapp.sims.documents import load_document
from studyapp.sims.presets import PRESET_NAME, UnknownPreset


def _folder():
    return Path(settings.CONTENT_DIR) / "scenarios" / "bluegreen"


def preset_names():
    return sorted(
        path.stem for path in _folder().glob("*.json") if PRESET_NAME.fullmatch(path.stem)
    )


def load_preset(name):
    """The preset's document; UnknownPreset for a name that is not one of the files."""
    if name not in preset_names():
        raise UnknownPreset(name)
    return load_document((_folder() / f"{name}.json").read_bytes())


def preset_links():
    """(name, title, teaches) of each preset, for the page's list."""
    links = []
    for name in preset_names():
        document = load_preset(name)
        links.append((name, document.get("title", name), document.get("teaches", "")))
    return links
