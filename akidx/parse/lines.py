"""The PDF text as a list of lines, with the layout signals the extraction left.

Signals used: a trailing space ends a text box (a cell or paragraph); a line of
only spaces is an empty box; a leading space starts a page; a line that is only
a 1–3 digit number is a page number that leaked into the running text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from akidx.parse.normalize import display_width, to_ascii
from akidx.parse.vocab import LIST_BULLET, NARROW_WIDTH, SENTENCE_ENDS, WIDE_WIDTH

PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_ASCII_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9]")
_SPACES = re.compile(r" {2,}")
# The extraction puts a space where Japanese meets Latin letters or digits (無線 LAN);
# a space between two Latin words (Free Wi-Fi) or two Japanese words stays.
_CJK = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
_INSERTED_SPACE = re.compile(rf"(?<={_CJK}) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?={_CJK})")


class Line(NamedTuple):
    no: int  # 1-based line number in the source file
    text: str  # normalised (ASCII digits), stripped of surrounding spaces
    ends: bool  # the line closes a text box (it had a trailing space)
    width: int  # display width (see normalize.display_width)

    @classmethod
    def of(cls, no: int, text: str, ends: bool) -> Line:
        return cls(no, text, ends, display_width(text))

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def narrow(self) -> bool:
        return self.width <= NARROW_WIDTH


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of ``text`` with their source line numbers.

    Page numbers are dropped; lines holding only spaces become blank boxes.
    """
    out: list[Line] = []
    for no, raw in enumerate(to_ascii(text).split("\n"), start=1):
        if not raw:
            continue
        stripped = raw.strip()
        if len(stripped) <= 3 and PAGE_NUMBER_RE.match(stripped):
            continue
        if " " in stripped:
            stripped = _INSERTED_SPACE.sub("", stripped)
        out.append(Line.of(no, stripped, raw[-1] in " \t" or not stripped))
    return out


def boxes(lines: list[Line]) -> list[list[Line]]:
    """Group lines into text boxes: a box ends at a line with a trailing space."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                out.append(current)
                current = []
            continue
        current.append(line)
        if line.ends:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def join(lines: list[Line]) -> str:
    """Join soft-wrapped lines: no space between Japanese characters.

    Linear: each line is looked at once (the text so far is never searched again)."""
    parts: list[str] = []
    for line in lines:
        if not line.text:
            continue
        if parts and _ASCII_END.search(parts[-1][-1]) and _ASCII_START.search(line.text):
            parts.append(" ")
        parts.append(line.text)
    return _SPACES.sub(" ", "".join(parts))


def is_narrow_box(box: list[Line]) -> bool:
    return all(line.narrow for line in box)


def drop_vertical(lines: list[Line], words: tuple[str, ...]) -> list[Line]:
    """Remove labels printed vertically, one character a line (基/本/デ/ー/タ)."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if len(lines[i].text) != 1:
            out.append(lines[i])
            i += 1
            continue
        for word in words:
            chunk = lines[i : i + len(word)]
            if len(chunk) == len(word) and all(
                ln.text == ch for ln, ch in zip(chunk, word, strict=True)
            ):
                i += len(word)
                break
        else:
            out.append(lines[i])
            i += 1
    return out


def vertical_at(lines: list[Line], i: int, word: str) -> bool:
    """True when ``word`` is printed vertically starting at ``lines[i]`` (blanks skipped)."""
    chars = [ln.text for ln in lines[i : i + 2 * len(word)] if not ln.blank]
    return "".join(chars[: len(word)]) == word and all(len(c) == 1 for c in chars[: len(word)])


def join_boxes(lines: list[Line]) -> str:
    """Paragraph text from boxes: a false box end (a full-width line) joins with nothing,
    a short line that is not a sentence end, or a ・ list item, keeps a space."""
    parts = boxes(lines)
    widest = max([WIDE_WIDTH] + [ln.width for box in parts for ln in box])
    text, prev = "", []
    for box in parts:
        piece = join(box)
        if text and piece.startswith(LIST_BULLET):
            text += " "  # " ・" keeps list items apart (・ also occurs inside an item)
        elif (text and not text.endswith(SENTENCE_ENDS)
                and prev[-1].width < 0.75 * widest):
            text += " "
        text += piece
        prev = box
    return text
