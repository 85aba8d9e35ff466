"""First-time passwords and login phones: pure functions, no database.

A first password is HMAC-SHA256(site secret, batch seed + member id) spelled in characters no
one misreads on paper (no 0/O, 1/l/I): four capitals, four small letters, four digits, so it
passes the complexity rule as printed. The batch keeps only the random seed, and only until the
slips are printed; without the seed the passwords cannot be derived again.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

from gonghui.members import roster

UPPER = "ABCDEFGHJKMNPQRSTUVWXYZ"
LOWER = "abcdefghijkmnpqrstuvwxyz"
DIGITS = "23456789"
PATTERN = (UPPER,) * 4 + (LOWER,) * 4 + (DIGITS,) * 4


def new_seed() -> str:
    return secrets.token_hex(32)


def first_password(seed: str, member_id) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{seed}:{member_id}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")  # 256 bits: the modulo bias below is negligible
    chars = []
    for alphabet in PATTERN:
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


def spaced(password: str) -> str:
    """The slip prints it in groups of four, easier to copy onto a phone."""
    return " ".join(password[i : i + 4] for i in range(0, len(password), 4))


def login_phone(text: str) -> str:
    """A mobile number as the roster keeps it (the roster's own rule), or "" when the text is not one."""
    try:
        return roster.normalise_phone(text or "")
    except roster.Invalid:
        return ""
