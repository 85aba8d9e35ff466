"""Demo open affairs and voice: a year of village finances and affairs, school and factory postings
with read receipts and opinions, suggestions at every step and letters (one anonymous).

Built through the services, so the demo obeys the same rules as users do. Runs once: a second run
finds the data and changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.voice import services
from gonghui.voice.models import Category, Channel, Notice, NoticeKind, SuggestionStatus

UNIONS = {
    "wuyin-village": NoticeKind.VILLAGE,
    "luzhong-school": NoticeKind.SCHOOL,
    "wuyin-textile": NoticeKind.FACTORY,
}
POSTINGS = [
    (
        Category.WELFARE,
        "职工疗休养名额分配方案",
        "<p>经工会委员会研究，本年度疗休养名额分配如下：</p><ul><li>一线职工 8 名</li><li>管理人员 2 名</li></ul>",
    ),
    (
        Category.AWARDS,
        "年度先进个人评选结果公示",
        "<p>经民主推荐、集体研究，拟评选以下同志为年度先进个人。</p><table><tr><th>姓名</th><th>岗位</th></tr><tr><td>王建国</td><td>一线</td></tr></table>",
    ),
    (
        Category.UNION_FUNDS,
        "上半年工会经费收支情况",
        "<p>上半年工会经费收入 42,000 元，支出 35,600 元，主要用于节日慰问和文体活动。</p>",
    ),
    (
        Category.DECISION,
        "职工食堂承包方案征求意见",
        "<p>食堂拟对外承包，现公开方案，请职工在公开期内提出意见。</p>",
    ),
]
SUGGESTIONS = [
    ("车间照明改用LED灯具", "现有照明耗电大、亮度不足，建议分批更换为LED灯具，预计年节电 3 万度。"),
    ("设立职工自行车棚", "厂区没有遮雨的车棚，雨天电动车容易进水，建议在东门设车棚。"),
    ("优化排班减少夜班连续天数", "夜班连续 7 天过于疲劳，建议改为 4 天一轮换。"),
]


def populate(rng):
    unions = list(Org.objects.filter(code__in=UNIONS))
    if not unions or Notice.objects.filter(org__in=unions).exists():
        return
    users = get_user_model().objects
    fallback = users.filter(username="fed_admin").first() or users.filter(is_superuser=True).first()
    if fallback is None:
        return
    chairs = {
        "wuyin-village": users.filter(username="chair").first(),
        "luzhong-school": users.filter(username="school_chair").first(),
    }
    today = timezone.localdate()
    for union in unions:
        by = chairs.get(union.code) or fallback
        kind = UNIONS[union.code]
        if kind == NoticeKind.VILLAGE:
            _monthly_finances(union, by, today)
        for n, (category, title, body) in enumerate(POSTINGS):
            start = today - timedelta(days=20 + 75 * (len(POSTINGS) - 1 - n))
            if start.year != today.year:
                start = max(date(today.year, 1, 1), today - timedelta(days=10 * (n + 1)))
            services.create_notice(
                org=union, by=by, kind=kind, category=category, title=f"{today.year}年{title}", body=body,
                publish_from=start, publish_to=start + timedelta(days=19 + n), publish=True,
            )  # fmt: skip
    _member_voice(users.filter(username="member").first(), chairs["wuyin-village"] or fallback, today)
    _suggestions(unions, chairs, fallback, today)


def _monthly_finances(union, by, today):
    """Each month's finances posted early the next month; one month missed, one withdrawn early."""
    for month in range(1, today.month):
        if month == 3:
            continue  # a gap the publishing plan shows as overdue
        start = date(today.year, month + 1, 3)
        if start > today:
            break
        notice = services.create_notice(
            org=union, by=by, kind=NoticeKind.VILLAGE, category=Category.FINANCE,
            title=f"{today.year}年{month}月村务财务收支公开",
            body=f"<p>{month}月收入 {12000 + 300 * month} 元，支出 {9000 + 250 * month} 元，明细见附表。</p>",
            publish_from=date(today.year, month, 28), publish_to=date(today.year, month, 28) + timedelta(days=15),
            publish=True,
        )  # fmt: skip
        if month == 2:
            services.withdraw_notice(
                notice=notice,
                by=by,
                reason="数字录入有误，更正后重新公开",
                on=notice.publish_from + timedelta(days=4),
            )


def _member_voice(user, chair, today):
    member = services.member_of(user)
    if member is None:
        return
    union = member.org.union() or member.org
    notices = list(Notice.objects.filter(org=union).published().order_by("-publish_from")[:4])
    for n, notice in enumerate(notices):
        if n % 2 == 0:
            services.record_read(notice=notice, user=user)
    showing = [n for n in notices if n.status == "published" and n.publish_to >= today]
    if showing:
        opinion = services.add_opinion(
            notice=showing[0], by=user, body="建议把承包方的资质也一并公开。", kind="opinion"
        )
        services.reply_opinion(opinion=opinion, by=chair, reply="已补充公开承包方营业执照和卫生许可证。")
        if len(showing) > 1:
            services.add_opinion(
                notice=showing[1], by=user, body="名额分配是否考虑了夜班职工？", kind="objection"
            )
    mine = services.submit_suggestion(
        by=user, channel=Channel.SUGGESTION, title=SUGGESTIONS[0][0], body=SUGGESTIONS[0][1]
    )
    services.evaluate_suggestion(
        suggestion=mine, by=chair, decision=SuggestionStatus.ADOPTED, department="设备科"
    )
    services.record_implementation(
        suggestion=mine, by=chair, implemented_on=today, benefit=Decimal("21000"), award=Decimal("500")
    )
    letter = services.submit_suggestion(
        by=user, channel=Channel.MAILBOX, title="食堂饭菜价格", body="近期食堂菜价上涨较快，希望工会过问。"
    )
    services.answer_letter(suggestion=letter, by=chair, reply="已与食堂沟通，下月起恢复原价并公示价格表。")
    services.submit_suggestion(
        by=user,
        channel=Channel.MAILBOX,
        title="反映加班费问题",
        body="班组加班较多但加班费未按规定发放。",
        anonymous=True,
    )


def _suggestions(unions, chairs, fallback, today):
    for union in unions:
        by = chairs.get(union.code) or fallback
        members = list(
            Member.objects.in_subtree(union).active().filter(user__isnull=True).order_by("member_number")[:3]
        )
        for n, (member, (title, body)) in enumerate(
            zip(members, SUGGESTIONS[1:] + SUGGESTIONS[:1], strict=False)
        ):
            suggestion = services.submit_suggestion(
                by=None, org=union, channel=Channel.SUGGESTION, title=title, body=body
            )
            suggestion.member = member  # a suggestion handed in on paper, entered by the union
            suggestion.save(update_fields=["member"])
            if n == 0:
                services.evaluate_suggestion(
                    suggestion=suggestion,
                    by=by,
                    decision=SuggestionStatus.NOT_ADOPTED,
                    reason="场地规划另有安排，明年统一考虑。",
                )
            elif n == 1:
                services.evaluate_suggestion(
                    suggestion=suggestion, by=by, decision=SuggestionStatus.REFERRED, department="生产部"
                )
