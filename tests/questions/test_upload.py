import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from studyapp.questions import uploads
from studyapp.questions.models import Pack, PendingUpload
from tests.questions.conftest import PACK

pytestmark = pytest.mark.django_db


@pytest.fixture
def instructor(django_user_model):
    user = django_user_model.objects.create_user("ines")
    user.groups.add(Group.objects.get(name="instructors"))
    return user


@pytest.fixture
def as_instructor(client, instructor):
    client.force_login(instructor)
    return client


def upload(client, content, name="demo.md", file_format=""):
    return client.post(
        reverse("questions:upload"),
        {"file": SimpleUploadedFile(name, content), "file_format": file_format},
    )


def test_learners_and_visitors_do_not_see_the_upload_page(client, django_user_model):
    assert client.get(reverse("questions:upload")).status_code == 404
    client.force_login(django_user_model.objects.create_user("lea"))
    assert client.get(reverse("questions:upload")).status_code == 404
    assert upload(client, PACK.encode()).status_code == 404


def test_staff_count_as_instructors(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("sta", is_staff=True))
    assert client.get(reverse("questions:upload")).status_code == 200


def test_preview_then_confirm_imports_the_pack_as_the_instructors(
    as_instructor, instructor, topics
):
    response = upload(as_instructor, PACK.encode())
    page = response.content.decode()
    assert "demo: 2 questions (2 added, 0 changed, 0 unchanged, 0 retired)" in page
    assert not Pack.objects.exists()
    pending = PendingUpload.objects.get()
    response = as_instructor.post(reverse("questions:confirm_upload", args=[pending.pk]))
    assert response["Location"] == reverse("questions:my_packs")
    pack = Pack.objects.get()
    assert (pack.owner, pack.is_public, pack.questions.count()) == (instructor, False, 2)
    assert not PendingUpload.objects.exists()


def test_every_error_is_listed_with_its_line(as_instructor, topics):
    broken = PACK.replace("domain: 2", "domain: 9").replace("topic: services", "topic: nope")
    response = upload(as_instructor, broken.encode())
    page = response.content.decode()
    assert response.status_code == 400
    assert "2 problems found; nothing was imported." in page
    assert "demo.md:9: question &#x27;execution-role&#x27;: domain 9" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "this is a binary file, not a text pack"),
        ("---\npack: x\n---\ncaf\xe9".encode("latin-1"), "demo.md:4: the file is not UTF-8 text"),
        (b"x" * (2 * 1024 * 1024 + 1), "the file is larger than 2 MB"),
    ],
)
def test_binary_non_utf8_and_oversize_files_get_a_clear_message(as_instructor, content, message):
    response = upload(as_instructor, content)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_confirmation_belongs_to_its_uploader(as_instructor, client, topics, django_user_model):
    upload(as_instructor, PACK.encode())
    pending = PendingUpload.objects.get()
    other = django_user_model.objects.create_user("otto", is_staff=True)
    client.force_login(other)
    assert client.post(reverse("questions:confirm_upload", args=[pending.pk])).status_code == 404


def test_packs_can_be_made_public(as_instructor, topics):
    upload(as_instructor, PACK.encode())
    as_instructor.post(reverse("questions:confirm_upload", args=[PendingUpload.objects.get().pk]))
    as_instructor.post(reverse("questions:set_public", args=["demo"]), {"public": "yes"})
    assert Pack.objects.get().is_public
    page = as_instructor.get(reverse("questions:my_packs")).content.decode()
    assert "Everyone" in page
    # The pack's title starts a practice set of its questions, one that ends.
    assert '<input type="hidden" name="pack" value="demo">' in page
    started = as_instructor.post(reverse("questions:start_set"), {"pack": "demo"})
    assert started["Location"].startswith("/questions/demo/")


def test_gift_uploads_list_skipped_questions(as_instructor, topics):
    gift = b"::q1:: Which launch type needs no servers? {=Fargate ~EC2}\n\nWhat is 2+2? {#4}\n"
    page = upload(as_instructor, gift, name="quiz.gift").content.decode()
    assert "quiz: 1 questions (1 added" in page
    assert "line 3:" in page


