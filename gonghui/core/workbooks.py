"""Every .xlsx the app writes is made here, so that no text from a user becomes a formula.

A member named `=HYPERLINK("http://x","点我")` would otherwise be a live formula in the roster,
the payments export or a ledger, run by whoever opens the file (formula injection). xlsxwriter
turns text starting with "=" into a formula, and text that looks like an address into a link,
unless told not to. (The app writes no CSV; one would need = + - @ at a cell's start escaped.)
Django-free: the export helper process (core.sheet_beside) uses it too.
"""

from __future__ import annotations

SAFE_WORKBOOK = {"strings_to_formulas": False, "strings_to_urls": False}


def workbook(target, options: dict | None = None):
    """xlsxwriter.Workbook(target, options) with formulas and links from text turned off."""
    import xlsxwriter

    return xlsxwriter.Workbook(target, {**(options or {}), **SAFE_WORKBOOK})
