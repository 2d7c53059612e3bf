import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.sims.placement import javaregex
from studyapp.sims.placement.javaregex import (
    MAX_PATTERN_LENGTH,
    MAX_PROGRAM_MEMORY,
    RegexError,
    compile_java_regex,
)


class Work:
    """A budget that only counts what the patterns charge it."""

    def __init__(self):
        self.spent = 0

    def spend(self, units):
        self.spent += units


def compile_counted(pattern):
    return compile_java_regex(pattern, Work())


def full(pattern, text):
    return compile_counted(pattern).matches(text)


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("t3.*", "t3.large", "xt3.large"),
        ("(?i)T3\\..*", "t3.large", "t3-large"),
        ("(?i:M5)\\.large", "m5.large", "m5.LARGE"),
        ("((?i)b|c)x", "Cx", "bX"),
        ("a(?i)b", "aB", "AB"),
        ("\\p{Alpha}+\\p{Digit}", "abc1", "ab_1"),
        ("\\P{Digit}+", "abc", "ab1"),
        ("[\\p{Upper}\\p{Digit}]+", "AB12", "Ab12"),
        ("\\p{javaLowerCase}+", "abc", "aBc"),
        ("\\p{IsAlphabetic}\\p{IsDigit}", "a1", "11"),
        ("\\p{L}+", "café", "caf1"),
        ("\\pL\\p{IsLu}", "aÉ", "aé"),
        ("\\p{IsLatin}+", "abé", "ab\u03b3"),
        ("\\p{sc=Greek}", "\u03b3", "g"),
        ("\\Qc5.large\\E", "c5.large", "c5xlarge"),
        ("\\Q(a|b)*", "(a|b)*", "a"),
        ("[\\Q.-\\E]+", ".-.", "a"),
        ("(?<size>x+)-y", "xx-y", "-y"),
        ("abc\\z", "abc", "abc\n"),
        ("\\x{41}\\x41\\u0041", "AAA", "AAB"),
        ("\\0101", "A", "0101"),
        ("\\cA", "\x01", "A"),
        ("\\e", "\x1b", "e"),
        ("a\\hb", "a\u00a0b", "a\nb"),
        ("a\\Hb", "a-b", "a\tb"),
        ("a\\vb", "a\u2028b", "a b"),
        ("a\\Vb", "a b", "a\nb"),
        ("a\\Rb", "a\r\nb", "ab"),
        ("a\\sb", "a\x0bb", "a_b"),
        ("a\\Sb", "a_b", "a\x0bb"),
        ("[\\s,]+", " ,\x0b", "a"),
        ("[+--]+", "+,-", "."),
        ("(ab+)?c", "abbc", "abd"),
        ("(ab){2,3}", "ababab", "ab"),
        ("a*?b+?c??x*", "abcxx", "abcy"),
        ("(?u)\\w+", "abc_1", "café"),
        ("(a|b)*c", "ababc", "abab"),
    ],
)
def test_java_syntax_is_translated_to_the_same_meaning(pattern, matching, not_matching):
    assert full(pattern, matching)
    assert not full(pattern, not_matching)


def test_predefined_classes_are_ascii_as_in_java():
    assert not full("\\w+", "café")
    assert not full("\\d", "\u0663")
    assert full("\\p{N}", "\u0663")


@pytest.mark.parametrize(
    ("pattern", "mentions"),
    [
        ("(a)\\1", "backreferences"),
        ("(?<n>a)\\k<n>", "backreferences"),
        ("(?=a)a", "lookahead"),
        ("(?!a)b", "negative lookahead"),
        ("(?<=a)b", "lookbehind"),
        ("(?<!a)b", "negative lookbehind"),
        ("(?>a|ab)c", "atomic groups"),
        ("a*+b", "possessive"),
        ("a++", "possessive"),
        ("a{2}+", "possessive"),
        ("[a-d[m-p]]", "unions"),
        ("[a-z&&[^aeiou]]", "intersections"),
        ("\\p{InGreek}", "blocks"),
        ("\\p{Nope}", "invalid regular expression"),
        ("\\p{Alpha", "unclosed"),
        ("\\Gabc", "not supported"),
        ("\\X", "not supported"),
        ("abc\\Z", "use \\z"),
        ("(?d)a", "UNIX_LINES"),
        ("(?x)a b", "COMMENTS"),
        ("(?U)\\w", "UNICODE_CHARACTER_CLASS"),
        ("(?q)a", "unknown inline flag"),
        ("(?#comment)a", "unknown group construct"),
        ("[^\\S]", "inside a character class"),
        ("a{", "illegal repetition"),
        ("a{,3}", "illegal repetition"),
        ("a{1001}", "invalid repetition size"),
        ("(abc", "missing )"),
        ("abc)", "unexpected )"),
        ("[abc", "unterminated character class"),
        ("abc\\", "lone backslash"),
        ("*a", "invalid regular expression"),
        ("\\y", "invalid escape"),
        ("\\u12", "four hex digits"),
        ("a\\c", "control letter"),
        ("\\0", "octal digits"),
    ],
)
def test_unsupported_or_invalid_patterns_are_refused_with_a_reason(pattern, mentions):
    with pytest.raises(RegexError) as raised:
        compile_counted(pattern)
    assert mentions in str(raised.value)


