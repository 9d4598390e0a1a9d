"""The talktrack command line: analyze (one text, stdin, batch), eval, and clear errors."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def run(*args, stdin: str | None = None, env=None):
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=300)


def test_cli_analyze_a_file(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("客户：能不能便宜点？预算真的不够。\n客服：我帮您申请一下优惠。", encoding="utf-8")
    r = run("analyze", str(f))
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["language"] == "zh" and a["input_kind"] == "transcript"
    assert "price" in {o["type"] for o in a["objections"]}


def test_cli_analyze_stdin_with_forced_language():
    r = run("analyze", "-", "--lang", "en", stdin="Customer: Just give me the bottom line.")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["segments"][0]["lang"] == "en"


def test_cli_analyze_jsonl_skips_bad_lines_and_reports_them(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"text": "Customer: too expensive", "ref": 1}),
        "{not json",
        json.dumps({"text": ""}),
        json.dumps({"nope": 1}),
        json.dumps({"text": "客户：我回去跟老板商量一下", "ref": 5}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run("analyze", "--jsonl", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    for n in (2, 3, 4):
        assert f"line {n}" in r.stderr
    assert "analysed 2 line(s), skipped 3" in r.stderr
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [row["ref"] for row in rows] == [1, 5]
    assert all("analysis" in row for row in rows)


def test_cli_eval_prints_metrics_tables(tmp_path):
    f = tmp_path / "labeled.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": "Customer: Send me the spec sheet and benchmark data first.", "style": "analytical", "objection": []},
        {"text": "客户：别废话，报价，今天定。", "style": "driver"},
        {"text": "Customer: This is outrageous, I want your manager now!", "emotion": "anger"},
        {"text": "Customer: way too expensive for us", "objection": ["price"]},
        {"text": "x", "style": "sleepy"},
    ]) + "\n", encoding="utf-8")
    r = run("eval", str(f))
    assert r.returncode == 0, r.stderr
    for heading in ("style: 2 examples", "emotion: 1 examples", "objection: 2 examples", "confusion", "per class"):
        assert heading in r.stdout
    assert "unknown style 'sleepy'" in r.stderr
    j = run("eval", str(f), "--json")
    metrics = json.loads(j.stdout)
    assert set(metrics) == {"style", "emotion", "objection"}
    assert 0 <= metrics["style"]["macro_f1"] <= 1


@pytest.mark.parametrize("args, message", [
    (("analyze", "/no/such/file"), "no such file"),
    (("eval", "/no/such/file.jsonl"), "no such file"),
])
def test_cli_bad_input_exits_non_zero_with_a_message(args, message):
    r = run(*args)
    assert r.returncode == 2
    assert message in r.stderr


def test_cli_empty_stdin_is_refused():
    r = run("analyze", "-", stdin="   \n")
    assert r.returncode == 2 and "empty" in r.stderr


def test_cli_non_utf8_file_is_refused(tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("客户：太贵了".encode("gbk"))
    r = run("analyze", str(f))
    assert r.returncode == 2 and "not UTF-8" in r.stderr


@pytest.mark.parametrize("preset, expected", [(None, "16"), ("22", "22")])
def test_cli_serve_stops_openblas_spinning_unless_the_operator_chose(monkeypatch, preset, expected):
    """Idle OpenBLAS workers spinning ~0.1 s after each request took a core from the next one; an
    operator's own value wins."""
    import uvicorn

    from server import cli

    if preset is None:
        monkeypatch.delenv("OPENBLAS_THREAD_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_THREAD_TIMEOUT", preset)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    monkeypatch.setattr("server.main.create_app", lambda settings: "app")
    assert cli.cmd_serve(cli.build_parser().parse_args(["serve", "--port", "8123"])) == 0
    assert seen["port"] == 8123
    assert os.environ["OPENBLAS_THREAD_TIMEOUT"] == expected


def test_cli_serve_sets_openblas_up_before_numpy_loads():
    done = subprocess.run([sys.executable, "-c", "import sys, server.cli as c; c.build_parser().parse_args(['serve']); "
                           "print('numpy' in sys.modules)"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", "numpy is imported before `serve` can set OpenBLAS up"
