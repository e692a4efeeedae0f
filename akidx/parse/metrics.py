"""Metric rules from the user (a ``--metrics`` YAML file), checked before the parser uses them.

Same shape as the built-in rules (``vocab.METRICS``): a rule names a metric, the
units its figures carry, words that must all appear (``all``) and words of which
one must (``any``), optionally breakdown words or ``breakdown_before``. Pure: the
file is read in :mod:`akidx.tables.read`; here the loaded data is checked, and a
bad rule is one :class:`MetricsError` naming it.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Sequence
from typing import Any

from akidx.errors import MetricsError
from akidx.parse.vocab import METRICS, UNITS

METRIC_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
WORD_KEYS = ("units", "all", "any", "breakdown")
KEYS = ("metric", *WORD_KEYS, "breakdown_before")
EXAMPLE = "e.g. {metric: standard_systems, units: [業務], all: [業務ユニット]}"


def check_rules(data: Any, where: str = "metrics") -> list[dict]:
    """The rules in ``data`` (a list, or a mapping with a ``metrics`` list), checked.

    Words are given as a list of strings (or one string); the result has tuples,
    like the built-in rules. Raises :class:`MetricsError` naming the bad rule.
    """
    if isinstance(data, dict) and set(data) == {"metrics"}:
        data = data["metrics"]
    if not isinstance(data, list) or not data:
        raise MetricsError(f"{where}: expected a list of rules under 'metrics:', {EXAMPLE}")
    return [_rule(raw, f"{where}: rule {n}") for n, raw in enumerate(data, start=1)]


def _rule(raw: Any, where: str) -> dict:
    if not isinstance(raw, dict):
        raise MetricsError(f"{where}: expected a mapping with metric, units, all/any; {EXAMPLE}")
    metric = raw.get("metric")
    if not isinstance(metric, str) or not METRIC_ID_RE.match(metric):
        raise MetricsError(f"{where}: 'metric' must be an id in lower case letters, digits "
                           f"and _ (got {_shown(metric)})")
    where = f"{where} ({metric})"
    unknown = sorted(set(map(str, raw)) - set(KEYS))
    if unknown:
        raise MetricsError(f"{where}: unknown key {_shown(unknown[0])}; keys are {', '.join(KEYS)}")
    rule: dict[str, Any] = {"metric": metric}
    for key in WORD_KEYS:
        rule[key] = _words(raw.get(key, ()), f"{where}: '{key}'")
    if not rule["units"]:
        raise MetricsError(f"{where}: 'units' is missing; give the units its figures carry, "
                           "e.g. [件]")
    odd = [u for u in rule["units"] if u not in UNITS]
    if odd:
        raise MetricsError(f"{where}: {_shown(odd[0])} is not a unit akidx reads figures in; "
                           f"use one of {', '.join(UNITS)}")
    if not rule["all"] and not rule["any"]:
        raise MetricsError(f"{where}: needs words in 'all' or 'any', else it would claim "
                           "every figure in its units")
    before = raw.get("breakdown_before", False)
    if not isinstance(before, bool):
        raise MetricsError(f"{where}: 'breakdown_before' must be true or false")
    if before:
        rule["breakdown_before"] = True
    return rule


def _words(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(
            isinstance(w, str) and w.strip() for w in value):
        raise MetricsError(f"{where} must be a list of words, e.g. [問い合わせ] "
                           f"(got {_shown(value)})")
    return tuple(w.strip() for w in value)


def _shown(value: Any) -> str:
    """A value for a message: a short repr, whatever its size (the file is untrusted)."""
    return _REPR.repr(value)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 40, 40


def rules_with(extra: Sequence[dict] | None) -> list[dict]:
    """The rules the parser tries: ``extra`` (checked) first, then the built-in ones."""
    return [*check_rules(list(extra), "metrics"), *METRICS] if extra else list(METRICS)
