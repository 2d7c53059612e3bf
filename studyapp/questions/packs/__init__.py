"""
Question packs without Django: parsing the Markdown, GIFT and Aiken formats into plain
dataclasses, and exporting back to Markdown. studyapp.questions.importing writes them to the
database.
"""

from .export import export_pack
from .markdown_format import parse_pack
from .model import Option, Pack, PackError, Question, Skipped

__all__ = ["Option", "Pack", "PackError", "Question", "Skipped", "export_pack", "parse_pack"]
