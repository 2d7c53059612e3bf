r"""
Java regular expressions (what ECS's `=~` and `!~` expect) on RE2, a linear-time engine.

The cluster query language documents java.util.regex.Pattern syntax and a whole-string match
(Java's `matches()`). The simulator evaluates a learner's pattern against thousands of instances
inside a web request, so it runs on RE2 (google-re2), whose matching time is linear in the text
whatever the pattern, and whose compiled program is capped at MAX_PROGRAM_MEMORY bytes.

Most syntax is shared. The translation spells in RE2 what Java writes differently and refuses,
with a message naming the construct, what RE2 cannot do:

- translated: `\Q...\E` quoting (also inside a class), `(?<name>...)`, the Java POSIX classes
  such as `\p{Alpha}` / `\p{javaLowerCase}` (ASCII, as in Java), Unicode categories and scripts
  with Java's prefixes (`\p{IsLu}`, `\p{IsLatin}`, `\p{sc=Greek}`), `\s` (Java's includes \x0B),
  `\h \H \v \V \R`, `\e \cX`, octal `\0nn` and `\uhhhh`; the `u` flag is dropped because RE2's
  `(?i)` already folds Unicode case (Java folds only ASCII without it).
- refused: backreferences (`\1`, `\k<name>`), lookahead and lookbehind, atomic groups and
  possessive quantifiers (`a*+`), `\Z \G \X`, character-class union and intersection
  (`[a-d[m-p]]`, `[a-z&&[^aeiou]]`), the flags `x` (COMMENTS), `d` (UNIX_LINES) and
  `U` (UNICODE_CHARACTER_CLASS), and Unicode blocks (`\p{InGreek}`).
- known differences, left as RE2 has them: `.` excludes only \n (Java also excludes \r, \x85,
  \u2028 and \u2029), and `$` without the m flag matches only at the very end of the text.
"""

import re

import re2

MAX_PATTERN_LENGTH = 1_000
# RE2's memory budget for one pattern: its compiled program plus its matching cache. Plenty for
# attribute patterns (`[a-z0-9-]{1,63}` is 255 instructions, `\pL{8}` about 9,600); past it,
# RE2 refuses to compile, so compiling costs a few milliseconds at most.
MAX_PROGRAM_MEMORY = 256 * 1024

