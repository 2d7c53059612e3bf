"""
The import contracts in pyproject.toml ([tool.importlinter]) hold for the code, and they would
catch the two mistakes they exist for: an app importing from an app above it, and an engine
importing Django. Each mistake is made in a copy of the package, never in the real one.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root):
    """(exit status, output) of lint-imports run on the package under `root`."""
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(root / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(
        ROOT / "studyapp", tmp_path / "studyapp", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_line(path, line):
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_code_keeps_every_contract(copy):
    status, output = lint_imports(copy)
    assert status == 0, output
    assert "0 broken" in output


def test_an_uphill_import_breaks_the_layers(copy):
    add_line(copy / "studyapp/core/numbers.py", "from studyapp.review import models  # noqa")
    status, output = lint_imports(copy)
    assert status != 0
    assert "Apps import downhill only BROKEN" in output
    assert "studyapp.core.numbers -> studyapp.review.models" in output


def test_django_in_an_engine_breaks_the_plain_python_contract(copy):
    add_line(copy / "studyapp/sims/rolling/engine.py", "import django.db  # noqa")
    status, output = lint_imports(copy)
    assert status != 0
    assert "Plain Python modules import no django BROKEN" in output
    assert "studyapp.sims.rolling.engine -> django" in output
