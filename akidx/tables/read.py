"""Reading a report file: bytes to text, whatever the encoding, or one clear error.

Standard library only (charset-normalizer as a last resort), so ``akidx build``
can hash and check the report without importing pandas. Every error a user can
cause here is one :class:`InputError` with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from akidx import config
from akidx.errors import InputError, MetricsError, ParseError
from akidx.tables import yamlfile
from akidx.tables.files import read_regular
from akidx.tables.yamlfile import YAMLFileError

if TYPE_CHECKING:
    from akidx.tables.report import Report

log = logging.getLogger(__name__)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BINARY_RATIO = 0.05  # share of control characters above which text is "binary"
_NEWLINE_RE = re.compile(r"\r\n?")
# Control (Cc but tab, LF, CR, form feed), surrogate, private-use and replacement characters.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U0010ffff\ufffd]"
)
# Far above any real report (the 2024 edition is 75 KB): /dev/zero or a stray 200 MB file
# is refused at once instead of filling the memory.
MAX_REPORT_BYTES = 16 * 2**20
MAX_METRICS_BYTES = 2**20  # a rules file is a few kilobytes


def read_text(path: str | os.PathLike) -> tuple[str, str, str]:
    """Read a report text file whatever its encoding: ``(text, sha256, encoding)``.

    Newlines become ``\\n`` one for one (CRLF and lone CR), so line numbers in
    the text are those of the file; no other character counts as a line break.
    """
    path = Path(path)
    data = read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    if not data:
        raise InputError(f"{path}: file is empty (0 bytes); give the report's text file")
    if data.lstrip().startswith(b"%PDF"):
        raise InputError(
            f"{path}: this is a PDF, not text; extract its text first, "
            f"e.g. `pdftotext -layout {path.name} report.txt`"
        )
    text, encoding = _decode(data, path)
    text = _NEWLINE_RE.sub("\n", text.removeprefix("\ufeff"))
    if not text.strip():
        raise InputError(f"{path}: file holds only whitespace; give the report's text file")
    if _control_ratio(text) > _BINARY_RATIO:
        raise InputError(f"{path}: looks like binary data, not text (as {encoding}); "
                         "give the report's text file")
    log.debug("%s: %d bytes, %s, %d lines", path, len(data), encoding, text.count("\n") + 1)
    return text, sha256, encoding


def read_bytes(path: str | os.PathLike) -> bytes:
    """The report's raw bytes, bounded, with the same one-line errors as :func:`read_text`."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path (a relative path is taken "
                         f"from the current folder, else from {config.ROOT}; the default "
                         f"report is {config.DEFAULT_REPORT})")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the report's text file inside it")
    try:
        return read_regular(path, MAX_REPORT_BYTES)
    except InputError:
        raise  # not a regular file, or too large: already worded
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err}); "
                         "check the file's permissions") from err


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """BOM, then BOM-less UTF-16, strict UTF-8, CP932/EUC-JP, charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            return _strict(data[len(bom):], codec, path), encoding
    utf16 = _utf16_guess(data)
    if utf16:
        return utf16
    if b"\x00" in data:
        raise InputError(f"{path}: contains NUL bytes, so it is binary data, not text; "
                         "give the report's text file")
    cut = _cut_short(data, "utf-8")
    if cut is not None:
        log.info("%s: ends in the middle of a character; the file looks truncated",
                    path)
        return cut, "utf-8"
    candidates = []
    for encoding in ("utf-8", "cp932", "euc-jp"):
        try:
            candidates.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8":
            return candidates[0]
    if candidates:
        # CP932 and EUC-JP can both decode some byte strings; real Japanese prose
        # is full of hiragana, a wrong guess yields kanji and symbols instead.
        return max(candidates, key=lambda te: _hiragana(te[0]))
    return _charset_normalizer(data, path)


def _cut_short(data: bytes, encoding: str) -> str | None:
    """The text of a file cut short inside its last character, else None.

    A truncated file is still read, so that the parser can say what is missing
    (with a line number) instead of a decoding error hiding it.
    """
    try:
        data.decode(encoding)
    except UnicodeDecodeError as err:
        if err.reason in ("unexpected end of data", "truncated data") \
                and err.start >= len(data) - 3:
            return data[: err.start].decode(encoding)
    return None


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        cut = _cut_short(data, encoding)
        if cut is not None:
            log.info("%s: ends in the middle of a character; the file looks truncated", path)
            return cut
        raise InputError(f"{path}: not valid {encoding} at byte {err.start}; "
                         "re-save the file as UTF-8") from err


def _utf16_guess(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: NUL bytes, and line breaks only in the right byte order.

    Counting NULs per side is not enough (一, U+4E00, puts them on the other
    side), but LF is 0A 00 in LE and 00 0A in BE: the wrong order never yields
    one. A text file has a line break every few hundred characters at least.
    """
    if len(data) % 2 or b"\x00" not in data:
        return None
    best = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        breaks = text.count("\n") + text.count("\r")
        if breaks * 1000 >= len(text) and _control_ratio(text) <= _BINARY_RATIO and (
                best is None or breaks > best[0]):
            best = breaks, text, encoding
    return best[1:] if best else None


