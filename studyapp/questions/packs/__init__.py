"""
Question packs without Django: parsing the Markdown, GIFT and Aiken formats into plain
dataclasses, and exporting back to Markdown. studyapp.questions.importing writes them to the
database.
"""

from .aiken import parse_aiken
from .export import export_pack
from .gift import parse_gift
from .markdown_format import parse_pack
from .model import Option, Pack, PackError, Question, Skipped

__all__ = [
    "Option",
    "Pack",
    "PackError",
    "Question",
    "Skipped",
    "export_pack",
    "parse_aiken",
    "parse_gift",
    "parse_pack",
]
