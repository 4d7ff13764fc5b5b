"""The `pattern` kind: a regular expression that must, or must not, occur."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import re2

try:  # the compiled core of google-re2's module, which its Python layer wraps: not a public interface
    from re2 import _re2
except ImportError:  # a google-re2 laid out otherwise: every document is searched for matches, as ever
    _re2 = None

from corpusval.document import Document, line_span
from corpusval.kinds._base import Kind, OptionError, Violation, clip

_QUOTE_LIMIT = 80
_SURROGATE = re.compile("[\ud800-\udfff]")
_NO_SPAN = (-1, -1)


def compile_pattern(option: str, source: str, *, ignore_case: bool = False) -> re2._Regexp:
    """Compile an RE2 pattern in which `^` and `$` match at every line, as in grep.

    RE2 runs in time linear in the text, so no pattern in a rule file can hang a
    run on a hostile document; the price is no look-around and no backreferences.
    """
    options = _options(ignore_case)
    if _SURROGATE.search(source):  # a YAML "\ud800" escape makes one; RE2 reads UTF-8, which cannot hold it
        raise OptionError(option, f"/{_matchable(source)}/ holds a lone surrogate (an escape from \\ud800 to \\udfff)")
    try:
        return re2.compile(f"(?m){source}", options=options)
    except re2.error as error:
        reason = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
        raise OptionError(
            option,
            f"RE2 cannot compile /{source}/: {reason} (corpusval uses RE2 so that no pattern can hang a run:"
            " it has no look-around and no backreferences)",
        ) from None


def _options(ignore_case: bool) -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    return options


class _Screen:
    """Tells, from a document's text, that a pattern matches nowhere in it, at less cost than a search for matches.

    The finding path searches through the re2 module, whose Python per search and per match costs as much as
    RE2's own scan of a news story; this runs RE2 once on the text's UTF-8, through the module's compiled
    core. A pattern that starts with `^` and has no `|` outside parentheses matches only at a line's start:
    it matches somewhere exactly when `\\n(?:rest)` matches in the text with a line break put before it, a
    search RE2 starts only at each line break (found with memchr), not at every byte. That holds while
    nothing in the rest asks for the start of the text (`\\A`, an inline flag such as `(?-m)`): then, and for
    any other pattern, the pattern itself is searched for.
    """

    def __init__(self, source: str, ignore_case: bool) -> None:
        rest = _line_start_rest(source)
        if rest is not None:
            try:  # the case applies to the rest alone, so that RE2 can skip to each "\n" with memchr
                self._regexp = _re2.RE2(f"(?m)\n(?{'i' if ignore_case else ''}:{rest})".encode(), _options(False))
            except re2.error:
                rest = None
        if rest is None:
            self._regexp = _re2.RE2(f"(?m){source}".encode(), _options(ignore_case))
        self._prefix = "" if rest is None else "\n"

    def rules_out(self, text: str) -> bool:
        """Whether the pattern matches nowhere in `text` (False: it may match)."""
        try:
            data = (self._prefix + text).encode("utf-8")
        except UnicodeEncodeError:  # as `_matchable` makes it
            data = (self._prefix + _SURROGATE.sub("\ufffd", text)).encode("utf-8")
        return bool(self._regexp.Match(_re2.RE2.Anchor.UNANCHORED, data, 0, len(data))[0] == _NO_SPAN)


def _line_start_rest(source: str) -> str | None:
    """What follows the `^` that starts `source` when that `^` anchors all of it, else None.

    Read conservatively: escapes are skipped two characters at a time (no longer escape holds a
    parenthesis, a bar or a bracket), and `\\Q`, `\\A`, inline flags, a bracket inside a character
    class or a quantifier right after the `^` make it None.
    """
    if not source.startswith("^") or source[1:2] in ("", "*", "+", "?", "{") or "\\Q" in source or "\\A" in source:
        return None
    depth, index = 0, 1
    while index < len(source):
        character = source[index]
        if character == "\\":
            index += 2
            continue
        if character == "[":
            end = _class_end(source, index)
            if end is None:
                return None
            index = end
            continue
        if character == "(":
            if source.startswith("(?", index) and not source.startswith(("(?:", "(?P<"), index):
                return None  # an inline flag (`(?i)`, `(?-m:...)`) or syntax this reading does not know
            depth += 1
        elif character == ")":
            depth -= 1
            if depth < 0:
                return None
        elif character == "|" and depth == 0:
            return None
        index += 1
    return source[1:] if depth == 0 else None


def _class_end(source: str, start: int) -> int | None:
    """The offset after the character class opened at `start`, or None when it holds a bracket or is not closed."""
    index = start + 1
    if source.startswith("^", index):
        index += 1
    if source.startswith("]", index):  # a "]" first in a class is one of its characters
        index += 1
    while index < len(source):
        character = source[index]
        if character == "\\":
            index += 2
        elif character == "[":
            return None  # `[:alpha:]`, or a literal "[": not read here
        elif character == "]":
            return index + 1
        else:
            index += 1
    return None


def _matchable(text: str) -> str:
    """`text` as RE2 can read it: a lone surrogate (a JSON record's "\\ud800") becomes U+FFFD, one for one.

    RE2 reads UTF-8, which cannot hold a lone surrogate; the replacement keeps every offset.
    Encoding is the test: a search for surrogates would cost a hundred times as much.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


class Pattern(Kind):
    """A regular expression that must not (or must) occur in a field or the text.

    ## What it does
    With `mode: forbid` (the default) every match of `pattern` in `field` (default
    `text`, the body) is a finding; with `mode: require` a document with no match is
    one. Patterns use RE2 syntax; `^` and `$` match at line boundaries.

    ## Why is this bad?
    Scrapers leave recognisable debris: "See also" and "Read more" links inside the
    body, cookie banners, "Advertisement" lines, template placeholders.

    ## Example
    ```yaml
    - id: stray-link
      kind: pattern
      description: No "See also" link inside the body.
      severity: warning
      pattern: '^\\s*(See also|Read more)\\b'
      message: 'stray link inside the body: "{match}"'
    ```

    ## Use instead
    Remove the debris from the document, or fix the scraper's extraction.

    Options: `pattern` (required), `mode` (`forbid` or `require`), `field`,
    `ignore_case`, `message` (a template; `{match}` is the matched text).
    """

    name = "pattern"
    options: ClassVar[Mapping[str, Any]] = {
        "pattern": {"description": "RE2 regular expression.", "type": "string", "minLength": 1},
        "mode": {
            "description": "forbid: matches are findings; require: no match is a finding.",
            "enum": ["forbid", "require"],
        },
        "field": {"description": "Field to search; `text` (the body) by default.", "type": "string", "minLength": 1},
        "ignore_case": {"description": "Match without regard to case.", "type": "boolean"},
        "message": {"description": "Finding message; `{match}` is replaced by the matched text.", "type": "string"},
    }
    required = ("pattern",)

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.regex = compile_pattern("pattern", options["pattern"], ignore_case=options.get("ignore_case", False))
        if self.regex.search(""):
            raise OptionError("pattern", f"/{options['pattern']}/ matches the empty text, so it would match everywhere")
        self.source: str = options["pattern"]
        self.require = options.get("mode", "forbid") == "require"
        self.field: str = options.get("field", "text")
        self.message: str | None = options.get("message")
        # Forbidden text is rare: most documents are ruled out without a search for matches. A required
        # pattern nearly always matches, and is searched for at once.
        ignore_case = options.get("ignore_case", False)
        self._screen = None if self.require or _re2 is None else _Screen(options["pattern"], ignore_case)

    def check(self, document: Document, corpus: Any) -> Iterator[Violation]:
        value = document.get(self.field)
        if self._screen is not None and self._screen.rules_out("" if value is None else str(value)):
            return
        text = "" if value is None else _matchable(str(value))
        if self.require:
            if not self.regex.search(text):
                message = self.message or f"{self.field} does not match /{self.source}/"
                yield Violation.at_field(document, self.field, message.replace("{match}", ""))
            return
        for match in self.regex.finditer(text):
            if match.end() == match.start():  # a zero-width match (`\B`) points at nothing to fix
                continue
            message = (self.message or f'forbidden pattern /{self.source}/ matches "{{match}}"').replace(
                "{match}", clip(match.group(), _QUOTE_LIMIT)
            )
            if self.field == "text":
                start, end = line_span(text, match.start())
                yield Violation.at(document, match.start(), message, text[start:end])
            else:
                yield Violation.at_field(document, self.field, message, text)
