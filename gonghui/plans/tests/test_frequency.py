"""Frequency targets (次/月, 次/季): the periods of the plan year and which of them count so far."""

from datetime import date

from gonghui.plans.frequency import FrequencyProgress, SpanResult, frequency_of, spans


def test_units_name_their_period():
    assert frequency_of("次/月") == "month" and frequency_of("次/季度") == "quarter"
    assert frequency_of("次/年") is None and frequency_of("人") is None


def test_spans_cover_the_year():
    months = spans(2028, "month")  # a leap year
    assert len(months) == 12 and months[1].end == date(2028, 2, 29) and months[11].end == date(2028, 12, 31)
    quarters = spans(2026, "quarter")
    assert [(q.start, q.end) for q in quarters[1:3]] == [
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ]
    assert quarters[0].label == "第一季度"


def test_the_open_period_counts_only_once_met():
    jan, feb, mar = spans(2026, "month")[:3]
    progress = FrequencyProgress(
        "month",
        [SpanResult(jan, 2, True, True), SpanResult(feb, 0, False, True), SpanResult(mar, 0, False, False)],
    )
    assert progress.actual == 0 and progress.display() == "1/2个月达标"
    assert [r.span for r in progress.missed()] == [feb]
    assert FrequencyProgress("month", [SpanResult(jan, 0, False, False)]).display() == "无数据"
