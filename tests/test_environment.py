"""environment.yml (conda route) and pyproject.toml (pip route) must ask for the same packages."""

import re
import subprocess
import sys
import tomllib

import yaml

from conftest import REPO as PROJECT_ROOT


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(_split(r) for r in requirements)


def _environment() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))


def _conda_requirements() -> dict[str, str]:
    entries = _environment()["dependencies"]
    conda = [e for e in entries if isinstance(e, str)]
    pip = next(e["pip"] for e in entries if isinstance(e, dict))
    packages = dict(_split(e.replace("=", "==", 1) if re.match(r"[\w-]+=\d", e) else e) for e in conda)
    packages.update(_split(e) for e in pip if not e.startswith("-e"))
    return {name: spec for name, spec in packages.items() if name not in {"python", "pip"}}


def test_same_packages_and_versions_on_both_routes():
    assert _conda_requirements() == _pyproject_requirements()


def test_conda_route_installs_the_project_and_python_311():
    entries = _environment()["dependencies"]
    pip = next(e["pip"] for e in entries if isinstance(e, dict))
    assert "-e ." in pip
    assert "python=3.11" in entries
    assert _environment()["channels"] == ["conda-forge"]


def test_every_dependency_line_says_which_notebook_needs_it():
    text = (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8")
    lines = text.split("dependencies:", 1)[1].splitlines()
    dependency_lines = [line for line in lines if re.match(r"\s+- [A-Za-z-]", line) and "python=" not in line]
    uncommented = [
        line.strip() for line in dependency_lines if "#" not in line and line.strip() not in {"- pip", "- pip:"}
    ]
    assert uncommented == []


def test_reading_a_notebook_does_not_build_the_iri_grammar():
    """jsonschema >= 4.25 imports rfc3987-syntax, which builds Lark parsers at import: seconds per Jupyter process."""
    code = "import sys, nbformat; print(sorted(m for m in ('rfc3987_syntax', 'lark') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
