"""The roster reader: header finding, mapping, normalisation, validation."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from bench.gen_roster import generate, write_csv, write_xlsx
from gonghui.members import roster
from gonghui.members.roster import NUMERIC_ID_REASON, Invalid, RosterError, open_roster

FILES = Path(__file__).parent / "files"
TODAY = dt.date(2024, 7, 1)


def rows_of(path, **kwargs):
    return list(open_roster(path, today=TODAY, **kwargs))


@pytest.mark.parametrize("name", ["ugly_roster.xlsx", "ugly_roster_gbk.csv"])
def test_ugly_sheet_finds_header_and_reports_each_problem(name):
    sheet = open_roster(FILES / name, today=TODAY)
    assert sheet.headers[1:4] == ["姓名", "性别", "身份证号码"]
    assert set(sheet.mapping.values()) >= {"name", "gender", "id_number", "phone", "join_date", "group"}
    rows = list(sheet)
    assert [r.data.get("name") for r in rows] == ["张三", "李四", "王五", "赵六", "钱七", "孙八", "欧阳娜娜"]
    good = [r for r in rows if r.ok]
    assert [r.data["id_number"] for r in good] == [
        "110101199003074477",
        "110101199205067646",  # full-width digits
        "11010119850910101X",  # lower-case x
    ]
    assert {r.data["join_date"] for r in good} == {dt.date(2019, 3, 5)}  # 2019.3.5, 2019年3月5日, serial
    assert good[2].data["phone"] == "15800001111"  # +86 158-0000-1111
    assert good[1].data["gender"] == "F" and good[1].data["birth_date"] == dt.date(1992, 5, 6)

    by_name = {r.data["name"]: r for r in rows}
    assert [e.reason for e in by_name["赵六"].errors] == [NUMERIC_ID_REASON]  # numeric cell
    assert [e.reason for e in by_name["钱七"].errors] == [NUMERIC_ID_REASON]  # trailing 000
    sun = by_name["孙八"]
    reasons = {e.column: e.reason for e in sun.errors}
    assert reasons["手机号码"].startswith("手机号应为 11 位")
    assert reasons["入会日期"] == "日期不存在：2019年13月1日"
    assert reasons["用工形式"].startswith("无法识别")
    assert reasons["身份证号码"] == f"与第 {rows[0].row} 行的身份证号重复"
    assert by_name["欧阳娜娜"].errors[0].reason == "与身份证号不符（身份证号显示为女）"


def test_row_numbers_are_sheet_rows():
    rows = rows_of(FILES / "ugly_roster.xlsx")
    # title (1), subtitle (2), empty (3), header (4), first member on row 5
    assert rows[0].row == 5
    assert rows[3].errors[0].row == 8


def test_generated_roster_errors_match_injected_bad_rows(tmp_path):
    path = tmp_path / "r.xlsx"
    kinds = write_xlsx(path, 3000, seed=7, bad_rate=0.05)
    results = rows_of(path)
    assert len(results) == 3000
    expected = {i + 4 for i, (_, kind) in enumerate(generate(3000, seed=7, bad_rate=0.05)) if kind}
    assert {r.row for r in results if not r.ok} == expected
    assert sum(v for k, v in kinds.items() if k) == len(expected)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings_detected(tmp_path, encoding):
    path = tmp_path / "r.csv"
    write_csv(path, 300, seed=3, bad_rate=0.0, encoding=encoding)
    results = rows_of(path)
    assert len(results) == 300 and all(r.ok for r in results)
    assert all("\ufeff" not in r.data["name"] for r in results)


def test_mapping_can_be_overridden(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("名单\n名字,号码,电话号\n张三,110101199003074477,13800138000\n", encoding="utf-8")
    with pytest.raises(RosterError):
        open_roster(path)  # only one recognisable header in the whole file
    path.write_text("姓名,证件,手机\n张三,110101199003074477,13800138000\n", encoding="utf-8")
    sheet = open_roster(path)
    assert sheet.missing_fields == ["id_number"]
    with pytest.raises(RosterError, match="身份证号"):
        list(sheet)
    sheet = open_roster(path, mapping={1: "id_number"})
    assert sheet.mapping == {0: "name", 1: "id_number", 2: "phone"}
    assert [r.data["id_number"] for r in sheet] == ["110101199003074477"]
    sheet = open_roster(path, mapping={1: "id_number", 2: ""})  # ignore the phone column
    assert sheet.mapping == {0: "name", 1: "id_number"}


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "r.docx"
    path.write_bytes(b"x")
    with pytest.raises(RosterError, match="不支持"):
        open_roster(path)


def test_broken_xlsx_is_a_roster_error(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(RosterError):
        open_roster(path)


@pytest.mark.parametrize(
    "header,field",
    [
        ("身份证号码", "id_number"),
        ("公民身份号码", "id_number"),
        ("身份证号（18位）", "id_number"),
        ("*姓名", "name"),
        ("联系电话", "phone"),
        ("文化程度", "education"),
        ("入会日期", "join_date"),
        ("小组", "group"),
        ("会员证号", "member_number"),
        (" 性 别 ", "gender"),
        ("备注", None),
    ],
)
def test_header_variants(header, field):
    assert roster.guess_field(header) == field


@pytest.mark.parametrize(
    "value,reason",
    [
        (1.10105199003071e17, NUMERIC_ID_REASON),
        ("1.10105E+17", NUMERIC_ID_REASON),
        ("110101199003074000", NUMERIC_ID_REASON),
        ("110101199003074478", "身份证号校验位不对，请核对是否抄错"),
        ("11010119900307447", "身份证号应为 18 位，这里是 17 位"),
        ("11010119900307447A", "身份证号只能是数字，最后一位可以是 X"),
        ("110101199002304471", "身份证号中的出生日期不存在"),
        ("", "身份证号不能为空"),
    ],
)
def test_bad_id_numbers(value, reason):
    with pytest.raises(Invalid) as exc:
        roster.normalise_id(value)
    if value == "110101199002304471":
        assert str(exc.value) in (reason, "身份证号校验位不对，请核对是否抄错")
    else:
        assert str(exc.value) == reason


def test_id_number_place_checked():
    body = "99010119900307447"  # no region 99
    from stdnum.cn import ric

    with pytest.raises(Invalid, match="地区代码"):
        roster.normalise_id(body + ric.calc_check_digit(body + "0"))


def test_old_15_digit_id_is_upgraded():
    assert roster.normalise_id("110101900307447") == roster.upgrade_id15("110101900307447")
    assert len(roster.normalise_id(110101900307447.0)) == 18


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2019.3.5", dt.date(2019, 3, 5)),
        ("2019年3月5日", dt.date(2019, 3, 5)),
        ("2019-03-05", dt.date(2019, 3, 5)),
        ("2019/3/5", dt.date(2019, 3, 5)),
        ("２０１９．３．５", dt.date(2019, 3, 5)),
        ("20190305", dt.date(2019, 3, 5)),
        ("2019-03-05 00:00:00", dt.date(2019, 3, 5)),
        ("2019年3月", dt.date(2019, 3, 1)),
        ("2019.03", dt.date(2019, 3, 1)),
        (43529, dt.date(2019, 3, 5)),
        (43529.5, dt.date(2019, 3, 5)),
        ("43529", dt.date(2019, 3, 5)),
        (dt.datetime(2019, 3, 5, 8, 0), dt.date(2019, 3, 5)),
        ("", None),
    ],
)
def test_dates(value, expected):
    assert roster.parse_date(value) == expected


@pytest.mark.parametrize("value", ["19.3.5", "去年", "2019.2.30", "2019-13-01", float("nan"), -3])
def test_bad_dates(value):
    with pytest.raises(Invalid):
        roster.parse_date(value)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("13800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("１３８ ００１３ ８０００", "13800138000"),
        ("+86 13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        (13800138000.0, "13800138000"),
        ("", ""),
    ],
)
def test_phones(value, expected):
    assert roster.normalise_phone(value) == expected


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "0571-88888888", "138001380001"])
def test_bad_phones(value):
    with pytest.raises(Invalid):
        roster.normalise_phone(value)


def test_choices_and_texts():
    assert roster.normalise_gender("男性") == "M"
    assert roster.normalise_employment("劳务派遣工") == "dispatched"
    assert roster.normalise_status("") == ""
    assert roster.normalise_status("已退休") == "retired"
    assert roster.normalise_ethnicity("汉") == "汉族"
    assert roster.normalise_political("党员") == "中共党员"
    assert roster.normalise_name("张  三") == "张三"
    assert roster.normalise_name("Anna Li") == "Anna Li"
    assert roster.normalise_name("阿依古丽•买买提") == "阿依古丽·买买提"


def test_blank_rows_are_skipped(tmp_path):
    path = tmp_path / "r.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerows([["姓名", "身份证号"], ["", ""], ["张三", "110101199003074477"], [], ["合计", ""]])
    rows = rows_of(path)
    assert [r.row for r in rows] == [3, 5]
    assert rows[1].errors[0].reason == "身份证号不能为空"


def test_join_date_checks():
    header_of = {"name": "姓名", "id_number": "身份证号", "join_date": "入会时间"}
    late = roster.validate_row(
        2, {"name": "张三", "id_number": "110101199003074477", "join_date": "2030-1-1"}, header_of, TODAY
    )
    assert late.errors[0].reason == "入会时间晚于今天"
    early = roster.validate_row(
        2, {"name": "张三", "id_number": "110101199003074477", "join_date": "1980-1-1"}, header_of, TODAY
    )
    assert early.errors[0].reason == "入会时间早于出生日期"


@pytest.mark.parametrize("name", ["ugly_roster.xlsx"])
def test_streaming_xlsx_reader_matches_calamine(name, tmp_path, monkeypatch):
    generated = tmp_path / "g.xlsx"
    write_xlsx(generated, 500, seed=5, bad_rate=0.1)
    for path in (FILES / name, generated):
        expected = [(r.row, r.data, r.errors) for r in rows_of(path)]
        monkeypatch.setattr(roster, "STREAM_XLSX_ABOVE", 0)
        assert [(r.row, r.data, r.errors) for r in rows_of(path)] == expected
        monkeypatch.setattr(roster, "STREAM_XLSX_ABOVE", 10**12)


def test_streaming_reader_reads_inline_rich_text_like_calamine(tmp_path, monkeypatch):
    import xlsxwriter

    path = tmp_path / "rich.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})  # inline strings
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, ["姓名", "身份证号", "备注"])
    sheet.write_string(1, 0, "张三")
    sheet.write_rich_string(1, 1, "1101011990", bold, "03074477")
    sheet.write_number(1, 2, 12.5)
    sheet.write_string(2, 2, "只有备注")  # a row with leading empty cells
    workbook.close()
    monkeypatch.setattr(roster, "STREAM_XLSX_ABOVE", 10**12)
    expected = list(roster.iter_cells(path))
    monkeypatch.setattr(roster, "STREAM_XLSX_ABOVE", 0)
    assert list(roster.iter_cells(path)) == expected
    assert expected[1][1][:2] == ["张三", "110101199003074477"]


def test_a_sheet_the_parser_process_cannot_read_gives_a_message(tmp_path, monkeypatch):
    import zipfile

    path = tmp_path / "broken.xlsx"
    write_xlsx(path, 50, seed=3, bad_rate=0.0)
    with zipfile.ZipFile(path) as zf:  # the same workbook with its sheet XML cut off halfway
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/"))
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    monkeypatch.setattr(roster, "STREAM_XLSX_ABOVE", 0)
    with pytest.raises(roster.RosterError, match="无法读取这个表格文件"):
        list(roster.iter_cells(path))
