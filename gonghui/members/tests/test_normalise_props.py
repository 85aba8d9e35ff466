"""Property tests for the normalisers: whatever people type, the same value comes out."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from gonghui.members import roster
from gonghui.members.pinyin import search_keys

REGIONS = ["110101", "110102", "310101", "310104"]  # existed for every birth year drawn


@st.composite
def id_numbers(draw):
    region = draw(st.sampled_from(REGIONS))
    birth = draw(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2008, 12, 31)))
    seq = draw(st.integers(0, 999))
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def typed(draw, value: str):
    """The value as someone might type it: full-width, spaces, dashes, lower-case."""
    chars = []
    for c in value:
        if draw(st.booleans()):
            c = fullwidth(c)
        chars.append(c)
        chars.append(draw(st.sampled_from(["", "", "", " ", "-", "\u3000", "—"])))
    text = "".join(chars)
    if draw(st.booleans()):
        text = text.lower()
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " ", "\t"]))


@given(st.data())
def test_id_number_survives_typing(data):
    number = data.draw(id_numbers())
    assert roster.normalise_id(data.draw(typed(number))) == number


@given(id_numbers())
def test_id_gives_birth_date_and_gender(number):
    assert roster.id_birth_date(number) == ric.get_birth_date(number)
    assert roster.id_gender(number) in ("M", "F")


@given(st.data())
def test_phone_survives_typing(data):
    phone = data.draw(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
    assert roster.normalise_phone(data.draw(typed(phone))) == phone


@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(
        ["{y}.{m}.{d}", "{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}{m:02d}{d:02d}"]
    ),
    st.booleans(),
)
def test_date_formats(date, pattern, wide):
    text = pattern.format(y=date.year, m=date.month, d=date.day)
    assert roster.parse_date(fullwidth(text) if wide else text) == date


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)))
def test_excel_serials(date):
    serial = (date - roster.EXCEL_EPOCH).days
    assert roster.parse_date(serial) == date
    assert roster.parse_date(float(serial) + 0.25) == date


@given(st.text(max_size=30))
def test_normalisers_never_crash(text):
    for normalise in roster.NORMALISERS.values():
        try:
            normalise(text)
        except roster.Invalid as exc:
            assert str(exc)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40))
def test_halfwidth_inverts_fullwidth(text):
    assert roster.to_halfwidth(fullwidth(text)) == text


@given(st.text(alphabet="张王李赵刘陈杨黄周吴三四五六明华丽芳", min_size=1, max_size=4))
def test_pinyin_keys_one_letter_per_character(name):
    initials, full = search_keys(name)
    assert len(initials) == len(name) and full.startswith(initials[0]) and full.isascii()