def test_a_pattern_longer_than_the_limit_is_refused_before_compiling(monkeypatch):
    monkeypatch.setattr(javaregex.re2, "compile", None)
    with pytest.raises(RegexError, match="longer than 1,000 characters"):
        compile_counted("a" * (MAX_PATTERN_LENGTH + 1))


def test_a_pattern_whose_program_outgrows_the_memory_cap_is_refused():
    with pytest.raises(RegexError) as raised:
        compile_counted("(\\p{L}{1,30}){1,30}")
    assert f"more than {MAX_PROGRAM_MEMORY // 1024} KB" in str(raised.value)


# Each of these bypassed the old hand-written guard against catastrophic backtracking, or was
# refused by it although harmless. RE2 compiles them to a small program whose matching time is
# linear in the text, so the program size (not the clock) is what the test pins.
@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("(?i)(a+)+b", "a" * 5_000, False),
        ("(a{1,16}){1,16}", "a" * 256, True),
        ("(a{1,16}){1,16}", "a" * 257, False),
        ("(.*a){12}x", "a" * 5_000, False),
        ("a*a*a*b", "a" * 5_000, False),
        (".*.*.*.*x", "a" * 5_000 + "x", True),
        ("(a|b)*c", "ab" * 2_500, False),
        ("(x+x+)+y", "x" * 5_000, False),
    ],
)
def test_patterns_that_backtrack_exponentially_elsewhere_run_on_a_small_linear_program(
    pattern, text, expected
):
    work = Work()
    compiled = compile_java_regex(pattern, work)
    assert compiled.program_size < 1_000
    assert compiled.matches(text) is expected
    assert work.spent == (len(text) + 1) * compiled.program_size


def test_answers_are_remembered_per_text_and_charged_once():
    work = Work()
    compiled = compile_java_regex("t[23]\\..*", work)
    calls = []
    real = compiled._fullmatch
    compiled._fullmatch = lambda text: calls.append(text) or real(text)
    assert [compiled.matches(text) for text in ["t2.a", "t4.a", "t2.a", "t4.a"]] == [
        True,
        False,
        True,
        False,
    ]
    assert len(calls) == 2
    assert work.spent == (5 + 5) * compiled.program_size


def test_a_lone_surrogate_in_the_text_or_the_pattern_is_no_crash():
    assert full("a.", "a\ud800")
    assert not full("ab", "a\ud800")
    assert not full("\ud800", "a")


# A grammar of the syntax Java, RE2 and Python spell alike; on it, the translation must agree
# with Python's backtracking `re.fullmatch`.
ALPHABET = "abc\n"
atoms = st.sampled_from(["a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "\\w", "\\s", "\\d", "x"])


def _grouped(inner):
    return st.builds(
        lambda body, capture: f"({'' if capture else '?:'}{body})", inner, st.booleans()
    )


def _quantified(inner):
    quantifiers = st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"])
    lazy = st.sampled_from(["", "?"])
    return st.builds(lambda body, q, z: f"(?:{body}){q}{z}", inner, quantifiers, lazy)


patterns = st.recursive(
    atoms,
    lambda inner: st.one_of(
        _grouped(inner),
        _quantified(inner),
        st.lists(inner, min_size=2, max_size=4).map("".join),
        st.lists(inner, min_size=2, max_size=3).map("|".join).map(lambda body: f"(?:{body})"),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(pattern=patterns, texts=st.lists(st.text(ALPHABET, max_size=8), min_size=1, max_size=8))
def test_the_translation_agrees_with_a_backtracking_engine_on_shared_syntax(pattern, texts):
    compiled = compile_counted(pattern)
    reference = re.compile(pattern, re.ASCII)
    for text in texts:
        assert compiled.matches(text) == (reference.fullmatch(text) is not None), (pattern, text)
