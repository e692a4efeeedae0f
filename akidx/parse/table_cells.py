"""Table cells from a stream of lines: a wide text column beside a narrow one,
and a row of narrow schedule cells.

The extraction lost the x positions, so cells are recovered from what is left:
narrow columns wrap early (every line is at most ``NARROW_WIDTH`` wide), a box
ends at a trailing space, and two cells that shared a line are separated by a
single space.
"""

from __future__ import annotations

from akidx.parse.lines import Line, boxes, is_narrow_box, join
from akidx.parse.normalize import display_width
from akidx.parse.vocab import LIST_BULLET, NARROW_WIDTH


def _fits(text: str) -> bool:
    return bool(text) and display_width(text) <= NARROW_WIDTH


def _shared_split(line: Line, follow: Line | None) -> tuple[Line, Line] | None:
    """Split a line where a wide cell's last words and a narrow cell's first words meet."""
    if line.ends or line.narrow or " " not in line.text:
        return None
    left, _, right = line.text.rpartition(" ")
    left = left.rstrip()
    if not (_fits(right) and (left.endswith("。") or _fits(left))):
        return None
    if follow is None or not follow.narrow:
        return None
    return Line.of(line.no, left, True), Line.of(line.no, right, False)


def split_wide_narrow(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split a two-column block into (wide column lines, narrow column lines)."""
    for i, (line, follow) in enumerate(zip(lines, _followers(lines), strict=True)):
        parts = _shared_split(line, follow)
        if parts:
            return lines[:i] + [parts[0]], [parts[1]] + lines[i + 1 :]
    groups = _boxes_with_gaps(lines)
    cut = len(groups)
    for k in range(len(groups) - 1, -1, -1):
        box = groups[k]
        if box is None:  # an empty box separates the columns
            if cut < len(groups):
                break
            continue
        if not is_narrow_box(box):
            break
        cut = k
    wide = [ln for box in groups[:cut] if box for ln in box]
    narrow = [ln for box in groups[cut:] if box for ln in box]
    return wide, narrow


def _followers(lines: list[Line]) -> list[Line | None]:
    """The first non-blank line after each line (None at the end): one pass, not one each."""
    out: list[Line | None] = []
    follow = None
    for line in reversed(lines):
        out.append(follow)
        if not line.blank:
            follow = line
    return out[::-1]


def _boxes_with_gaps(lines: list[Line]) -> list[list[Line] | None]:
    """Boxes in order, with None where an empty box (a blank line) stood."""
    out: list[list[Line] | None] = []
    run: list[Line] = []
    for line in lines:
        if line.blank:
            out.extend(boxes(run))
            run = []
            out.append(None)
        else:
            run.append(line)
    out.extend(boxes(run))
    return out


def split_shared_cells(lines: list[Line]) -> list[Line]:
    """Split lines holding two narrow cells (``種類の拡充 種類の拡充``) into two lines."""
    out: list[Line] = []
    for line in lines:
        if line.narrow or " " not in line.text:
            out.append(line)
            continue
        for left, right in _space_splits(line.text):
            if _fits(left) and _fits(right):
                out += [Line.of(line.no, left, True), Line.of(line.no, right, line.ends)]
                break
        else:
            out.append(line)
    return out


def _space_splits(text: str) -> list[tuple[str, str]]:
    cuts = [i for i, ch in enumerate(text) if ch == " "]
    return [(text[:i].rstrip(), text[i + 1 :].lstrip()) for i in cuts]


def items(lines: list[Line]) -> list[tuple[str, int]]:
    """Narrow-cell items: (text, source line), one per text box."""
    return [(join(box), box[0].no) for box in boxes(split_shared_cells(lines)) if join(box)]


def group_cells(entries: list[tuple[str, int]], n: int) -> list[list[tuple[str, int]]] | None:
    """Assign schedule items to ``n`` year cells; None when no rule gives ``n`` cells.

    Rules, tried in order: one item a cell; a new cell at an item without a bullet
    or at an item repeating one already in the current cell; a new cell only at a
    repeat (cells that list the same work each year).
    """
    if len(entries) == n:
        return [[e] for e in entries]
    for starts_cell in (_starts_on_plain_or_repeat, _starts_on_repeat):
        cells: list[list[tuple[str, int]]] = []
        for entry in entries:
            if not cells or starts_cell(entry[0], [t for t, _ in cells[-1]]):
                cells.append([entry])
            else:
                cells[-1].append(entry)
        if len(cells) == n:
            return cells
    return None


def _key(text: str) -> str:
    return text.removeprefix(LIST_BULLET).replace(" ", "")


def _starts_on_repeat(text: str, cell: list[str]) -> bool:
    return _key(text) in {_key(t) for t in cell}


def _starts_on_plain_or_repeat(text: str, cell: list[str]) -> bool:
    return not text.startswith(LIST_BULLET) or _starts_on_repeat(text, cell)
