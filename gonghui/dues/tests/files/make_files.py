"""Writes the sample dues sheets used by test_import.py (run once; the files are committed)."""

from pathlib import Path

import xlsxwriter
from stdnum.cn import ric

HERE = Path(__file__).parent


def id_number(seq: int) -> str:
    body = f"32032119850307{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function expects a full-length number


ZHANG, LI, WANG = id_number(11), id_number(21), id_number(31)


def good_xlsx():
    book = xlsxwriter.Workbook(HERE / "dues_2025.xlsx")
    sheet = book.add_worksheet("会费")
    text = book.add_format({"num_format": "@"})
    sheet.merge_range(0, 0, 0, 7, "五音村工会2025年会费缴纳登记表")
    sheet.write_row(1, 0, ["填表日期：2025年7月1日"])
    sheet.write_row(
        2, 0, ["序号", "姓名", "身份证号码", "起始月份", "截止月份", "金额（元）", "缴费日期", "缴费方式"]
    )
    rows = [
        (1, "张三", ZHANG, "2025-01", "2025-03", 90, "2025-03-10", "微信"),
        (2, "李四", LI.lower(), "2025.1", "2025.6", 180, "2025年6月30日", "现金"),
        (3, "王五", WANG, "2025年1月", "2025年1月", 30, "2025/1/31", ""),
        (4, "张三", ZHANG, "2025-04", "2025-06", 90, "2025-06-28", "工资代扣"),
    ]
    for r, row in enumerate(rows, start=3):
        sheet.write_row(r, 0, row[:2])
        sheet.write_string(r, 2, row[2], text)
        sheet.write_row(r, 3, row[3:])
    book.close()


def ugly_csv():
    rows = [
        "会员证号,姓名,身份证号,缴费月份,会费金额,缴费日期,方式,备注",
        f"M003,王五,{WANG},2025-02至2025-04,90,2025-04-01,转账,",
        f",张三,{ZHANG},2025-03,30,2025-03-01,现金,与已登记的 1-3 月重叠",
        f",无名,{id_number(99)},2025-01,30,2025-01-05,现金,找不到此人",
        ",李四,1.10105E+17,2025-07,30,2025-07-05,现金,数字格式的身份证号",
        f"M003,王五,{WANG},2025-04,30,2025-04-02,现金,与本文件第2行重叠",
        f",李四,{LI},2025-13,30,2025-07-05,现金,月份错",
        f",李四,{LI},2025-07~2025-08,9000,2025-08-05,现金,金额过大",
        f",李四,{LI},2025-07,30,2025-07-05,比特币,方式错",
        f",张三,{ZHANG},２０２５－０７,３０,2025-07-05,支付宝,全角数字",
    ]
    (HERE / "dues_ugly_gbk.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))


if __name__ == "__main__":
    good_xlsx()
    ugly_csv()
