import pytest
from django.core.management import CommandError, call_command

from studyapp.topics.models import Topic
from tests.conftest import write_topic

pytestmark = pytest.mark.django_db


def test_loadcontent_reports_counts(content_dir, capsys):
    call_command("loadcontent")
    assert "topics: 3 (3 added, 0 changed, 0 unchanged, 0 removed)" in capsys.readouterr().out
    call_command("loadcontent")
    assert "(0 added, 0 changed, 3 unchanged, 0 removed)" in capsys.readouterr().out


def test_loadcontent_prints_every_error_and_fails(content_dir, capsys):
    write_topic(content_dir, "bad-one", "---\nslug: bad-one\n---\n")
    write_topic(content_dir, "bad-two", "no front matter\n")
    with pytest.raises(CommandError, match=r"error\(s\); nothing was loaded"):
        call_command("loadcontent")
    errors = capsys.readouterr().err
    assert "bad-one.md:1: front matter is missing 'title'" in errors
    assert "bad-two.md:1: the file must start with a '---' line" in errors
    assert Topic.objects.count() == 0
