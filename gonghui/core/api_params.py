"""Bounded query parameters for the API: a number a client can type never reaches the database raw.

A year outside 2000..2100 or an offset past any real table is refused with 422 and a Chinese
detail (gonghui/api.py) instead of overflowing SQLite's integer or Python's `date`.
"""

from typing import Annotated

from pydantic import Field

Year = Annotated[int, Field(ge=2000, le=2100, description="年份（2000–2100）")]
Offset = Annotated[int, Field(ge=0, le=1_000_000_000, description="跳过的条数")]
Limit = Annotated[int, Field(ge=1, le=1000, description="条数（1–1000）")]
