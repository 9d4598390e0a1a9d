"""`talktrack kb lint` and loading: each kind of broken entry is caught and reported as `file [location] message`."""
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.loader import CONTENT_DIR, load

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def test_loader_shipped_knowledge_base_has_no_problems():
    result = load([CONTENT_DIR])
    assert result.problems == []
    assert len(result.entries) >= 150


@pytest.mark.parametrize("folder, location, message", [
    ("bad_schema", "colour", "unknown field 'colour'"),
    ("bad_dup", "tactic-test-dup", "duplicate id"),
    ("bad_lang", "title.zh", "missing language 'zh'"),
    ("bad_var", "template.en", "undefined variable 'feature'"),
    ("bad_tag", "tags", "unknown styles tag(s) ['grumpy']"),
    ("bad_yaml", "line", "YAML error"),
    ("bad_listen", "objections.0.listen_for", "not a valid regular expression"),
])
def test_loader_reports_each_problem_with_file_location_and_message(folder, location, message):
    problems = load([FIXTURES / folder]).problems
    assert problems, f"{folder} should not load cleanly"
    text = "\n".join(map(str, problems))
    assert f"{folder}/" in text and location in text and message in text


def test_loader_overlay_overrides_an_entry_with_the_same_id():
    result = load([CONTENT_DIR, FIXTURES / "overlay"])
    assert result.problems == []
    assert result.entries["profile-driver"].source == "ACME sales enablement"
    assert "overlay" in result.origin["profile-driver"]


@pytest.mark.parametrize("folder, code", [("good", 0), ("bad_var", 1)])
def test_loader_lint_command_exit_code_and_output(folder, code):
    r = subprocess.run([sys.executable, "-m", "server.cli", "kb", "lint", str(FIXTURES / folder)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == code
    if code:
        assert "[tactic-test-var template.en] template uses undefined variable 'feature'" in r.stdout
