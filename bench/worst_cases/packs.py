"""
Question pack uploads at their limits (issue 14): the largest upload each format allows,
previewed and confirmed, and the hostile files that once stalled a worker.
"""

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from worst_case import INSTRUCTOR, STUDENT, signed_in_client

from studyapp.questions.anki import ANKI_PART_SIZE
from studyapp.questions.importing import import_packs
from studyapp.questions.models import PendingUpload, Question
from studyapp.questions.packs import export_moodle_xml, parse_pack
from studyapp.questions.packs.model import MAX_OPTIONS, MAX_STEM_LENGTH
from studyapp.questions.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_QUESTIONS

WORDS = "A developer deploys a containerized service on Amazon ECS with AWS Fargate and `awsvpc`. "


def _filled(length):
    return (WORDS * (length // len(WORDS) + 1))[:length].strip()


def _markdown_question(number, size):
    """One sound question of about `size` bytes, long enough for its Markdown to be rendered."""
    options = "".join(
        f"- [{'x' if index == 0 else ' '}] Option {index} of {number}: {_filled(120)}\n"
        f"  > {_filled(120)}\n"
        for index in range(4)
    )
    fixed = len(options) + 60
    stem = _filled((size - fixed) // 2)
    explanation = _filled(size - fixed - len(stem))
    return f"## q-{number}\n\n{stem}\n\n{options}\n### Explanation\n\n{explanation}\n\n"


def largest_markdown():
    head = "---\npack: worst-markdown\ntitle: Worst case\n---\n\n"
    size = (MAX_UPLOAD_BYTES - len(head)) // MAX_UPLOAD_QUESTIONS - 10
    return head + "".join(_markdown_question(n, size) for n in range(MAX_UPLOAD_QUESTIONS))


def largest_gift():
    size = MAX_UPLOAD_BYTES // MAX_UPLOAD_QUESTIONS - 10
    question = "::Q{n}:: " + _filled(size - 200) + " {{=right ~wrong one ~wrong two#feedback}}\n\n"
    return "".join(question.format(n=n) for n in range(MAX_UPLOAD_QUESTIONS))


def largest_aiken():
    size = MAX_UPLOAD_BYTES // MAX_UPLOAD_QUESTIONS - 10
    question = _filled(size - 100) + "\nA. right\nB. wrong\nC. also wrong\nANSWER: A\n\n"
    return question * MAX_UPLOAD_QUESTIONS


def largest_moodle_xml():
    """The largest Markdown upload written as Moodle XML: about 2 MB once in XML."""
    pack, errors = parse_pack(largest_markdown(), "worst.md")
    assert errors == [], errors[:3]
    xml = export_moodle_xml(pack)
    while len(xml.encode()) > MAX_UPLOAD_BYTES:
        questions = pack.questions[: len(pack.questions) * 9 // 10]
        pack = pack.__class__(**{**pack.__dict__, "questions": questions})
        xml = export_moodle_xml(pack)
    return xml


MOODLE_ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "aaaaaaaaaa">\n'
    + "".join(
        f'<!ENTITY {name} "{f"&{previous};" * 10}">\n'
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "]>\n<quiz>&i;</quiz>\n"
)


def anki_download_of_largest_pack():
    """
    The largest upload as a public pack, its rendered text not yet cached: one download holds
    its first ANKI_PART_SIZE questions.
    """
    text = largest_markdown().replace("pack: worst-markdown", "pack: worst-anki")
    pack, errors = parse_pack(text, "worst-anki.md")
    assert errors == [], errors[:3]
    assert len(pack.questions) > ANKI_PART_SIZE
    import_packs([pack])
    cache.clear()
    client = signed_in_client(STUDENT)
    return lambda: client.get("/packs/worst-anki/anki/1.apkg")


ALIAS_BOMB = (
    "---\npack: bomb\ntitle: Bomb\n"
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\n## q\n\nStem\n\n- [x] a\n- [ ] b\n"
)


def repeated_titles_gift():
    """As many questions with one title as fit in the upload limit (the cap is reported)."""
    question = "::Same title:: Q {=a ~b}\n\n"
    return question * (MAX_UPLOAD_BYTES // len(question))


def pathological_markdown():
    """Every question's stem and options at their size limits, in the slowest Markdown known."""
    slow = "[a](" * (MAX_STEM_LENGTH // 4)
    option = "[a](" * 250
    options = "".join(f"- [{'x' if i == 0 else ' '}] {option}\n" for i in range(MAX_OPTIONS))
    question = "## q-{n}\n\n" + slow + "\n\n" + options + "\n"
    head = "---\npack: slow\ntitle: Slow\n---\n\n"
    count = min(MAX_UPLOAD_QUESTIONS, (MAX_UPLOAD_BYTES - len(head)) // len(question))
    return head + "".join(question.format(n=n) for n in range(count))


def aiken_error_flood():
    """An error on every line of a 2 MB file: collected up to the parser's limit."""
    return "Q\n" + "B. x\n" * (MAX_UPLOAD_BYTES // 5 - 1)


def _upload(client, name, text, file_format=""):
    return client.post(
        "/packs/upload/",
        {"file": SimpleUploadedFile(name, text.encode()), "file_format": file_format},
    )


def preview(name, make_text, file_format=""):
    def factory():
        client = signed_in_client(INSTRUCTOR)
        text = make_text()
        return lambda: _upload(client, name, text, file_format)

    return factory


def confirm(name, make_text, file_format=""):
    def factory():
        client = signed_in_client(INSTRUCTOR)
        response = _upload(client, name, make_text(), file_format)
        assert response.status_code == 200, response.content.decode()[-3000:]
        pending = PendingUpload.objects.filter(owner__username=INSTRUCTOR).latest("pk")
        return lambda: client.post(f"/packs/upload/{pending.pk}/confirm/")

    return factory


def stored_pathological_question():
    """A question stored before the limits, with a 72 KB autolink: shown as plain text."""
    question = Question.objects.filter(is_retired=False).first()
    question.stem = "<" + "a" * 72_000
    question.fingerprint = "stored-before-the-limits"
    question.save()
    client = signed_in_client(INSTRUCTOR)
    return lambda: client.get(question.get_absolute_url())


CASES = {
    "largest Markdown upload (1,000 questions, 2 MB), preview": preview(
        "worst.md", largest_markdown
    ),
    "largest Markdown upload, confirm": confirm("worst.md", largest_markdown),
    "largest GIFT upload, preview": preview("worst.gift", largest_gift),
    "largest GIFT upload, confirm": confirm("worst.gift", largest_gift),
    "largest Aiken upload, preview": preview("worst.txt", largest_aiken, "aiken"),
    "largest Aiken upload, confirm": confirm("worst.txt", largest_aiken, "aiken"),
    "front matter alias bomb, preview": preview("bomb.md", lambda: ALIAS_BOMB),
    "largest Moodle XML upload (2 MB), preview": preview("worst.xml", largest_moodle_xml),
    "largest Moodle XML upload, confirm": confirm("worst.xml", largest_moodle_xml),
    "Moodle XML entity bomb, preview": preview("bomb.xml", lambda: MOODLE_ENTITY_BOMB),
    "Anki download, a part of the largest pack, nothing cached": anki_download_of_largest_pack,
    "GIFT, one title repeated to 2 MB, preview": preview("same.gift", repeated_titles_gift),
    "pathological Markdown at the size limits, preview": preview("slow.md", pathological_markdown),
    "Aiken, an error on every line of 2 MB, preview": preview(
        "flood.txt", aiken_error_flood, "aiken"
    ),
    "stored 72 KB autolink stem, question page": stored_pathological_question,
}
