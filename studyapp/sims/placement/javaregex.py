r"""
Java regular expressions (what ECS's `=~` and `!~` expect) run on Python's `re`.

The cluster query language documents java.util.regex.Pattern syntax and a whole-string match
(Java's `matches()`), so a pattern is translated to Python syntax and compiled for `fullmatch`.
Most syntax is shared; the translation handles what differs and refuses, with a message naming
the construct, what Python cannot do faithfully:

- translated: `\Q...\E` quoting, `(?<name>...)` and `\k<name>`, POSIX and Java classes such
  as `\p{Alpha}` / `\p{javaLowerCase}` (ASCII, as in Java), `\h \H \v \V \R`, `\z \Z`,
  `\e \a \cX`, octal `\0nn`, `\x{...}`; inline flags `(?i)` `(?-i)` at the start of the pattern
  or of a group become scoped groups; `u` and `U` switch to Unicode classes, as they do in Java.
- refused: character-class union and intersection (`[a-d[m-p]]`, `[a-z&&[^aeiou]]`), Unicode
  `\p{...}` categories and scripts, `\G`, `\X`, the `d` (UNIX_LINES) flag, inline flags in the
  middle of a group (Python would change what they apply to), Python-only syntax (`(?P...)`,
  `(?#...)`, `(?(1)...)`).
- refused for safety, because Python's engine backtracks and the simulator evaluates a pattern
  for thousands of instances inside a web request: a group that holds a repetition or an
  alternation and is itself repeated without bound, such as `(a+)+` or `(a|b)*` (exponential
  time; write `a+`, `[ab]*`), and more than 3 open-ended repetitions (`*`, `+`, `{n,}`, or
  `{n,m}` with m > 16) in one pattern (`.*.*.*.*x` takes minutes over 5,000 instances).

Without `u`/`U`, `\d \w \s \b` and case-insensitivity are ASCII-only, as in Java, so the pattern
is compiled with re.ASCII.
"""

import re
from dataclasses import dataclass

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
HORIZONTAL_SPACE = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
VERTICAL_SPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"
PYTHON_FLAGS = {"i": "i", "m": "m", "s": "s", "x": "x"}
UNICODE_FLAGS = {"u", "U"}
MAX_OPEN_ENDED_REPETITIONS = 3
LONG_REPETITION = 16


class RegexError(ValueError):
    """A pattern that is not valid Java, or valid Java that the translation refuses."""


@dataclass
class _Group:
    opened_at: int
    extra_closers: int = 0
    holds_repetition: bool = False
    holds_alternation: bool = False


def compile_java_regex(pattern):
    """Compile a Java pattern for `fullmatch`; RegexError says what is wrong or unsupported."""
    python_pattern, unicode = _Translator(pattern).translate()
    flags = 0 if unicode else re.ASCII
    try:
        return re.compile(python_pattern, flags)
    except (re.error, OverflowError, RecursionError) as error:
        raise RegexError(f"invalid regular expression: {error}") from None


