import subprocess
import sys
from pathlib import Path

from reporter.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_demo_prints_the_plan_summary(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "6 themes, 24 outcomes, 62 key actions, 20 indicators" in out
    assert "1. Address tenants\u2019 and leaseholders\u2019 priorities for improvement" in out
    assert "Operations" in out and "Business Support" in out
    assert "Q3 2009/10" in out and "<- this quarter" in out


def test_plan_command_marks_actions_due(capsys):
    assert main(["plan", "--quarter", "2009/10-Q4"]) == 0
    out = capsys.readouterr().out
    assert "due by the end of Q4 2009/10" in out


def test_bad_quarter_is_bad_usage(capsys):
    assert main(["plan", "--quarter", "2009/11-Q3"]) == 2
    assert "2009/10-Q3" in capsys.readouterr().err  # says what is accepted


def test_bad_settings_exit_2_with_message(tmp_path, capsys):
    settings = tmp_path / "settings.toml"
    settings.write_text("[organisation]\nname = 'x'\n", encoding="utf-8")
    assert main(["--settings", str(settings), "demo"]) == 2
    err = capsys.readouterr().err
    assert "organisation.short_name must be a non-empty text" in err


def test_run_quarter_script_and_help():
    result = subprocess.run([sys.executable, "run_quarter.py", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "demo" in result.stdout
