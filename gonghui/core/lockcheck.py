"""requirements.lock against pyproject.toml and against what is installed (Django-free: `bin/check-lock`).

The lock is written by `make lock` / `make upgrade` (uv pip compile --generate-hashes --universal). A fresh
clone installs exactly it (`make venv`: pip --require-hashes), so CI and every PC run the versions CI tested.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)
DIRECT = "gonghui (pyproject.toml)"


@dataclass
class Pin:
    name: str
    version: str
    marker: str | None = None
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)

    def applies(self) -> bool:
        return self.marker is None or Marker(self.marker).evaluate()


def read_lock(path: Path) -> dict[str, Pin]:
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not raw.startswith((" ", "\t")) and (m := PIN.match(line)):
            current = Pin(canonicalize_name(m["name"]), m["version"], (m["marker"] or "").strip() or None)
            pins[current.name] = current
        elif current and line.startswith("--hash="):
            current.hashes.append(line.removeprefix("--hash=").rstrip(" \\"))
        elif current and line.startswith("#"):
            text = line.lstrip("#").strip().removeprefix("via").strip()
            if text:
                current.via.append(text)
        elif line and not line.startswith("#"):
            raise ValueError(f"requirements.lock: unexpected line {raw!r}")
    return pins


def declared(pyproject: Path) -> list[Requirement]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(r) for r in project["dependencies"] + extras.get("dev", [])]


def lock_problems(
    pyproject: Path = ROOT / "pyproject.toml", lock: Path = ROOT / "requirements.lock"
) -> list[str]:
    """Why the lock does not match pyproject.toml (empty when it does)."""
    pins = read_lock(lock)
    problems = []
    wanted = {canonicalize_name(r.name): r for r in declared(pyproject)}
    for name, req in wanted.items():
        pin = pins.get(name)
        if pin is None:
            problems.append(f"{req.name}: in pyproject.toml, not in requirements.lock")
        elif not req.specifier.contains(Version(pin.version), prereleases=True):
            problems.append(f"{req.name}: locked {pin.version} is outside pyproject.toml's {req.specifier}")
    for name, pin in pins.items():
        if not pin.hashes:
            problems.append(f"{name}: no hash in requirements.lock")
        if DIRECT in pin.via and name not in wanted:
            problems.append(f"{name}: locked as a direct dependency, no longer in pyproject.toml")
    return problems


def install_problems(lock: Path = ROOT / "requirements.lock") -> list[str]:
    """Locked packages (for this platform) that are missing or at another version here."""
    problems = []
    for name, pin in read_lock(lock).items():
        if not pin.applies():
            continue
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}: locked {pin.version}, not installed")
            continue
        if Version(have) != Version(pin.version):
            problems.append(f"{name}: locked {pin.version}, installed {have}")
    return problems


def main(argv: list[str]) -> int:
    problems = lock_problems()
    if problems:
        problems.append("→ run `make lock` (or `make upgrade`) and commit requirements.lock")
    elif "--installed" in argv:
        problems = install_problems()
        if problems:
            problems.append("→ run `make venv` (installs exactly requirements.lock)")
    for p in problems:
        print(p)
    return 1 if problems else 0
