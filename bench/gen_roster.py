"""Generate realistic member rosters (花名册) for tests and benchmarks.

    python bench/gen_roster.py --rows 100000            # bench/data/roster_100k.xlsx and .csv
    python bench/gen_roster.py --rows 1000000 --format xlsx
    python bench/gen_roster.py --rows 10000 --encoding gbk --format csv

Names follow real surname frequencies; ID numbers carry valid region codes,
birth dates and check digits; about 3% of rows (``--bad``) carry the mistakes
HR sheets really have: an ID typed as a number (1.10105E+17 or trailing 000), a
wrong check digit, gender or birth month contradicting the ID, a bad mobile
number, an impossible date, a duplicated ID, an empty name. Good rows are messy
too: full-width digits, spaces in numbers, lower-case x, dates in every format.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from stdnum.cn import ric

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "身份证号码",
    "文化程度",
    "政治面貌",
    "用工形式",
    "联系电话",
    "入会时间",
    "会员证号",
    "工会小组",
    "状态",
]

# Share of the population in percent (2020 census order, rounded); the rest of
# the weight goes to the long tail below.
SURNAMES = {
    "王": 7.1, "李": 7.0, "张": 6.7, "刘": 5.4, "陈": 4.6, "杨": 3.1, "黄": 2.5, "赵": 2.4,
    "吴": 2.0, "周": 1.9, "徐": 1.5, "孙": 1.5, "马": 1.4, "朱": 1.3, "胡": 1.3, "郭": 1.2,
    "何": 1.2, "林": 1.1, "高": 1.1, "罗": 1.0, "郑": 0.9, "梁": 0.8, "谢": 0.7, "宋": 0.6,
    "唐": 0.6, "许": 0.6, "韩": 0.6, "邓": 0.6, "冯": 0.6, "曹": 0.5, "彭": 0.5, "曾": 0.5,
    "肖": 0.5, "田": 0.5, "董": 0.4, "潘": 0.4, "袁": 0.4, "蔡": 0.4, "蒋": 0.4, "余": 0.4,
    "于": 0.4, "杜": 0.4, "叶": 0.4, "程": 0.4, "魏": 0.3, "苏": 0.3, "吕": 0.3, "丁": 0.3,
    "任": 0.3, "卢": 0.3, "姚": 0.3, "沈": 0.3, "钟": 0.3, "姜": 0.3, "崔": 0.3, "谭": 0.3,
    "陆": 0.2, "范": 0.2, "汪": 0.2, "廖": 0.2, "石": 0.2, "金": 0.2, "韦": 0.2, "贾": 0.2,
    "夏": 0.2, "付": 0.2, "方": 0.2, "邹": 0.2, "熊": 0.2, "白": 0.2, "孟": 0.2, "秦": 0.2,
    "邱": 0.2, "侯": 0.2, "江": 0.2, "尹": 0.2, "薛": 0.2, "闫": 0.2, "段": 0.2, "雷": 0.2,
    "龙": 0.1, "黎": 0.1, "史": 0.1, "陶": 0.1, "贺": 0.1, "毛": 0.1, "郝": 0.1, "顾": 0.1,
    "龚": 0.1, "邵": 0.1, "万": 0.1, "覃": 0.1, "武": 0.1, "钱": 0.1, "戴": 0.1, "严": 0.1,
    "欧阳": 0.03, "司马": 0.01, "上官": 0.01, "诸葛": 0.005, "单": 0.05, "仇": 0.03, "解": 0.03,
}  # fmt: skip
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国峰志文亮成东海兵晨浩然子轩一鸣振宇建华德明"
FEMALE_CHARS = (
    "芳娜敏静丽艳娟霞燕玲桂兰秀英慧萍红梅琳雪莉婷倩颖洁琴云莹晶欣悦佳怡雨萱梓涵诗雅思彤紫嫣晓丽春梅丹"
)
ETHNICITIES = ["汉族"] * 90 + ["汉"] * 4 + ["回族", "满族", "壮族", "苗族", "土家族", "蒙古族"]
EDUCATION = ["初中", "高中", "中专", "大专", "本科", "本科", "大学本科", "硕士研究生", "博士研究生"]
POLITICAL = ["群众"] * 6 + ["中共党员", "中共党员", "党员", "共青团员", "团员"]
EMPLOYMENT = ["正式"] * 5 + ["合同制", "合同工", "劳务派遣", "农民工", "正式工"]
STATUS = ["在会"] * 40 + ["退休", "转出"]
PHONE_PREFIXES = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "166", "170", "176", "177", "180", "181", "182", "185", "186",
    "187", "188", "189", "191", "198", "199",
]  # fmt: skip
BAD_KINDS = [
    "numeric_id",
    "truncated_id",
    "bad_checksum",
    "gender_mismatch",
    "birth_mismatch",
    "bad_phone",
    "bad_date",
    "duplicate_id",
    "empty_name",
]
FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


FIRST_ISSUE = 1984  # resident ID numbers were first issued in 1984-1985
LAST_ISSUE = 2024


def region_history() -> dict[str, tuple[tuple[int, int], ...]]:
    """Every county-level code in python-stdnum's region database with the years it was in use
    ("[1990-]南山区" → (1990, 9999)); a code without years has always been in use."""
    path = Path(ric.__file__).with_name("loc.dat")
    codes, province = {}, ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        code, _, rest = line.strip().partition(" ")
        county = rest.split('"')[1] if '"' in rest else ""
        if len(code) != 4 or code.endswith("00") or not county:
            continue
        spans = []
        for name in county.split(","):
            if not name.startswith("["):
                spans = [(0, 9999)]
                break
            start, end = name[1:].split("]")[0].split("-")
            spans.append((int(start or 0), int(end or 9999)))
        codes[province + code] = tuple(spans)
    return codes


def codes_by_issue_year() -> dict[int, list[str]]:
    """For each year IDs were issued, the codes in use that year (what a number issued then carries)."""
    history = region_history()
    return {
        year: sorted(code for code, spans in history.items() if any(s <= year <= e for s, e in spans))
        for year in range(FIRST_ISSUE, LAST_ISSUE + 1)
    }


def region_codes() -> list[str]:
    """County codes in use today."""
    return codes_by_issue_year()[LAST_ISSUE]


class RosterMaker:
    def __init__(self, rng: random.Random, bad_rate: float = 0.03):
        self.rng = rng
        self.bad_rate = bad_rate
        self.regions = codes_by_issue_year()
        self.surnames = list(SURNAMES)
        self.surname_weights = list(SURNAMES.values())
        self.used_ids: set[int] = set()
        self.recent_ids: list[str] = []
        self.groups = [f"第{n}小组" for n in "一二三四五六七八九十"] + [
            "机关小组",
            "后勤小组",
            "教学一组",
            "教学二组",
        ]

    # ---- pieces
    def issue_year(self, birth: dt.date) -> int:
        """When the number was issued: at the first issue (1984-85) for adults then, at about 16 or
        at birth registration for the rest, later again for some who moved before it was issued.
        Its region code is the one in use that year, often created after the person was born
        (南山区 440305 dates from 1990: its holders born in 1975 are ordinary)."""
        year = max(FIRST_ISSUE, birth.year + self.rng.choice([0, 0, 16, 16, 18]))
        year += self.rng.choice([0, 0, 0, 1, 3, 8])
        return min(year, LAST_ISSUE)

    def person_id(self, birth: dt.date, male: bool) -> str:
        rng = self.rng
        while True:
            seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
            region = rng.choice(self.regions[self.issue_year(birth)])
            body = f"{region}{birth:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")
            key = int(body)
            if key not in self.used_ids:
                self.used_ids.add(key)
                return number

    def name(self, male: bool) -> str:
        rng = self.rng
        surname = rng.choices(self.surnames, self.surname_weights)[0]
        chars = MALE_CHARS if male else FEMALE_CHARS
        given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
        return surname + given

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def date_text(self, d: dt.date):
        """A date as some HR clerk typed it (or a real date cell)."""
        style = self.rng.randrange(8)
        if style <= 2:
            return d  # a real date cell
        return [
            None,
            None,
            None,
            f"{d.year}.{d.month}.{d.day}",
            f"{d.year}年{d.month}月{d.day}日",
            f"{d:%Y-%m-%d}",
            f"{d.year}/{d.month}/{d.day}",
            f"{d:%Y%m%d}",
        ][style]

    # ---- rows
    def row(self, index: int) -> tuple[list, str | None]:
        rng = self.rng
        male = rng.random() < 0.55
        birth = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(0, 15000))
        id_number = self.person_id(birth, male)
        joined = birth + dt.timedelta(days=rng.randrange(18 * 366, 60 * 365))
        if joined > dt.date(2024, 6, 30):
            joined = dt.date(2024, 6, 30) - dt.timedelta(days=rng.randrange(3000))
        if joined < birth + dt.timedelta(days=16 * 366):
            joined = birth + dt.timedelta(days=18 * 366)
        cells: list = [
            index,
            self.name(male),
            "男" if male else "女",
            rng.choice(ETHNICITIES),
            f"{birth.year}.{birth.month:02d}",
            id_number,
            rng.choice(EDUCATION),
            rng.choice(POLITICAL),
            rng.choice(EMPLOYMENT),
            self.phone(),
            self.date_text(joined),
            f"GH{index:08d}",
            rng.choice(self.groups),
            rng.choice(STATUS),
        ]
        # cosmetic mess that the normaliser must absorb
        noise = rng.random()
        if noise < 0.02:
            cells[5] = id_number.translate(FULLWIDTH)
        elif noise < 0.04:
            cells[5] = f"{id_number[:6]} {id_number[6:14]} {id_number[14:]}"
        elif noise < 0.05:
            cells[5] = id_number.lower()
        elif noise < 0.07:
            cells[9] = f"{cells[9][:3]}-{cells[9][3:7]}-{cells[9][7:]}"
        elif noise < 0.08:
            cells[1] = f"{cells[1][0]}  {cells[1][1:]}"
        kind = None
        if rng.random() < self.bad_rate:
            kind = rng.choice(BAD_KINDS)
            kind = self.spoil(cells, kind, id_number, birth, male)
        elif len(self.recent_ids) < 50:
            self.recent_ids.append(id_number)
        return cells, kind

    def spoil(self, cells: list, kind: str, id_number: str, birth: dt.date, male: bool) -> str:
        rng = self.rng
        if kind == "numeric_id":
            cells[5] = float(id_number[:17] + ("0" if id_number[17] == "X" else id_number[17]))
        elif kind == "truncated_id":
            cells[5] = id_number[:15] + "000"
            if ric.calc_check_digit(cells[5]) == "0":  # would be valid by chance
                cells[5] = float(cells[5])
        elif kind == "bad_checksum":
            digit = "0123456789X".replace(id_number[17], "")
            cells[5] = id_number[:17] + rng.choice(digit)
            if cells[5].endswith("000"):
                cells[5] = id_number[:17] + "X" if id_number[17] != "X" else id_number[:17] + "1"
        elif kind == "gender_mismatch":
            cells[2] = "女" if male else "男"
        elif kind == "birth_mismatch":
            other = birth.replace(day=1) - dt.timedelta(days=40)
            cells[4] = f"{other.year}.{other.month:02d}"
        elif kind == "bad_phone":
            cells[9] = rng.choice(["1380013800", "2" + cells[9][1:], cells[9] + "1", "0571-8888888"])
        elif kind == "bad_date":
            cells[10] = rng.choice(["2019.13.45", "2019年2月30日", "去年三月", "19.3.5"])
        elif kind == "duplicate_id":
            if not self.recent_ids:  # the first rows have no earlier ID to copy
                cells[2] = "女" if male else "男"
                return "gender_mismatch"
            cells[5] = rng.choice(self.recent_ids)
        elif kind == "empty_name":
            cells[1] = ""
        return kind


def generate(rows: int, *, seed: int = 1, bad_rate: float = 0.03) -> Iterator[tuple[list, str | None]]:
    maker = RosterMaker(random.Random(seed), bad_rate)
    for index in range(1, rows + 1):
        yield maker.row(index)


TITLE = "某某集团有限公司工会会员花名册"
SUBTITLE = "填报单位（盖章）：某某集团有限公司工会            填报日期：2024年7月1日"


def write_xlsx(path: Path, rows: int, *, seed: int, bad_rate: float) -> Counter:
    import xlsxwriter

    kinds: Counter = Counter()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("花名册")
    title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    last = len(HEADERS) - 1
    sheet.merge_range(0, 0, 0, last, TITLE, title)
    sheet.merge_range(1, 0, 1, last, SUBTITLE)
    for col, header in enumerate(HEADERS):
        sheet.write_string(2, col, header)
    for r, (cells, kind) in enumerate(generate(rows, seed=seed, bad_rate=bad_rate), start=3):
        kinds[kind] += 1
        for col, value in enumerate(cells):
            if isinstance(value, str):
                sheet.write_string(r, col, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), date_format)
            else:
                sheet.write_number(r, col, value)
    workbook.close()
    return kinds


def csv_cell(value) -> str:
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.5E}"  # as Excel saves a long number: 1.10105E+17
    return str(value)


def write_csv(path: Path, rows: int, *, seed: int, bad_rate: float, encoding: str) -> Counter:
    kinds: Counter = Counter()
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([TITLE] + [""] * (len(HEADERS) - 1))
        writer.writerow(HEADERS)
        for cells, kind in generate(rows, seed=seed, bad_rate=bad_rate):
            kinds[kind] += 1
            writer.writerow([csv_cell(c) for c in cells])
    return kinds


def size_label(rows: int) -> str:
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    if rows % 1000 == 0:
        return f"{rows // 1000}k"
    return str(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", default="xlsx,csv", help="xlsx, csv or both (comma separated)")
    parser.add_argument("--encoding", default="utf-8-sig", help="CSV encoding: utf-8, utf-8-sig or gbk")
    parser.add_argument("--bad", type=float, default=0.03, help="share of bad rows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(Path(__file__).with_name("data")))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for fmt in args.format.split(","):
        suffix = "" if args.encoding.startswith("utf") else f"_{args.encoding}"
        path = out / f"roster_{size_label(args.rows)}{suffix}.{fmt}"
        started = time.perf_counter()
        if fmt == "xlsx":
            kinds = write_xlsx(path, args.rows, seed=args.seed, bad_rate=args.bad)
        elif fmt == "csv":
            kinds = write_csv(path, args.rows, seed=args.seed, bad_rate=args.bad, encoding=args.encoding)
        else:
            parser.error(f"unknown format {fmt}")
        bad = {k: v for k, v in sorted(kinds.items(), key=lambda kv: str(kv[0])) if k}
        print(
            f"{path}: {args.rows} rows, {sum(bad.values())} bad {bad}, "
            f"{os.path.getsize(path) / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
