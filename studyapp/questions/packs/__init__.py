"""
Question packs without Django: parsing the Markdown, GIFT, Aiken and Moodle XML formats into
plain dataclasses, and exporting back to Markdown or Moodle XML. studyapp.questions.importing
writes them to the database.
"""

from .aiken import parse_aiken
from .export import export_pack
from .gift import parse_gift
from .markdown_format import parse_pack
from .model import Option, Pack, PackError, Question, Skipped
from .moodle_xml import export_moodle_xml, parse_moodle_xml
from .scenario import Scenario

__all__ = [
    "Option",
    "Pack",
    "PackError",
    "Question",
    "Scenario",
    "Skipped",
    "export_moodle_xml",
    "export_pack",
    "parse_aiken",
    "parse_gift",
    "parse_moodle_xml",
    "parse_pack",
]
