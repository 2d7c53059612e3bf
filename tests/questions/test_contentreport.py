"""python manage.py contentreport: the coverage report of the bundled files, or their errors."""

import pytest
from django.core.management import CommandError, call_command

from tests.questions.conftest import COVERAGE_PACK, write_content


@pytest.fixture
def content(tmp_path, settings):
    settings.CONTENT_DIR = tmp_path
    return tmp_path


def test_it_prints_counts_and_domains_per_topic_and_section_then_the_gaps(content, capsys):
    write_content(content, COVERAGE_PACK.replace("fargate#fargate-spto", "fargate"))
    call_command("contentreport")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2 questions; 1 topics."
    assert "fargate: 2 questions, domains 4" in lines
    assert "  (whole page): 1" in lines
    assert "  #fargate-spot: 1, domains 4" in lines
    assert lines[lines.index("Sections no question tests:") + 1] == "  none"


def test_it_lists_the_sections_no_question_tests(content, capsys):
    write_content(content, COVERAGE_PACK.replace("fargate#fargate-spto", "fargate"))
    topic = content / "topics" / "fargate.md"
    topic.write_text(
        topic.read_text().replace("## Exam tips", "## Platform versions\n\nx\n\n## Exam tips")
    )
    call_command("contentreport")
    lines = capsys.readouterr().out.splitlines()
    assert "  #platform-versions: 0" in lines
    assert lines[lines.index("Sections no question tests:") + 1] == "  fargate#platform-versions"


def test_it_fails_naming_file_and_line_of_a_dangling_anchor(content, capsys):
    write_content(content, COVERAGE_PACK)
    with pytest.raises(CommandError, match=r"1 error\(s\) in the content; no report"):
        call_command("contentreport")
    output = capsys.readouterr()
    assert output.err.strip() == (
        f"{content / 'packs' / 'demo.md'}:15: question 'spot-typo': "
        "topic 'fargate' has no section '#fargate-spto'"
    )
    assert output.out == ""


def test_the_markdown_format_is_the_generated_index(content, capsys):
    write_content(content, COVERAGE_PACK.replace("fargate#fargate-spto", "fargate#fargate-spot"))
    call_command("contentreport", "--format", "markdown")
    index = capsys.readouterr().out
    assert index.startswith("# Coverage map\n")
    assert "- `#fargate-spot` Fargate Spot: `demo/spot-discount`, `demo/spot-typo`" in index
