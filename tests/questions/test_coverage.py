"""The coverage map: questions placed on topic sections, gaps found, dangling anchors named."""

from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from studyapp.markup import Heading
from studyapp.questions.coverage import (
    QuestionRef,
    TopicOutline,
    coverage_map,
    markdown_index,
    read_content,
    report_lines,
)
from tests.questions.conftest import COVERAGE_PACK, write_content

BUNDLED = settings.BASE_DIR / "content"

FARGATE = TopicOutline(
    "fargate",
    "Fargate",
    (
        Heading(2, "ephemeral-storage", "Ephemeral storage"),
        Heading(2, "fargate-spot", "Fargate Spot"),
        Heading(3, "interruptions", "Interruptions"),
        Heading(2, "exam-tips", "Exam tips"),
        Heading(2, "check-yourself", "Check yourself"),
    ),
)


def ref(qid, topic="fargate", anchor="", domain=1, line=10):
    return QuestionRef("demo", qid, topic, anchor, domain, "packs/demo.md", line)


def test_questions_land_on_their_page_and_section():
    coverage = coverage_map(
        [FARGATE],
        [ref("whole"), ref("spot", anchor="fargate-spot", domain=3)],
    )
    (topic,) = coverage.topics
    sections = {s.section.anchor: s for s in topic.sections}
    assert [q.qid for q in topic.whole_page] == ["whole"]
    assert [q.qid for q in sections["fargate-spot"].questions] == ["spot"]
    assert [q.qid for q in topic.questions] == ["whole", "spot"]
    assert topic.domains == [1, 3]


def test_a_subsection_question_counts_for_its_parent_section_too():
    coverage = coverage_map([FARGATE], [ref("warning", anchor="interruptions", domain=4)])
    sections = {s.section.anchor: s for s in coverage.topics[0].sections}
    assert [q.qid for q in sections["interruptions"].own] == ["warning"]
    assert sections["fargate-spot"].own == []
    assert [q.qid for q in sections["fargate-spot"].questions] == ["warning"]
    assert sections["fargate-spot"].domains == [4]
    assert len(coverage.topics[0].questions) == 1


def test_untested_sections_leave_out_the_review_sections():
    coverage = coverage_map([FARGATE], [ref("spot", anchor="fargate-spot")])
    untested = [s.section.anchor for s in coverage.topics[0].untested_sections]
    assert untested == ["ephemeral-storage", "interruptions"]


def test_a_dangling_anchor_or_topic_is_an_error_with_file_and_line():
    coverage = coverage_map(
        [FARGATE],
        [ref("typo", anchor="fargate-spto", line=42), ref("lost", topic="fargat", line=7)],
    )
    assert coverage.errors() == [
        "packs/demo.md:7: question 'lost': unknown topic 'fargat'",
        "packs/demo.md:42: question 'typo': topic 'fargate' has no section '#fargate-spto'",
    ]
    assert coverage.topics[0].questions == []


def test_a_question_without_a_topic_is_listed_apart():
    coverage = coverage_map([FARGATE], [ref("nowhere", topic="")])
    assert [q.qid for q in coverage.unplaced] == ["nowhere"]
    assert coverage.errors() == []
    assert "Questions without a topic:" in report_lines(coverage)


def test_the_report_gives_counts_domains_and_gaps_per_topic_and_section():
    coverage = coverage_map([FARGATE], [ref("spot", anchor="fargate-spot", domain=3)])
    lines = report_lines(coverage)
    assert "fargate: 1 questions, domains 3" in lines
    assert "  #fargate-spot: 1, domains 3" in lines
    assert "  #ephemeral-storage: 0" in lines
    assert "    #interruptions: 0" in lines
    gaps = lines[lines.index("Sections no question tests:") + 1 :]
    assert gaps == ["  fargate#ephemeral-storage", "  fargate#interruptions"]


def test_the_markdown_index_lists_each_sections_questions():
    coverage = coverage_map([FARGATE], [ref("spot", anchor="interruptions")])
    index = markdown_index(coverage)
    assert "- `#ephemeral-storage` Ephemeral storage: *untested*" in index
    assert "- `#fargate-spot` Fargate Spot: (in its subsections: 1)" in index
    assert "  - `#interruptions` Interruptions: `demo/spot`" in index
    assert "exam-tips" not in index


anchors = st.sampled_from(["", "ephemeral-storage", "fargate-spot", "interruptions", "gone"])
topics = st.sampled_from(["", "fargate", "missing"])


@given(st.lists(st.tuples(topics, anchors, st.sampled_from([None, 1, 2, 3, 4])), max_size=30))
def test_every_question_is_placed_exactly_once(specs):
    refs = [ref(f"q{n}", topic, anchor, domain) for n, (topic, anchor, domain) in enumerate(specs)]
    coverage = coverage_map([FARGATE], refs)
    placed = [q.qid for q in coverage.topics[0].questions]
    placed += [q.qid for q in coverage.dangling] + [q.qid for q in coverage.unplaced]
    assert sorted(placed) == sorted(r.qid for r in refs)
    assert len(coverage.errors()) == len(coverage.dangling)


def test_reading_files_names_the_dangling_anchor_by_file_and_line(tmp_path):
    write_content(tmp_path, COVERAGE_PACK)
    coverage, errors = read_content(tmp_path / "topics", tmp_path / "packs")
    pack = tmp_path / "packs" / "demo.md"
    assert errors == [
        f"{pack}:15: question 'spot-typo': topic 'fargate' has no section '#fargate-spto'"
    ]
    assert [q.qid for q in coverage.topics[0].questions] == ["spot-discount"]


def test_a_file_that_does_not_parse_gives_its_errors_and_no_map(tmp_path):
    write_content(tmp_path, COVERAGE_PACK.replace("domain: 4", "domain: 9", 1))
    coverage, errors = read_content(tmp_path / "topics", tmp_path / "packs")
    assert coverage is None
    assert errors == [
        f"{tmp_path / 'packs' / 'demo.md'}:8: "
        "question 'spot-discount': domain 9 is out of range; use 1 to 4"
    ]


def test_every_bundled_question_points_at_an_existing_topic_section():
    coverage, errors = read_content(BUNDLED / "topics", BUNDLED / "packs")
    assert errors == []
    assert coverage.unplaced == []
    assert coverage.question_count > 100


def test_the_coverage_map_in_docs_is_up_to_date():
    coverage, _ = read_content(BUNDLED / "topics", BUNDLED / "packs")
    kept = (settings.BASE_DIR / "docs" / "coverage.md").read_text()
    assert kept == markdown_index(coverage), (
        "docs/coverage.md is out of date: run "
        "python manage.py contentreport --format markdown > docs/coverage.md"
    )
