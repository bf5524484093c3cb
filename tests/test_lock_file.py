"""requirements.lock (what make and CI install) pins every dependency pyproject.toml names."""

import re
import tomllib

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

pytestmark = pytest.mark.database_independent  # it reads two files

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)


def locked_versions():
    text = (settings.BASE_DIR / "requirements.lock").read_text()
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def declared_requirements():
    project = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(line) for line in [*project["dependencies"], *extras.get("test", [])]]


def test_every_dependency_is_pinned_within_its_bounds_in_the_lock_file():
    """Fails when pyproject.toml changes and `make lock` was not run after it."""
    locked = locked_versions()
    out_of_step = []
    for requirement in declared_requirements():
        version = locked.get(canonicalize_name(requirement.name))
        if version is None or version not in requirement.specifier:
            out_of_step.append(f"{requirement} (locked: {version or 'missing'})")
    assert not out_of_step, "run `make lock`: " + ", ".join(out_of_step)


def test_every_pin_is_exact_and_carries_hashes():
    text = (settings.BASE_DIR / "requirements.lock").read_text()
    entries = [entry for entry in re.split(r"\n(?=[A-Za-z0-9])", text) if PIN.match(entry)]
    assert len(entries) == len(locked_versions()) > 20
    assert all("--hash=sha256:" in entry for entry in entries)