POSIX_CLASSES = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
    "javaLowerCase": "a-z",
    "javaUpperCase": "A-Z",
    "javaWhitespace": " \\t\\n\\x0b\\f\\r\\x1c-\\x1f",
    "IsAlphabetic": "a-zA-Z",
    "IsDigit": "0-9",
    "IsLowercase": "a-z",
    "IsUppercase": "A-Z",
    "IsWhite_Space": " \\t\\n\\x0b\\f\\r",
}
UNICODE_PROPERTY_PREFIXES = ("Is", "sc=", "script=", "gc=", "general_category=")
HORIZONTAL_SPACE = " \\t\\x{a0}\\x{1680}\\x{180e}\\x{2000}-\\x{200a}\\x{202f}\\x{205f}\\x{3000}"
VERTICAL_SPACE = "\\n\\x0b\\f\\r\\x{85}\\x{2028}\\x{2029}"
JAVA_SPACE = "\\t\\n\\x0b\\f\\r "
RE2_FLAGS = frozenset("ims")
REFUSED_FLAGS = {
    "x": "the x (COMMENTS) flag is not supported; remove the white space and comments",
    "d": "the d (UNIX_LINES) flag is not supported",
    "U": "the U (UNICODE_CHARACTER_CLASS) flag is not supported; use Unicode classes such as "
    "\\p{L} or \\p{N}",
}
REFUSED_GROUPS = {
    "?=": "lookahead (?=...) is not supported",
    "?!": "negative lookahead (?!...) is not supported",
    "?<=": "lookbehind (?<=...) is not supported",
    "?<!": "negative lookbehind (?<!...) is not supported",
    "?>": "atomic groups (?>...) are not supported",
}
REFUSED_ESCAPES = {
    "k": "backreferences such as \\k<name> are not supported",
    "Z": "\\Z is not supported; use \\z",
    "G": "\\G is not supported",
    "X": "\\X is not supported",
}
REPETITION = re.compile(r"\{[0-9]+(,[0-9]*)?\}")
FLAG_GROUP = re.compile(r"\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
NAMED_GROUP = re.compile(r"\?<([A-Za-z][A-Za-z0-9]*)>")


class RegexError(ValueError):
    """A pattern that is not valid Java, or valid Java that RE2 cannot express."""


class JavaRegex:
    """
    A compiled pattern; `matches(text)` is Java's whole-string `matches()`.

    RE2's time is linear in the text but not small: a pattern whose automaton explodes, such
    as `[ab]*a[ab]{16}`, builds a new state for every byte, about 80 ns per byte and program
    instruction. So each match not answered before charges `work.spend(units)` with
    (UTF-8 bytes + 1) x program instructions, and the caller's budget decides when to stop.
    """

    def __init__(self, compiled, work):
        self._fullmatch = compiled.fullmatch
        self.program_size = compiled.programsize
        self._work = work
        # A simulation asks about the same few attribute values over and over.
        self._answers = {}

    def matches(self, text):
        answer = self._answers.get(text)
        if answer is None:
            # surrogatepass: a lone surrogate is an unmatched code point, not a crash.
            encoded = text.encode("utf-8", "surrogatepass")
            self._work.spend((len(encoded) + 1) * self.program_size)
            answer = self._fullmatch(encoded) is not None
            self._answers[text] = answer
        return answer


def compile_java_regex(pattern, work):
    """
    Compile a Java pattern for a whole-string match, charging its matching to `work` (see
    JavaRegex); RegexError says what is wrong with the pattern.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RegexError(f"the pattern is longer than {MAX_PATTERN_LENGTH:,} characters")
    translated = _Translator(pattern).translate()
    options = re2.Options()
    options.max_mem = MAX_PROGRAM_MEMORY
    options.log_errors = False
    try:
        compiled = re2.compile(translated.encode("utf-8", "surrogatepass"), options)
    except re2.error as error:
        raise RegexError(_explain(error)) from None
    return JavaRegex(compiled, work)


def _explain(error):
    reason = error.args[0] if error.args else ""
    if isinstance(reason, bytes):
        reason = reason.decode("utf-8", "replace")
    if reason.startswith("pattern too large"):
        return (
            f"the pattern is too large to run: it needs more than {MAX_PROGRAM_MEMORY // 1024} KB "
            "compiled (large repetition counts multiply); simplify it"
        )
    return f"invalid regular expression: {reason}"


def _literal(text):
    """Characters that match themselves, inside or outside a class."""
    return "".join(char if char.isalnum() else f"\\x{{{ord(char):x}}}" for char in text)


class _Translator:
    def __init__(self, pattern):
        self.pattern = pattern
        self.position = 0
        self.output = []
        self.after_repetition = False

    def translate(self):
        pattern = self.pattern
        while self.position < len(pattern):
            char = pattern[self.position]
            repeats = False
            if char == "\\":
                self._escape(in_class=False)
            elif char == "[":
                self._character_class()
            elif char == "(":
                self._open_group()
            elif char in "*+?{":
                repeats = self._quantifier()
            else:
                self._emit(char)
            self.after_repetition = repeats
        return "".join(self.output)

    def _emit(self, text, advance=1):
        self.output.append(text)
        self.position += advance

    def _quantifier(self):
        """Emit a quantifier; True if it repeats what precedes it, False for a lazy `?`."""
        pattern = self.pattern
        start = self.position
        char = pattern[start]
        if self.after_repetition and char == "+":
            raise RegexError(
                f"possessive quantifiers such as a*+ are not supported (position {start + 1})"
            )
        if self.after_repetition and char == "?":
            self._emit(char)
            return False
        if char != "{":
            self._emit(char)
            return True
        bounds = REPETITION.match(pattern, start)
        if not bounds:
            end = pattern.find("}", start)
            written = pattern[start : end + 1] if end != -1 else "{"
            raise RegexError(f"illegal repetition near position {start + 1}: {written!r}")
        self._emit(bounds.group(), advance=bounds.end() - start)
        return True

    def _open_group(self):
        rest = self.pattern[self.position + 1 :]
        if not rest.startswith("?"):
            self._emit("(")
            return
        for opener, message in REFUSED_GROUPS.items():
            if rest.startswith(opener):
                raise RegexError(message)
        named = NAMED_GROUP.match(rest)
        if named:
            self._emit(f"(?P<{named.group(1)}>", advance=1 + named.end())
            return
        flags = FLAG_GROUP.match(rest)
        if not flags:
            raise RegexError(f"unknown group construct at position {self.position + 1}")
        on, off = self._re2_flags(flags.group(1)), self._re2_flags(flags.group(2) or "")
        spelled = on + (f"-{off}" if off else "")
        closer = flags.group(3)
        if spelled or closer == ":":
            self.output.append(f"(?{spelled}{closer}")
        self.position += 1 + flags.end()

    def _re2_flags(self, java_flags):
        for flag in java_flags:
            if flag in REFUSED_FLAGS:
                raise RegexError(REFUSED_FLAGS[flag])
            if flag not in RE2_FLAGS and flag != "u":
                raise RegexError(f"unknown inline flag {flag!r}")
        return "".join(flag for flag in java_flags if flag in RE2_FLAGS)

    def _character_class(self):
        pattern = self.pattern
        self._emit("[")
        if pattern.startswith("^", self.position):
            self._emit("^")
        if pattern.startswith("]", self.position):
            self._emit("\\]")
        while self.position < len(pattern):
            char = pattern[self.position]
            if char == "]":
                self._emit("]")
                return
            if char == "\\":
                self._escape(in_class=True)
            elif char == "[":
                raise RegexError("Java character-class unions such as [a-d[m-p]] are not supported")
            elif pattern.startswith("&&", self.position):
                raise RegexError(
                    "Java character-class intersections such as [a-z&&[^aeiou]] are not supported"
                )
            else:
                self._emit(char)
        raise RegexError("invalid regular expression: unterminated character class")

    def _escape(self, in_class):
        pattern = self.pattern
        if self.position + 1 >= len(pattern):
            raise RegexError("invalid regular expression: the pattern ends with a lone backslash")
        letter = pattern[self.position + 1]
        after = self.position + 2
        if letter == "Q":
            end = pattern.find("\\E", after)
            literal = pattern[after:] if end == -1 else pattern[after:end]
            self._emit(
                _literal(literal), advance=(len(pattern) if end == -1 else end + 2) - self.position
            )
        elif letter in "123456789":
            raise RegexError(f"backreferences such as \\{letter} are not supported")
        elif letter in REFUSED_ESCAPES:
            raise RegexError(REFUSED_ESCAPES[letter])
        elif letter in "pP":
            self._property(letter, in_class)
        elif letter in "sS":
            self._set(JAVA_SPACE, negated=letter == "S", in_class=in_class, name=letter)
        elif letter in "hH":
            self._set(HORIZONTAL_SPACE, negated=letter == "H", in_class=in_class, name=letter)
        elif letter in "vV":
            self._set(VERTICAL_SPACE, negated=letter == "V", in_class=in_class, name=letter)
        elif letter == "R" and not in_class:
            self._emit(f"(?:\\r\\n|[{VERTICAL_SPACE}])", advance=2)
        elif letter == "e":
            self._emit("\\x1b", advance=2)
        elif letter == "c":
            if after >= len(pattern):
                raise RegexError("invalid regular expression: \\c needs a control letter")
            self._emit(f"\\x{{{ord(pattern[after]) ^ 64:x}}}", advance=3)
        elif letter == "0":
            digits = re.match(r"[0-3]?[0-7]{1,2}", pattern[after:])
            if not digits:
                raise RegexError("invalid regular expression: \\0 needs octal digits")
            self._emit(f"\\x{{{int(digits.group(), 8):x}}}", advance=2 + digits.end())
        elif letter == "u":
            digits = re.match(r"[0-9a-fA-F]{4}", pattern[after:])
            if not digits:
                raise RegexError("invalid regular expression: \\u needs four hex digits")
            self._emit(f"\\x{{{digits.group()}}}", advance=6)
        else:
            self._emit(pattern[self.position : after], advance=2)

    def _set(self, members, negated, in_class, name):
        if in_class and negated:
            raise RegexError(f"\\{name} inside a character class is not supported")
        self._emit(members if in_class else f"[{'^' if negated else ''}{members}]", advance=2)

    def _property(self, letter, in_class):
        pattern = self.pattern
        after = self.position + 2
        if pattern.startswith("{", after):
            end = pattern.find("}", after)
            if end == -1:
                raise RegexError(f"invalid regular expression: unclosed \\{letter}{{")
            name = pattern[after + 1 : end]
            length = end + 1 - self.position
        else:
            name = pattern[after : after + 1]
            length = 3
        posix = name.removeprefix("Is") if name.removeprefix("Is") in POSIX_CLASSES else name
        if posix in POSIX_CLASSES:
            self._set(POSIX_CLASSES[posix], letter == "P", in_class, f"{letter}{{{name}}}")
            self.position += length - 2
            return
        if name.startswith("In"):
            raise RegexError(f"Unicode blocks such as \\{letter}{{{name}}} are not supported")
        unicode_name = name
        for prefix in UNICODE_PROPERTY_PREFIXES:
            unicode_name = unicode_name.removeprefix(prefix)
        if not re.fullmatch(r"[A-Za-z_]+", unicode_name):
            raise RegexError(f"\\{letter}{{{name}}} is not a character class")
        self._emit(f"\\{letter}{{{unicode_name}}}", advance=length)
