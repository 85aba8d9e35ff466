"""A file the reader cannot open gets a Chinese message that says what to do, never the library's
English ("invalid Zip archive: Could not find EOCD")."""

import re

import pytest

from gonghui.dues import sheet
from gonghui.members import roster, roster_check

LATIN_WORDS = re.compile(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{2,})+")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("not-a-zip.xlsx", b"just some text, renamed"),
        ("truncated.xlsx", b"PK\x03\x04 not really a workbook"),
        ("png-renamed.xlsx", b"\x89PNG\r\n\x1a\n" + b"x" * 40),
        ("old.xls", b"\xd0\xcf\x11\xe0 not a compound file"),
    ],
)
def test_unreadable_files_are_explained_in_chinese(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    for read in (lambda: list(roster.iter_cells(path)), lambda: roster_check.open_roster_beside(path)):
        with pytest.raises(roster.RosterError) as error:
            read()
        message = str(error.value)
        assert message.startswith("无法读取这个表格文件") and "另存" in message
        assert not LATIN_WORDS.search(message.replace(".xlsx", "").replace(".csv", "")), message
    with pytest.raises(sheet.SheetError) as error:
        list(sheet.iter_cells(path))
    assert not LATIN_WORDS.search(str(error.value).replace(".xlsx", "").replace(".csv", ""))


def test_an_encrypted_workbook_asks_to_remove_the_password():
    assert "密码" in str(roster.unreadable(ValueError("Workbook is encrypted (password protected)")))
