import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.lti import lms_roles, targets

slugs = st.from_regex(r"[-a-zA-Z0-9_]{1,100}", fullmatch=True)
any_target = st.one_of(
    st.just(targets.Target("exam")),
    st.builds(lambda topic: targets.Target("topic", topic=topic), slugs),
    st.builds(lambda pack: targets.Target("practice", pack), slugs),
    st.builds(lambda pack, topic: targets.Target("practice", pack, topic), slugs, slugs),
)


@given(any_target)
def test_a_target_survives_its_spec(target):
    assert targets.parse(target.spec()) == target


@given(st.text(max_size=300))
def test_any_text_parses_or_says_what_is_wrong(text):
    try:
        target = targets.parse(text)
    except targets.TargetError as error:
        assert str(error)
    else:
        assert target.kind in {"practice", "exam", "topic"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "no studyapp_target"),
        ("quiz:1", "is not practice"),
        ("practice:", "pack ''"),
        ("practice:a b", "pack 'a b'"),
        ("topic:x/y", "topic 'x/y'"),
        ("exam:extra", "is not practice"),
        ("practice:" + "a" * 300, "longer than 250"),
    ],
)
def test_bad_targets_are_named(spec, message):
    with pytest.raises(targets.TargetError, match=message):
        targets.parse(spec)


def test_only_practice_is_graded():
    assert targets.parse("practice:p").is_graded
    assert not targets.parse("exam").is_graded


@pytest.mark.parametrize(
    ("roles", "teaches", "learns"),
    [
        (["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], True, False),
        (["Learner"], False, True),
        (["http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper"], True, False),
        (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"], False, False),
        ([None, 3], False, False),
        (None, False, False),
    ],
)
def test_which_roles_teach_and_which_learn(roles, teaches, learns):
    assert lms_roles.teaches(roles) is teaches
    assert lms_roles.learns(roles) is learns
