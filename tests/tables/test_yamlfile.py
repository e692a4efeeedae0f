"""The one YAML reader (issue 16): no aliases, no deep nesting, no key twice, short messages.

Used by every YAML file akidx reads: params files (akidx.publish.runfile) and the
``--metrics`` rules (akidx.tables.read); both are checked here through their callers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import alias_bomb

from akidx.errors import MetricsError
from akidx.tables import yamlfile
from akidx.tables.read import read_metrics
from akidx.tables.yamlfile import YAMLFileError

# (YAML text, words of the error or None when it loads, why)
CASES = [
    ("a: &x 1\nb: 2\n", None, "an anchor alone is harmless"),
    ("a: &x 1\nb: *x\n", ["line 2", "alias *x", "without aliases"], "one alias"),
    (alias_bomb("units"), ["line 2", "alias *a"], "nine levels of aliases (a billion values)"),
    ("metric: a\nunits: [件]\nmetric: b\n", ["line 3", "key 'metric' is given twice",
                                              "first at line 1"], "a key twice"),
    ("{a: 1, a: 2}\n", ["line 1", "key 'a' is given twice"], "a key twice in a flow mapping"),
    ("- {x: 1}\n- {x: 2}\n", None, "the same key in two mappings is fine"),
    ("<<: {a: 1}\na: 2\n", None, "a merge key is not a repeated key"),
    ("[" * 40 + "]" * 40, ["line 1", "nested more than 32 levels"], "deep nesting"),
    ("[" * 20 + "]" * 20, None, "nesting within the bound"),
    ("a: [1\n", ["not valid YAML at line 2"], "malformed"),
    ("", None, "empty: None, the caller words it"),
]


@pytest.mark.parametrize(("text", "words", "why"), CASES, ids=[c[2] for c in CASES])
def test_load(text, words, why):
    if words is None:
        yamlfile.load(text)
        return
    with pytest.raises(YAMLFileError) as err:
        yamlfile.load(text.encode())
    message = str(err.value)
    assert "\n" not in message and len(message) < 200, (why, message)
    for word in words:
        assert word in message, (why, message)


def test_repeated_key_loads_with_plain_yaml():
    """The check is needed: PyYAML alone keeps the last value silently."""
    import yaml

    assert yaml.safe_load("metric: a\nmetric: b\n") == {"metric": "b"}


def test_shorten_is_bounded_for_a_huge_shared_value():
    """reprlib: a value of 9**9 elements (shared lists) costs no more than a small one."""
    value: list = ["lol"] * 9
    for _ in range(8):
        value = [value] * 9
    shown = yamlfile.shorten(value)
    assert len(shown) <= yamlfile.SHOWN and shown.startswith("[[[")


def _metrics(tmp_path: Path, text: str) -> str:
    path = tmp_path / "metrics.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MetricsError) as err:
        read_metrics(path)
    return str(err.value)


def test_metrics_alias_bomb_is_refused_at_once(tmp_path):
    """The reported hang: 340 bytes, the message printing the expanded list."""
    message = _metrics(tmp_path, alias_bomb("units"))
    assert message == (f"{tmp_path / 'metrics.yaml'}: line 2: alias *a: akidx reads YAML "
                       "without aliases (*name); write the value out")


def test_metrics_duplicate_key_names_file_and_line(tmp_path):
    message = _metrics(tmp_path, "- metric: a\n  units: [件]\n  all: [x]\n  metric: b\n")
    assert message.startswith(str(tmp_path / "metrics.yaml") + ": line 4: key 'metric' is given"
                              " twice (first at line 1)")


def test_metrics_messages_cap_a_long_value(tmp_path):
    message = _metrics(tmp_path, "- metric: a\n  units: [件]\n  all: [" + "1, " * 5000 + "1]\n")
    assert "list of words" in message and len(message) < 300


def test_bytes_that_are_not_text_are_one_error():
    """PyYAML decodes bytes while the loader is made: that error is worded too."""
    with pytest.raises(YAMLFileError, match="not valid YAML") as err:
        yamlfile.load(b"notebook: \xff\xfe\xfa\n")
    assert "\n" not in str(err.value)


def test_a_control_character_in_metrics_is_one_error(tmp_path):
    message = _metrics(tmp_path, "- metric: a\x00\n")
    assert "not valid YAML" in message and "\n" not in message
