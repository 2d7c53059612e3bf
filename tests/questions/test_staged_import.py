"""
Large imports are written in short transactions (issue 14) yet stay all or nothing: staged
under a hidden pack, then published in one short transaction.
"""

import contextlib

import pytest

from studyapp.questions import importing, queries
from studyapp.questions.importing import ImportFailed, import_packs, parse_files
from studyapp.questions.models import Attempt, Option, Pack, Question
from studyapp.questions.packs import markdown_check
from tests.questions.conftest import write_pack

pytestmark = pytest.mark.django_db


def pack_text(count, stem="Stem of question {n}?", slug="big"):
    parts = [f"---\npack: {slug}\ntitle: Big\n---\n"]
    for n in range(count):
        parts.append(
            f"## q-{n}\n\n{stem.format(n=n)}\n\n- [x] Right {n}\n  > Yes.\n- [ ] Wrong {n}\n"
        )
    return "\n".join(parts)


def run(tmp_path, text, **options):
    path = write_pack(tmp_path, "big.md", text)
    packs, errors, skipped = parse_files([path])
    assert errors == []
    return import_packs(packs, skipped=skipped, **options)


def snapshot():
    return sorted(
        (question.qid, question.stem, question.is_retired, question.position, options)
        for question in Question.objects.filter(pack__slug="big")
        for options in [tuple(question.options.values_list("text", "is_correct", "feedback"))]
    )


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(importing, "STAGING_BATCH", 3)


@pytest.fixture
def imported(tmp_path, small_batches):
    run(tmp_path, pack_text(8))
    question = Question.objects.get(qid="q-1")
    Attempt.objects.create(question=question, selected=[0], is_correct=True, session_key="s")
    return snapshot()


def edited_text():
    """Every question edited, two new ones, one gone: every kind of write."""
    return pack_text(10, stem="Edited stem {n}?").replace("## q-0\n", "## q-new\n")


def no_staging_left():
    staging = Pack.objects.filter(slug__startswith=importing.STAGING_PREFIX)
    return not staging.exists() and Question.objects.exclude(pack__slug="big").count() == 0


def test_a_failure_while_staging_leaves_the_previous_pack_as_it_was(
    tmp_path, imported, monkeypatch
):
    stage = importing._stage_batch
    calls = []

    def failing_second_batch(staging, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("injected failure")
        stage(staging, rows)

    monkeypatch.setattr(importing, "_stage_batch", failing_second_batch)
    with pytest.raises(RuntimeError, match="injected"):
        run(tmp_path, edited_text())
    assert snapshot() == imported
    assert no_staging_left()
    assert Question.objects.get(qid="q-1").attempts.count() == 1


def test_a_failure_while_publishing_leaves_the_previous_pack_as_it_was(
    tmp_path, imported, monkeypatch
):
    monkeypatch.setattr(
        queries, "PUBLISH_CHANGED", [*queries.PUBLISH_CHANGED, "SELECT * FROM no_such_table"]
    )
    with pytest.raises(Exception, match="no_such_table"):
        run(tmp_path, edited_text())
    assert snapshot() == imported
    assert no_staging_left()


def test_staging_writes_bounded_batches_each_in_its_own_transaction(
    tmp_path, small_batches, monkeypatch
):
    depth, batches = [0], []
    atomic = importing.transaction.atomic

    @contextlib.contextmanager
    def counting_atomic(*args, **kwargs):
        depth[0] += 1
        before = Question.objects.count()
        try:
            with atomic(*args, **kwargs):
                yield
        finally:
            depth[0] -= 1
        if depth[0] == 0:
            batches.append(Question.objects.count() - before)

    monkeypatch.setattr(importing.transaction, "atomic", counting_atomic)
    run(tmp_path, pack_text(10))
    # Four staging batches of at most three new rows, then the publication and the removal of
    # the emptied staging pack, which add none.
    assert batches == [3, 3, 3, 1, 0, 0]
    assert Question.objects.filter(pack__slug="big", is_retired=False).count() == 10
    assert no_staging_left()


def test_an_import_after_staging_publishes_every_kind_of_change(tmp_path, imported):
    [summary] = run(tmp_path, edited_text())
    assert (summary.added, summary.changed, summary.retired) == (3, 7, 1)
    question = Question.objects.get(qid="q-1")
    assert question.stem == "Edited stem 1?"
    assert question.attempts.count() == 1
    assert list(question.options.values_list("position", "text")) == [
        (0, "Right 1"),
        (1, "Wrong 1"),
    ]
    assert Question.objects.get(qid="q-0").is_retired
    active = Question.objects.active().filter(pack__slug="big").order_by("position")
    assert [q.qid for q in active] == ["q-new", *[f"q-{n}" for n in range(1, 10)]]
    assert Option.objects.filter(question__pack__slug="big").count() == 22
    assert no_staging_left()


def test_a_pack_changed_by_another_import_meanwhile_is_refused(tmp_path, imported, monkeypatch):
    stage = importing._stage_batch

    def concurrent_edit(staging, rows):
        stage(staging, rows)
        Question.objects.filter(qid="q-2").update(fingerprint="changed meanwhile")

    monkeypatch.setattr(importing, "_stage_batch", concurrent_edit)
    with pytest.raises(ImportFailed, match="changed while this import ran"):
        run(tmp_path, edited_text())
    assert no_staging_left()
    assert Question.objects.get(qid="q-2").stem == "Stem of question 2?"


def test_slow_or_failing_markdown_is_an_import_error_at_the_question_line(tmp_path, monkeypatch):
    ticks = iter(range(1000))
    monkeypatch.setattr(markdown_check.time, "thread_time", lambda: next(ticks))
    long_stem = "A long stem {n} " + "*word* " * 50
    with pytest.raises(ImportFailed) as failure:
        run(tmp_path, pack_text(2, stem=long_stem))
    assert [(error.line, error.message[:40]) for error in failure.value.errors] == [
        (6, "question 'q-0': its text takes 1.00 s to"),
        (14, "question 'q-1': its text takes 1.00 s to"),
    ]
    assert not Pack.objects.filter(slug="big").exists()


def test_the_render_budget_stops_rendering_with_an_error(tmp_path, monkeypatch):
    ticks = iter(range(1000))
    monkeypatch.setattr(markdown_check.time, "thread_time", lambda: next(ticks) / 100)
    with pytest.raises(ImportFailed) as failure:
        run(tmp_path, pack_text(20, stem="Stem {n} " + "*word* " * 50), render_budget=0.045)
    messages = [error.message for error in failure.value.errors]
    assert len(messages) == 1
    assert "took more than 0.045 s in all" in messages[0]


def test_a_renderer_crash_is_an_import_error(tmp_path, monkeypatch):
    def crash(text):
        if text:
            raise RecursionError
        return ""

    monkeypatch.setattr(markdown_check, "render_fragment", crash)
    with pytest.raises(ImportFailed, match="its text cannot be rendered"):
        run(tmp_path, pack_text(1, stem="Stem {n} " + "*word* " * 50))


@pytest.mark.parametrize(
    "stem",
    ["Short *stem* {n}", "A long plain stem {n} " + "word " * 80, "Short " + "*" * 100],
)
def test_short_or_plain_fragments_are_not_rendered_at_import(tmp_path, monkeypatch, stem):
    def crash(text):
        if text:
            raise AssertionError("rendered")
        return ""

    monkeypatch.setattr(markdown_check, "render_fragment", crash)
    [summary] = run(tmp_path, pack_text(3, stem=stem))
    assert summary.added == 3