MOODLE_BANK = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/Default for DVA/Services</text></category>
  </question>
  <question type="multichoice">
    <name><text>Serverless</text></name>
    <questiontext format="html"><text><![CDATA[<p>No servers?</p>]]></text></questiontext>
    <answer fraction="100"><text>Fargate</text></answer>
    <answer fraction="0"><text>EC2</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>Agent</text></name>
    <questiontext><text>What talks to ECS?</text></questiontext>
    <answer fraction="100"><text>The agent</text></answer>
  </question>
</quiz>
"""


def test_a_moodle_xml_upload_previews_its_skips_then_imports(as_instructor, topics):
    page = upload(as_instructor, MOODLE_BANK, name="dva bank.xml").content.decode()
    assert "dva-bank: 1 questions (1 added" in page
    assert "line 12: short-answer question" in page
    pending = PendingUpload.objects.get()
    assert pending.file_format == ""
    as_instructor.post(reverse("questions:confirm_upload", args=[pending.pk]))
    question = Pack.objects.get(slug="dva-bank").questions.get()
    assert (question.qid, question.topic_slug) == ("serverless", "services")


def test_a_moodle_xml_upload_with_a_dtd_is_refused_at_its_line(as_instructor, topics):
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "x">]>\n<quiz>&a;</quiz>\n'
    response = upload(as_instructor, bomb, name="bomb.xml")
    assert response.status_code == 400
    assert "bomb.xml:2: the file declares a DTD" in response.content.decode()
    assert not PendingUpload.objects.exists()


def aiken_with_errors(count):
    """Three errors a question: two options out of order and an answer that is not an option."""
    return "\n".join(f"Question {n}?\nB. a\nA. b\nANSWER: Z" for n in range(count)).encode()


def test_the_preview_lists_the_first_hundred_errors_and_counts_the_rest(as_instructor, topics):
    response = upload(as_instructor, aiken_with_errors(330), name="bank.txt", file_format="aiken")
    page = response.content.decode()
    assert response.status_code == 400
    assert "990 problems found" in page
    assert page.count("<li><code>") == 100
    assert "and 890 more not listed" in page


def test_an_upload_may_hold_at_most_a_thousand_questions(as_instructor, topics):
    bank = "\n\n".join("Question?\nA. a\nB. b\nANSWER: A" for _ in range(1_001)).encode()
    response = upload(as_instructor, bank, name="bank.txt", file_format="aiken")
    assert response.status_code == 400
    assert "bank.txt:5001: this is question 1,001: an import may hold at most 1,000 questions" in (
        response.content.decode()
    )
    assert not PendingUpload.objects.exists()


def test_an_upload_of_several_files_is_refused(as_instructor, topics):
    files = [SimpleUploadedFile("a.md", PACK.encode()), SimpleUploadedFile("b.md", PACK.encode())]
    response = as_instructor.post(reverse("questions:upload"), {"file": files})
    assert response.status_code == 400
    assert not PendingUpload.objects.exists()


def test_an_oversized_file_is_not_kept_past_the_limit():
    handler = uploads.CappedUploadHandler()
    handler.new_file("file", "big.md", "text/markdown", None)
    chunk = b"x" * (64 * 1024)
    kept = [handler.receive_data_chunk(chunk, 0) for _ in range(40)]
    assert kept.count(None) == 40 - uploads.MAX_UPLOAD_BYTES // len(chunk)
    oversized = handler.file_complete(40 * len(chunk))
    assert oversized.size == 40 * len(chunk)
    assert oversized.read() == b""
    text, problem = uploads.read_upload(oversized)
    assert text is None
    assert "larger than 2 MB" in problem.message


def test_a_file_within_the_limit_is_left_to_the_usual_handlers():
    handler = uploads.CappedUploadHandler()
    handler.new_file("file", "small.md", "text/markdown", None)
    assert handler.receive_data_chunk(b"abc", 0) == b"abc"
    assert handler.file_complete(3) is None


def test_the_count_of_errors_left_out_has_thousands_separators():
    errors = [object()] * 3_512
    assert uploads.Preview(errors=errors).more_errors == "3,412"
    assert uploads.Preview(errors=errors[:100]).more_errors == ""
