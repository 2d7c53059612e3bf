import pytest

from studyapp.sims.placement.javaregex import RegexError, compile_java_regex


def full(pattern, text):
    return compile_java_regex(pattern).fullmatch(text) is not None


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("t3.*", "t3.large", "xt3.large"),
        ("(?i)T3\\..*", "t3.large", "t3-large"),
        ("(?i:M5)\\.large", "m5.large", "m5.LARGE"),
        ("((?i)b|c)x", "Cx", "bX"),
        ("\\p{Alpha}+\\p{Digit}", "abc1", "ab_1"),
        ("\\P{Digit}+", "abc", "ab1"),
        ("[\\p{Upper}\\p{Digit}]+", "AB12", "Ab12"),
        ("\\p{javaLowerCase}+", "abc", "aBc"),
        ("\\Qc5.large\\E", "c5.large", "c5xlarge"),
        ("[\\Q.-\\E]+", ".-.", "a"),
        ("(?<size>x+)-\\k<size>", "xx-xx", "xx-x"),
        ("abc\\z", "abc", "abc\n"),
        ("abc\\Z", "abc", "abcd"),
        ("a*+b", "aab", "aa"),
        ("(?>a|ab)c", "ac", "abc"),
        ("\\x{41}\\x41\\u0041", "AAA", "AAB"),
        ("\\0101", "A", "0101"),
        ("\\cA", "\x01", "A"),
        ("\\e", "\x1b", "e"),
        ("a\\hb", "a\tb", "a\nb"),
        ("a\\vb", "a\nb", "a b"),
        ("a\\Rb", "a\r\nb", "ab"),
        ("[+--]+", "+,-", "."),
        ("(ab+)?c", "abbc", "abd"),
        ("(ab){2,3}", "ababab", "ab"),
    ],
)
def test_java_syntax_is_translated_to_the_same_meaning(pattern, matching, not_matching):
    assert full(pattern, matching)
    assert not full(pattern, not_matching)


def test_predefined_classes_are_ascii_unless_unicode_classes_are_asked_for():
    assert not full("\\w+", "café")
    assert full("(?U)\\w+", "café")
    assert not full("(?i)CAFÉ", "café")
    assert full("(?iu)CAFÉ", "café")


@pytest.mark.parametrize(
    ("pattern", "mentions"),
    [
        ("[a-d[m-p]]", "unions"),
        ("[a-z&&[^aeiou]]", "intersections"),
        ("\\p{L}+", "not supported"),
        ("\\p{IsLatin}", "not supported"),
        ("\\Gabc", "not supported"),
        ("\\X", "not supported"),
        ("(?d)a", "UNIX_LINES"),
        ("a(?i)b", "start of the pattern or of a group"),
        ("(?P<n>a)", "Python syntax"),
        ("(?#comment)a", "Python syntax"),
        ("(a)(?(1)b|c)", "Python syntax"),
        ("(a+)+b", "exponential"),
        ("(a|b)*c", "exponential"),
        ("((a|aa))+", "exponential"),
        ("(x*){2,}", "exponential"),
        ("(a{1,20})+", "exponential"),
        (".*.*.*.*x", "open-ended repetitions"),
        ("a{2,}b{3,}c*d+", "open-ended repetitions"),
        ("a{", "illegal repetition"),
        ("a{,3}", "illegal repetition"),
        ("(abc", "missing )"),
        ("abc)", "unmatched )"),
        ("[abc", "unterminated character class"),
        ("abc\\", "lone backslash"),
        ("*a", "invalid regular expression"),
        ("(?<=a+)b", "invalid regular expression"),
    ],
)
def test_unsupported_or_invalid_patterns_are_refused_with_a_reason(pattern, mentions):
    with pytest.raises(RegexError) as raised:
        compile_java_regex(pattern)
    assert mentions in str(raised.value)


def test_bounded_repetition_of_a_repeating_group_stays_allowed():
    assert full("(a+){2}", "aaa")
    assert full("(a+)?b", "aab")
    assert full("(a{1,3})+", "aaaa")


def test_lazy_and_possessive_modifiers_do_not_count_as_repetitions():
    assert full("a*?b+?c??x*", "abcxx")
    assert full("d*+e++f*+", "ddeeff")
    assert full(".*.*.*x", "abx")
