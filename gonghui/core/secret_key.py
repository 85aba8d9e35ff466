"""The secret key of a single-PC install: generated once, kept in var/ readable by its owner only.

Plain Python (no Django): settings.py imports it before Django is configured.
"""

import os
import secrets
import tempfile
from pathlib import Path


def read_or_create(path: Path) -> str:
    """The key stored at `path`; on first use a new random key is written there with mode 0600.

    Sessions, CSRF tokens and password-reset links are signed with it, so it must survive restarts:
    a key made up per start would log everybody out each time the PC reboots.
    """
    path = Path(path)
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        path.unlink()  # an empty file is never used as a key
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(50) + "\n")
        # A hard link appears whole or not at all: when web and worker start together, one key wins.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_text(encoding="ascii").strip()
