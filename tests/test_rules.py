"""The rule catalogue holds every finding code the code emits, and only those.

The codes are found by reading reporter/ with ``ast``: every call of ``Finding`` or of a
function that takes a ``rule`` parameter (the helpers that make findings, such as
``self.add(severity, rule, ...)``), and the string in its rule argument. A code built
with an f-string (``f"{kind}-missing"``) becomes a pattern that catalogue codes must match.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reporter.findings import Severity
from reporter.rules import RULES, markdown, rule_for, title_of

REPORTER = Path(__file__).resolve().parents[1] / "reporter"
README = REPORTER.parent / "README.md"


@dataclass
class Uses:
    """What the source says about rule codes."""

    codes: dict[str, list[str]] = field(default_factory=dict)  # code -> places
    patterns: dict[str, list[str]] = field(default_factory=dict)  # regex -> places
    severities: dict[str, set[Severity]] = field(default_factory=dict)  # code -> as written


def _parameters(tree: ast.AST) -> dict[str, dict[str, int]]:
    """For each function of the file with a ``rule`` parameter: where its rule and severity go."""
    found = {"Finding": {"severity": 0, "rule": 1}}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
            if "rule" in names:
                found[node.name] = {n: names.index(n) for n in ("rule", "severity") if n in names}
    return found


def _argument(call: ast.Call, name: str, position: int | None) -> ast.expr | None:
    keyword = next((k.value for k in call.keywords if k.arg == name), None)
    if keyword is not None or position is None or position >= len(call.args):
        return keyword
    if any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        return None
    return call.args[position]


def _pattern(text: ast.JoinedStr) -> str:
    return "".join(re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z]+"
                   for part in text.values)


def _severity(expr: ast.expr | None) -> Severity | None:
    """``Severity.ERROR`` as written at the call, or None when it is a variable."""
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) \
            and expr.value.id == "Severity":
        return Severity[expr.attr]
    return None


def used_rules() -> Uses:
    uses = Uses()
    for path in sorted(REPORTER.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        makers = _parameters(tree)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            callee = call.func
            name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
            if name not in makers:
                continue
            where = f"{path.relative_to(REPORTER.parent)}:{call.lineno}"
            rule = _argument(call, "rule", makers[name].get("rule"))
            severity = _severity(_argument(call, "severity", makers[name].get("severity")))
            for node in ast.walk(rule) if rule is not None else ():
                if isinstance(node, ast.JoinedStr):
                    uses.patterns.setdefault(_pattern(node), []).append(where)
                    break
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    uses.codes.setdefault(node.value, []).append(where)
                    if severity is not None:
                        uses.severities.setdefault(node.value, set()).add(severity)
    return uses


USES = used_rules()
CATALOGUE = {r.code for r in RULES}


def test_the_scan_finds_the_codes_it_should():
    # A guard on the scanner itself: codes made directly, through a helper taking
    # severity first, through one taking the rule first, and built with an f-string.
    assert "no-returns" in USES.codes  # Finding(Severity.ERROR, "no-returns", ...)
    assert "duplicate-ref" in USES.codes  # self.add(Severity.ERROR, "duplicate-ref", ...)
    assert "corrupt" in USES.codes  # problem.stop("corrupt", ...)
    assert "unparseable-period" in USES.codes  # self.finding("unparseable-period", ...)
    assert "[a-z]+\\-missing" in USES.patterns  # f"{kind}-missing"
    assert len(USES.codes) >= 50


def test_every_code_used_is_in_the_catalogue():
    missing = {code: places for code, places in USES.codes.items() if code not in CATALOGUE}
    assert not missing, f"add these codes to reporter/rules.py: {missing}"


def test_every_pattern_used_matches_the_catalogue():
    for pattern, places in USES.patterns.items():
        assert any(re.fullmatch(pattern, code) for code in CATALOGUE), (pattern, places)


def test_every_rule_in_the_catalogue_is_used():
    def used(code: str) -> bool:
        return code in USES.codes or any(re.fullmatch(p, code) for p in USES.patterns)

    unused = [code for code in CATALOGUE if not used(code)]
    assert not unused, f"no code emits these rules; remove them from reporter/rules.py: {unused}"


def test_the_catalogue_gives_the_most_severe_severity_written():
    for code, written in USES.severities.items():
        most = min(written, key=lambda s: s.rank)
        assert rule_for(code).severity is most, (code, written)


def test_each_rule_is_listed_once_with_a_title_and_help():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.code), rule.code
        assert rule.title and rule.title[0].isupper() and not rule.title.endswith(".")
        assert rule.help.endswith(".") and "|" not in rule.help + rule.title, rule.code


@pytest.mark.parametrize(("code", "title"), [
    ("kpi-jump", "A figure far from the last ones"),
    ("a-code-from-an-older-version", "a-code-from-an-older-version"),
])
def test_title_of(code, title):
    assert title_of(code) == title


def _readme_section(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n") + 1
    end = text.find("\n## ", start)
    return text[start:end + 1 if end >= 0 else len(text)]


def test_the_readme_lists_the_catalogue():
    assert _readme_section("## Findings") == markdown() + "\n", (
        "the README's Findings section is out of date: replace it with the output of "
        "`python -m reporter.rules`")
