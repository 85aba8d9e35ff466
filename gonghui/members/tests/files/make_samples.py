"""Rebuild the ugly sample sheets in this folder (committed; run only to change them).

python gonghui/members/tests/files/make_samples.py
"""

import csv
import datetime as dt
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent

# (姓名, 性别, 身份证号码, 手机号码, 民族, 入会日期, 用工形式, 工会小组) as HR typed them
ROWS = [
    ("张三", "男", "110101199003074477", "13800138000", "汉", "2019.3.5", "正式", "第一小组"),
    (
        "李  四",
        "女",
        "１１０１０１１９９２０５０６７６４６",
        "139 1234 5678",
        "汉族",
        "2019年3月5日",
        "合同工",
        "第一小组",
    ),
    ("王五", "男", "11010119850910101x", "+86 158-0000-1111", "回族", 43529, "劳务派遣", "第二小组"),
    ("赵六", "男", 1.10101198e17, "13900001111", "汉族", "2019/3/5", "正式", "第二小组"),
    ("钱七", "女", "110101198809101000", "13911112222", "汉族", "2020-01-02", "正式", "第二小组"),
    ("孙八", "女", "110101199003074477", "1391111222", "汉族", "2019.13.1", "临工", "第三小组"),
    (
        "欧阳娜娜",
        "男",
        "110101200001011240",
        "18600001111",
        "汉族",
        dt.date(2021, 6, 1),
        "农民工",
        "第三小组",
    ),
]
HEADERS = ["序号", "姓名", "性别", "身份证号码", "手机号码", "民族", "入会日期", "用工形式", "工会小组"]


def write_xlsx(path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("会员名册")
    title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    sheet.merge_range("A1:I1", "某某镇中心小学工会会员花名册", title)
    sheet.merge_range("A2:D2", "填报单位（盖章）：某某镇中心小学工会")
    sheet.merge_range("E2:I2", "填报日期：2024年3月")
    sheet.write_row(3, 0, HEADERS)  # row 4; row 3 stays empty
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(ROWS, start=4):
        sheet.write_number(r, 0, r - 3)
        for c, value in enumerate(row, start=1):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    sheet.merge_range(len(ROWS) + 5, 0, len(ROWS) + 5, 8, "合计：7人")
    workbook.close()


def write_csv(path: Path) -> None:
    with open(path, "w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["某某镇中心小学工会会员花名册"] + [""] * 8)
        writer.writerow([])
        writer.writerow(HEADERS)
        for n, row in enumerate(ROWS, start=1):
            cells = [n]
            for value in row:
                if isinstance(value, float):
                    cells.append(f"{value:.5E}")
                elif isinstance(value, dt.date):
                    cells.append(value.isoformat())
                else:
                    cells.append(value)
            writer.writerow(cells)


if __name__ == "__main__":
    write_xlsx(HERE / "ugly_roster.xlsx")
    write_csv(HERE / "ugly_roster_gbk.csv")
