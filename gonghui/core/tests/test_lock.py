"""requirements.lock: matches pyproject.toml, carries hashes, and is what is installed (make venv)."""

import shutil

from gonghui.core import lockcheck


def test_lock_matches_pyproject():
    assert lockcheck.lock_problems() == []


def test_every_locked_package_is_installed_at_its_locked_version():
    """A fresh clone's `make venv` installs exactly the lock; this run used those versions."""
    assert lockcheck.install_problems() == []


def test_a_dependency_missing_from_the_lock_is_named(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    text = (lockcheck.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace('"segno>=1.6,<2",', '"segno>=1.6,<2",\n  "tablib>=3,<4",'), encoding="utf-8"
    )
    assert lockcheck.lock_problems(pyproject=pyproject) == [
        "tablib: in pyproject.toml, not in requirements.lock"
    ]


def test_a_narrowed_range_and_a_removed_dependency_are_named(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    text = (lockcheck.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace('"segno>=1.6,<2",', "").replace('"Django>=5.2,<5.3"', '"Django>=6,<7"')
    pyproject.write_text(text, encoding="utf-8")
    problems = lockcheck.lock_problems(pyproject=pyproject)
    assert any(p.startswith("Django: locked 5.2") and "outside" in p for p in problems)
    assert "segno: locked as a direct dependency, no longer in pyproject.toml" in problems


def test_a_pin_without_hash_is_refused(tmp_path):
    lock = tmp_path / "requirements.lock"
    shutil.copy(lockcheck.ROOT / "requirements.lock", lock)
    lock.write_text(lock.read_text(encoding="utf-8") + "tablib==3.8.0\n    # via nothing\n", encoding="utf-8")
    assert lockcheck.lock_problems(lock=lock) == ["tablib: no hash in requirements.lock"]


def test_an_installed_version_other_than_the_lock_is_named(tmp_path):
    lock = tmp_path / "requirements.lock"
    text = (lockcheck.ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = next(
        p for p in lockcheck.read_lock(lockcheck.ROOT / "requirements.lock").values() if p.name == "segno"
    )
    lock.write_text(text.replace(f"segno=={pinned.version}", "segno==0.0.1"), encoding="utf-8")
    assert lockcheck.install_problems(lock=lock) == [f"segno: locked 0.0.1, installed {pinned.version}"]


def test_platform_markers_are_read():
    pins = lockcheck.read_lock(lockcheck.ROOT / "requirements.lock")
    colorama = pins["colorama"]  # Windows only (click, pytest)
    assert colorama.marker and "win32" in colorama.marker and not colorama.applies()