class _Translator:
    def __init__(self, pattern):
        self.pattern = pattern
        self.position = 0
        self.output = []
        self.groups = [_Group(opened_at=0)]
        self.unicode = False
        self.last_atom_closed_group = None
        self.after_quantifier = False
        self.open_ended_repetitions = 0

    def translate(self):
        pattern = self.pattern
        while self.position < len(pattern):
            char = pattern[self.position]
            closed_group = None
            quantified = False
            if char == "\\":
                self._escape(in_class=False)
            elif char == "[":
                self._character_class()
            elif char == "(":
                self._open_group()
            elif char == ")":
                closed_group = self._close_group()
            elif char == "|":
                self.groups[-1].holds_alternation = True
                self._emit(char)
            elif char in "*+?{":
                quantified = self._quantifier()
            else:
                self._emit(char)
            self.last_atom_closed_group = closed_group
            self.after_quantifier = quantified
        if len(self.groups) > 1:
            raise RegexError("invalid regular expression: missing ), unterminated group")
        self.output.append(")" * self.groups[0].extra_closers)
        return "".join(self.output), self.unicode

    def _emit(self, text, advance=1):
        self.output.append(text)
        self.position += advance

    def _quantifier(self):
        """Emit a quantifier; True if it repeats what precedes it, False for a ? or + modifier."""
        pattern = self.pattern
        start = self.position
        if self.after_quantifier and pattern[start] in "?+":
            self._emit(pattern[start])
            return False
        if pattern[start] == "{":
            end = pattern.find("}", start)
            quantifier = pattern[start : end + 1] if end != -1 else "{"
            bounds = re.fullmatch(r"\{[0-9]+(,([0-9]*))?\}", quantifier)
            if not bounds:
                raise RegexError(f"illegal repetition near position {start + 1}: {quantifier!r}")
            open_ended = bool(bounds.group(1)) and (
                not bounds.group(2) or int(bounds.group(2)) > LONG_REPETITION
            )
        else:
            quantifier = pattern[start]
            open_ended = quantifier != "?"
        group = self.last_atom_closed_group
        if open_ended and group is not None and (group.holds_repetition or group.holds_alternation):
            raise RegexError(
                "a repeated group that itself repeats or alternates, such as (a+)+ or (a|b)*, "
                "can take exponential time; rewrite it without the nested repetition"
            )
        if open_ended:
            self.groups[-1].holds_repetition = True
            self.open_ended_repetitions += 1
            if self.open_ended_repetitions > MAX_OPEN_ENDED_REPETITIONS:
                raise RegexError(
                    f"more than {MAX_OPEN_ENDED_REPETITIONS} open-ended repetitions (*, +, {{n,}}) "
                    "can take very long to match; simplify the pattern"
                )
        self._emit(quantifier, advance=len(quantifier))
        return True

    def _open_group(self):
        pattern = self.pattern
        rest = pattern[self.position + 1 :]
        group = _Group(opened_at=len(self.output))
        if not rest.startswith("?"):
            self.groups.append(group)
            self._emit("(")
            return
        if rest.startswith(("?:", "?=", "?!", "?<=", "?<!", "?>")):
            length = 4 if rest.startswith(("?<=", "?<!")) else 3
            self.groups.append(group)
            self._emit(pattern[self.position : self.position + length], advance=length)
            return
        if rest.startswith(("?P", "?#", "?(")):
            raise RegexError(f"{'(' + rest[:2]!r} is Python syntax, not Java")
        named = re.match(r"\?<([A-Za-z][A-Za-z0-9]*)>", rest)
        if named:
            self.groups.append(group)
            self._emit(f"(?P<{named.group(1)}>", advance=1 + named.end())
            return
        flags = re.match(r"\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", rest)
        if not flags:
            raise RegexError(f"unknown group construct at position {self.position + 1}")
        on, off = self._python_flags(flags.group(1)), self._python_flags(flags.group(2) or "")
        spelled = on + (f"-{off}" if off else "")
        if flags.group(3) == ":":
            self.groups.append(group)
            self._emit(f"(?{spelled}:" if spelled else "(?:", advance=1 + flags.end())
            return
        if not self._at_start_of_group():
            raise RegexError(
                "inline flags such as (?i) are supported only at the start of the pattern or of "
                "a group; use a scoped group such as (?i:abc)"
            )
        if spelled:
            self.output.append(f"(?{spelled}:")
            self.groups[-1].extra_closers += 1
        self.position += 1 + flags.end()

    def _at_start_of_group(self):
        current = self.groups[-1]
        emitted_since_open = self.output[current.opened_at + (1 if len(self.groups) > 1 else 0) :]
        return all(piece.startswith("(?") and piece.endswith(":") for piece in emitted_since_open)

    def _python_flags(self, java_flags):
        spelled = []
        for flag in java_flags:
            if flag in UNICODE_FLAGS:
                self.unicode = True
            elif flag in PYTHON_FLAGS:
                spelled.append(PYTHON_FLAGS[flag])
            elif flag == "d":
                raise RegexError("the d (UNIX_LINES) flag is not supported")
            else:
                raise RegexError(f"unknown inline flag {flag!r}")
        return "".join(spelled)

    def _close_group(self):
        if len(self.groups) == 1:
            raise RegexError(f"unmatched ) at position {self.position + 1}")
        group = self.groups.pop()
        self._emit(")" * group.extra_closers + ")")
        parent = self.groups[-1]
        parent.holds_repetition |= group.holds_repetition
        parent.holds_alternation |= group.holds_alternation
        return group

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
                doubled = char in "-|~" and pattern[self.position - 1] == char
                self._emit("\\" + char if doubled else char)
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
                re.escape(literal), advance=(len(pattern) if end == -1 else end + 2) - self.position
            )
        elif letter in "pP":
            self._property(letter, in_class)
        elif letter in "hHvV":
            negated = letter in "HV"
            members = HORIZONTAL_SPACE if letter in "hH" else VERTICAL_SPACE
            text = members if in_class and not negated else f"[{'^' if negated else ''}{members}]"
            if in_class and negated:
                raise RegexError(f"\\{letter} inside a character class is not supported")
            self._emit(text, advance=2)
        elif letter == "R" and not in_class:
            self._emit(f"(?:\\r\\n|[{VERTICAL_SPACE}])", advance=2)
        elif letter == "z" and not in_class:
            self._emit("\\Z", advance=2)
        elif letter == "Z" and not in_class:
            self._emit("(?=\\n?\\Z)", advance=2)
        elif letter in "GX" or (letter in "RzZ" and in_class):
            raise RegexError(f"\\{letter} is not supported")
        elif letter == "e":
            self._emit("\\x1b", advance=2)
        elif letter == "c":
            if after >= len(pattern):
                raise RegexError("invalid regular expression: \\c needs a control letter")
            self._emit(f"\\x{ord(pattern[after]) ^ 64:02x}", advance=3)
        elif letter == "0":
            digits = re.match(r"[0-3]?[0-7]{1,2}", pattern[after:])
            if not digits:
                raise RegexError("invalid regular expression: \\0 needs octal digits")
            self._emit(f"\\x{int(digits.group(), 8):02x}", advance=2 + digits.end())
        elif letter == "x" and pattern.startswith("{", after):
            end = pattern.find("}", after)
            digits = pattern[after + 1 : end] if end != -1 else ""
            if not re.fullmatch(r"[0-9a-fA-F]{1,6}", digits) or int(digits, 16) > 0x10FFFF:
                raise RegexError("invalid regular expression: bad \\x{...} escape")
            self._emit(f"\\U{int(digits, 16):08x}", advance=end + 1 - self.position)
        elif letter == "k":
            name = re.match(r"<([A-Za-z][A-Za-z0-9]*)>", pattern[after:])
            if not name:
                raise RegexError("invalid regular expression: \\k needs a <name>")
            self._emit(f"(?P={name.group(1)})", advance=2 + name.end())
        else:
            self._emit(pattern[self.position : after], advance=2)

    def _property(self, letter, in_class):
        pattern = self.pattern
        after = self.position + 2
        if pattern.startswith("{", after):
            end = pattern.find("}", after)
            name = pattern[after + 1 : end] if end != -1 else ""
            length = end + 1 - self.position if end != -1 else 0
        else:
            name = pattern[after : after + 1]
            length = 3
        name = name.removeprefix("Is") if name.removeprefix("Is") in POSIX_CLASSES else name
        if name not in POSIX_CLASSES or not length:
            raise RegexError(
                f"\\{letter}{{{name}}} is not supported; use a POSIX class such as \\p{{Alpha}} "
                "or \\p{Digit}, or an explicit character class"
            )
        members = POSIX_CLASSES[name]
        if letter == "P" and in_class:
            raise RegexError("\\P{...} inside a character class is not supported")
        if in_class:
            self._emit(members, advance=length)
        else:
            self._emit(f"[{'^' if letter == 'P' else ''}{members}]", advance=length)