def _charset_normalizer(data: bytes, path: Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{path}: cannot be decoded as text in any known encoding; "
                         "give the report's text file, saved as UTF-8")
    return str(best), best.encoding


def _hiragana(text: str) -> int:
    return sum("\u3041" <= ch <= "\u309f" for ch in text)


def _control_ratio(text: str) -> float:
    return len(_CONTROL_RE.findall(text)) / len(text)


Metrics = str | os.PathLike | Sequence[dict] | None


def load_report(path: str | os.PathLike | None = None, metrics: Metrics = None) -> Report:
    """Read and parse one edition of the report into its tables.

    Returns a :class:`akidx.Report`: one pandas DataFrame per table as attributes
    (``pillars``, ``measures``, ``yearly``, ``schedule``, ``revisions``,
    ``added_measures``, ``kpis``, ``figures``; columns and their meanings in
    ``akidx.tables.schema.TABLES``), plus ``title``, ``source`` (the file read),
    ``sha256`` (of its bytes) and ``warnings`` (soft anomalies the parser noted).

    ``path``: the report's text file, in any common Japanese encoding. None (the
    default) loads the committed edition, ``akidx.config.DEFAULT_REPORT``. A relative
    path is taken from the current folder when it exists there, else from the
    repository root (:func:`akidx.config.resolve_path`, the rule notebooks'
    ``report_path`` follows too), so the same string works from ``notebooks/``.
    ``metrics``: extra metric rules, as a YAML file (:func:`read_metrics`) or a list.

    Raises :class:`akidx.InputError` (an ``OSError``) when the file is missing, a
    folder, empty, binary, a PDF or undecodable, and :class:`akidx.ParseError` (a
    ``ValueError``) naming the file and line when the text lacks the report's
    structure. Both are :class:`akidx.AkidxError` with a one-line message.

    >>> import akidx
    >>> r = akidx.load_report()            # the default report
    >>> r.measures.query("status != 'on_track'")[["measure_id", "title", "rating"]]
    >>> r = akidx.load_report("data/raw/akishima-dx-midterm-report-2024.txt")
    """
    from akidx.tables.report import parse_text  # pandas: only when tables are wanted

    path = config.resolve_path(config.DEFAULT_REPORT if path is None else path)
    rules = read_metrics(metrics) if isinstance(metrics, str | os.PathLike) else metrics
    text, sha256, _encoding = read_text(path)
    try:
        report = parse_text(text, rules)
    except ParseError as err:
        raise located(err, path) from err
    report.sha256 = sha256
    report.source = str(path)
    return report


def located(err: ParseError, path: str | os.PathLike) -> ParseError:
    """The same ParseError, its message prefixed with the file (``file: line N: ...``)."""
    same = ParseError(err.reason, line=err.line, text=err.text)
    same.args = (f"{path}: {err}",)
    return same


def read_metrics(path: str | os.PathLike) -> list[dict]:
    """The metric rules of a YAML file (``--metrics``), checked; one MetricsError if bad."""
    path = Path(path)
    try:
        raw = read_regular(path, MAX_METRICS_BYTES)  # no FIFO or /dev/zero: bounded
    except InputError as err:
        raise MetricsError(str(err)) from err
    except OSError as err:
        raise MetricsError(f"{path}: cannot read the metrics file ({err.strerror or err}); "
                           "check the path") from err
    try:
        data = yamlfile.load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise MetricsError(f"{path}: not valid UTF-8 at byte {err.start}; "
                           "save it as UTF-8 YAML") from err
    except YAMLFileError as err:
        raise MetricsError(f"{path}: {err}") from err
    from akidx.parse.metrics import check_rules  # the parser's regexes: only when needed

    return check_rules(data, str(path))
