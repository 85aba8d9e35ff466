"""Stage 4: the numeric commitments (targets) of a plan."""

from __future__ import annotations

import re

from .headings import heading_marker
from .lines import Line, match_label_line, split_items
from .normalise import (
    CN_NUMERALS,
    NUM,
    clause_spans,
    cn_to_int,
    fold,
    mask_quotes,
    tidy,
    to_number,
)

COUNT_UNITS = (
    "人次|场次|万元|元|家|个|篇|次|场|期|项|名|人|户|件|条|支|所|本|部|批|幅|首|座|处|套|份|课时|学时|小时|天"
)
# Verbs that commit to producing a number of things (创5家, 组织一次, 选送一至二篇).
COMMIT_VERBS = (
    "争创|创建|创|建成|新建|组建|建立|发展|吸收|培养|培训|举办|举行|组织|开展|召开|开好|选送|报送|推荐|评选|"
    "表彰|慰问|走访|帮扶|救助|资助|新增|增加|完成|撰写|发表|上报|推出|征集|收集|办好|打造|参加|签订|发放|筹集|募集|"
    "投入|拨付|选派|培育|落实|给予|保证|达到|达"
)
# Verbs that only link a subject to its number (新建工会达10家): the metric is the subject.
LINK_VERBS = ("达到", "达", "为", "有", "超过", "不少于", "不超过", "不高于", "增至", "增加到")
COUNT_ADVERBS = "至少|不少于|不低于|不超过|最多|约|共|再|新|各|了|每人|每户|每名"
# Nouns that make a counted phrase part of the plan's structure, not a goal (八个目标, 四个方面).
STRUCTURE_NOUN = re.compile(
    r"^(?:中心|工程|目标|方面|职能|原则|重点|任务|作用|环节|体系|机制|要求|意识|观念|理念|思路|文明|精神|事|新的|结合|"
    r"层次|阶段|水平|台阶|高度|突出|争取|善于|提升|服务|建设|措施|工作|确保|坚持|代表|自信)"
)
# With these measure words 一 is mostly the article "a" (一支队伍, 一批骨干, 建立一个).
ARTICLE_UNITS = ("个", "支", "批", "种", "套")
_COUNT = re.compile(
    rf"(?P<lo>{NUM})(?:\s*(?P<sep>[至到~\-—–])\s*(?P<hi>{NUM}))?\s*(?P<unit>{COUNT_UNITS})(?P<more>以上|以下|以内|左右)?"
)
_PERCENT = re.compile(
    r"(?P<lo>\d+(?:\.\d+)?)\s*%?\s*(?:[~\-—–至到]\s*(?P<hi>\d+(?:\.\d+)?)\s*)?%|百分之(?P<cn>[零一二两三四五六七八九十百]+)"
)
_UPPER_BOUND = re.compile(r"(?:不超过|不高于|(?<!不)低于|(?<!不)少于|控制在|最多)\s*$")
_ZERO = re.compile(r"(?:为|是|等于|保持为?|控制为)\s*(?:零|0)(?![\d.%])")
# 实现零上访, 确保安全生产零事故: the metric runs from after the verb to the end of the clause.
_ZERO_NOUN = re.compile(
    r"(?:实现|确保|做到|保持|力争|争取)(?P<metric>[^,，;；。]{0,8}?零(?!星|散|售|件|距离|花|食|碎|时)[^\s,，;；。]{1,10})"
)
_FREQUENCY = re.compile(r"每(?P<per>学年|学期|年度?|半年|季度?|[两二三]个?月|月|周|星期)")
_FREQ_COUNT = re.compile(
    rf"(?P<adv>至少|不少于|不低于|最少)?\s*(?P<n>{NUM})\s*(?P<u>次|回|期|场|轮|件|项|篇)"
)
_FREQ_UNITS = {
    "学年": "学年",
    "学期": "学期",
    "半年": "半年",
    "年度": "年",
    "季度": "季",
    "星期": "周",
    **{f"{n}{g}月": f"{m}月" for n, m in (("两", "两"), ("二", "两"), ("三", "三")) for g in ("", "个")},
}
_METRIC_LEAD = re.compile(
    r"^(?:确保|力争|争取|努力|要|使|实现|全年|今年|年内|本年度|全系统|全县|全縣|全镇|全市|全区|进一步|其中|各类|并|和|及|与|、|的|均|都|为)+"
)
_METRIC_TRAIL = re.compile(
    r"(?:达到|达|为|是|保持在|保持|稳定在|稳定|控制在|不低于|不少于|不超过|不高于|低于|高于|超过|以上|均|都|要|在|提高到|提升到|到|和|及|与|、|的)+$"
)


def metric_words(text: str) -> str:
    """What is measured: the phrase without linking verbs and adverbs."""
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _METRIC_LEAD.sub("", text)
        text = _METRIC_TRAIL.sub("", text).strip()
    if len(text) > 2 and text[0] in "“‘\"'" and text[-1] in "”’\"'":
        text = text[1:-1]  # 评选“巾帼标兵”5名: the quotes mark a name, the metric is the name
    return text


def _target(text: str, metric: str, value, unit, comparator: str) -> dict:
    return {
        "text": text,
        "metric": metric,
        "value": value,
        "unit": unit,
        "comparator": comparator,
    }


def percent_targets(clause: str, masked: str) -> list[dict]:
    found = []
    for match in _PERCENT.finditer(masked):
        before, after = clause[: match.start()], masked[match.end() : match.end() + 4]
        metric = unscoped(metric_words(before)) or metric_words(
            re.split(r"[,，;；。]", clause[match.end() :])[0]
        )
        if not metric:
            continue
        if match["cn"]:
            low, high = cn_to_int(match["cn"]), None
        else:
            low, high = (
                to_number(match["lo"]),
                to_number(match["hi"]) if match["hi"] else None,
            )
        upper = _UPPER_BOUND.search(fold(before)) or after.startswith(("以下", "以内"))
        if high is not None:
            found += [
                _target(clause, metric, low, "%", ">="),
                _target(clause, metric, high, "%", "<="),
            ]
        elif low is not None:
            found.append(_target(clause, metric, low, "%", "<=" if upper else ">="))
    return found


def zero_targets(clause: str, masked: str) -> list[dict]:
    if match := _ZERO.search(masked):
        metric = unscoped(metric_words(clause[: match.start()]))
        return [_target(clause, metric, 0, None, "==")] if metric else []
    if match := _ZERO_NOUN.search(masked):
        metric = clause[match.start("metric") : match.end("metric")].strip()
        return [_target(clause, metric.removeprefix("零"), 0, None, "==")]
    return []


def frequency_targets(clause: str, masked: str) -> list[dict]:
    """每月研究工作和每季集中学习一次 → 1 次/月 and 1 次/季; 每年至少一次的教代会 → 1 次/年."""
    marks = list(_FREQUENCY.finditer(masked))
    segments = [
        (m, m.end(), marks[i + 1].start() if i + 1 < len(marks) else len(masked)) for i, m in enumerate(marks)
    ]
    counts = [_FREQ_COUNT.search(masked, start, end) for _, start, end in segments]
    shared = next((c for c in counts if c and to_number(c["n"])), None)
    found = []
    for (mark, start, end), count in zip(segments, counts, strict=True):
        count = count if count and to_number(count["n"]) else None
        if shared is None:
            break
        # 职代会每年至少召开一次: with nothing named after 每年, what is counted is the subject before it
        metric = _frequency_metric(clause, start, end, count) or metric_words(clause[: marks[0].start()])
        source = count or shared
        unit = (
            ("次" if source["u"] in "次回" else source["u"]) + "/" + _FREQ_UNITS.get(mark["per"], mark["per"])
        )
        if metric:
            found.append(_target(clause, metric, to_number(source["n"]), unit, ">="))
    return found


def _frequency_metric(clause: str, start: int, end: int, count: re.Match | None) -> str:
    if count is None:
        return metric_words(_strip_verbs(clause[start:end]))
    before = metric_words(_strip_verbs(clause[start : count.start()]))
    after = clause[count.end() : end]
    # 每季度开展一次走访慰问: an activity named by its verbs alone is what is counted
    return before or metric_words(_strip_verbs(after)) or metric_words(_ACTIVITY_VERB.sub("", after.strip()))


def _strip_verbs(text: str) -> str:
    return re.sub(
        rf"^(?:{COMMIT_VERBS}|{COUNT_ADVERBS}|坚持|进行|搞好|做好|出版|编印|印发)+", "", text.strip()
    )


def count_targets(clause: str, masked: str) -> list[dict]:
    found = []
    for match in _COUNT.finditer(masked):
        low = to_number(match["lo"])
        metric = "" if _is_excluded_count(masked, match) else _count_metric(clause, masked, match)
        if not metric or not low:
            continue
        if _single_action(clause, masked, match, metric):
            continue
        high = to_number(match["hi"]) if match["hi"] else None
        unit = match["unit"]
        if high is not None:
            found += [
                _target(clause, metric, low, unit, ">="),
                _target(clause, metric, high, unit, "<="),
            ]
        else:
            upper = match["more"] in ("以下", "以内") or _UPPER_BOUND.search(masked[: match.start()])
            found.append(_target(clause, metric, low, unit, "<=" if upper else ">="))
    return found


_MEETING = re.compile(r"会$")
_HALF_YEAR = re.compile(r"[上下]半年")


def _single_action(clause: str, masked: str, match: re.Match, metric: str) -> bool:
    """组织一次教职工篮球赛 is one event, not a target; a meeting held once (开展一次民主恳谈会) and
    a once bound to a half-year (上半年组织一次征文比赛) are commitments the plan is measured by."""
    if to_number(match["lo"]) != 1 or match["unit"] != "次" or match["hi"]:
        return False
    if re.search(r"(?:至少|不少于|最少)\s*$", masked[: match.start()]):
        return False
    return not (_MEETING.search(metric) or _HALF_YEAR.search(masked))


def _is_excluded_count(masked: str, match: re.Match) -> bool:
    """Numbers that are names or structure: 第二次, 三届七次, 一本一表, 一支队伍, quoted “五必访”."""
    before, after = masked[: match.start()], masked[match.end() : match.end() + 1]
    if before.endswith(("第", "届", "每", "前", "近", "这", "那", "几", "□")) or after == "届":
        return True
    if after and after in CN_NUMERALS:
        return True
    article = match["lo"] == "一" and match["unit"] in ARTICLE_UNITS  # "创建职工之家1个" counts
    return article and not re.search(r"(?:至少|不少于)$", before)


_COMMITTED = re.compile(rf"(?:{COMMIT_VERBS})(?:{COUNT_ADVERBS})?$")
_LINKED = re.compile(rf"(?:{'|'.join(LINK_VERBS)})(?:{COUNT_ADVERBS})?$")
_METRIC_MAX = 20
# The counted thing ends where its destination or a next verb begins (论文至总工会, 作品参加书画展).
_COUNTED_THING_END = re.compile(
    r"至|(?<!达)到|向|给|以上|以下|以内|左右|参加|参与|参赛|用于|报送|上报|送交|(?<=..)(?:建立|成立|组建)"
)


def _count_metric(clause: str, masked: str, match: re.Match) -> str:
    """The counted thing of a committed count: after the number (创5家示范工会), or, when the number
    ends the clause, between the verb and the number (发展新会员50人) or before 达 (新建工会达10家)."""
    before = masked[: match.start()]
    rest = _COUNTED_THING_END.split(clause[match.end() :])[0].lstrip("的")
    if _COMMITTED.search(before) and metric_words(rest):
        return "" if STRUCTURE_NOUN.match(rest) else metric_words(rest)
    if metric_words(rest):
        return ""
    if link := _LINKED.search(before):
        # 开展各类劳动竞赛不少于20次 counts the contests; 新建基层工会达10家 counts new unions
        subject = metric_words(clause[: link.start()])
        metric = without_people_scope(metric_words(_ACTIVITY_VERB.sub("", _DISTRIBUTED.sub("", subject))))
    else:
        # 力争新发展会员65名: a commitment word makes the phrase before the number the counted thing
        committed = _COMMITMENT_LEAD.match(clause)
        metric = object_words(metric_words(clause[: match.start()]), verb_needed=not committed)
    return metric if len(metric) <= _METRIC_MAX and not STRUCTURE_NOUN.match(metric) else ""


_COMMITMENT_LEAD = re.compile(r"^(?:全年|今年)?(?:力争|确保|争取|保证|努力)")
# A verb may follow its addressee: 向市总工会报送…文章.
_ACTIVITY_VERB = re.compile(r"^(?:组织开展|开展|组织|举办|举行|召开|发展|吸收|培训)")
# 每个班组提出合理化建议不少于2条: with a distributive subject the count is of the verb's object.
_DISTRIBUTED = re.compile(rf"^(?:每个|每名|每家|各)[^,，;；]{{1,6}}?(?:{COMMIT_VERBS}|提出|提交|撰写)")
_LEADING_VERB = re.compile(rf"^(?:(?:向|对|给)[^,，;；]{{1,12}}?)?(?:{COMMIT_VERBS})")
_ANY_VERB = re.compile(rf"(?:{COMMIT_VERBS})")


def object_words(phrase: str, verb_needed: bool = False) -> str:
    """What a verb phrase counts: the words after its last verb that leave two characters or more
    ("组织教师撰写并向区教育工会推荐工会工作论文" → 工会工作论文, "发放慰问金" → 慰问金). Only a phrase
    that starts with its verb has one: in "新发展会员" the 发展 is part of the noun. Without a
    leading verb the phrase is the metric, unless `verb_needed` (the number ends a bare clause)."""
    if not _LEADING_VERB.match(phrase):
        return "" if verb_needed else phrase
    for verb in reversed(list(_ANY_VERB.finditer(phrase))):
        rest = metric_words(re.sub(r"^(?:至少|不少于|各类|各|约|共)+", "", phrase[verb.end() :]))
        if len(rest) >= 2:
            return rest
    return ""


# Who a rate or a zero target is about, narrowed by a scope before it ("辖区小微企业和个体工商户职工
# 入会率", "村属企业和合作社欠薪事件"): the metric starts at the people or the incident.
_SCOPE = re.compile(r"^.{2,20}?(?:企业|企業|工商户|合作社|单位|單位)(?=职工|職工|会员|會員|欠薪)")
# An incident named by its cause starts at the cause: "辖区因欠薪引发的群体性事件" → 因欠薪引发的群体性事件.
_CAUSE_SCOPE = re.compile(r"^[^因由,，]{1,8}(?=[因由][^,，;；]{1,12}?(?:引发|引起|导致|造成))")


def unscoped(metric: str) -> str:
    return _CAUSE_SCOPE.sub("", _SCOPE.sub("", metric))


# People or posts before an enumeration are its scope, not what is counted: "医务人员心理疏导、健康讲座等
# 关爱活动" → 心理疏导、健康讲座等关爱活动; a list of posts before its head goes with its 等:
# "驾驶员、仓储、装卸等岗位技能竞赛" → 岗位技能竞赛.
_PEOPLE = r"(?:人员|职工|職工|员工|員工|工人|会员|會員|劳动者|勞動者|教师|教師|[^、动動]员|[^、动動]員)"
_POST_LIST = re.compile(rf"^[^、]{{0,3}}{_PEOPLE}(?:、[^、等]{{1,6}})+等(?=[^、]{{2,}}$)")
_PEOPLE_BEFORE_LIST = re.compile(rf"^[^、]{{0,3}}?{_PEOPLE}(?=[^、]{{2,}}(?:、[^、]+)+等[^、]{{2,}}$)")


def without_people_scope(metric: str) -> str:
    if _POST_LIST.match(metric):
        return _POST_LIST.sub("", metric)
    return _PEOPLE_BEFORE_LIST.sub("", metric)


# 已 marks what was done, except in a noun's attribute: 已建会企业 (enterprises that have a union).
_PAST = re.compile(r"已经|已(?!有|建会|建工会|建立工会)|累计|共计|去年|上一年|现有|目前")
_SHARE = re.compile(r"占")
_COMMITMENT = re.compile(r"达|不低于|不少于|以上|力争|确保|保持|争取|实现|提高|提升|控制|不超过")


def is_report_clause(masked: str) -> bool:
    """A figure the plan reports rather than commits to: "去年入会率已达到98%", "女会员占45%"."""
    return bool(_PAST.search(masked)) or (bool(_SHARE.search(masked)) and not _COMMITMENT.search(masked))


_PER_UNIT = {
    "年": "year",
    "半年": "half_year",
    "季": "quarter",
    "两月": "two_months",
    "三月": "quarter",
    "月": "month",
    "周": "week",
    "学期": "term",
    "学年": "school_year",
}


def target_period(unit: str | None, masked: str) -> str:
    """What the value is measured over: a frequency's own period (每季度一次 → quarter, met only if every
    quarter has one), a half-year the clause names (上半年…), else the plan's year."""
    if unit and "/" in unit:
        return _PER_UNIT.get(unit.split("/", 1)[1], "year")
    if half := _HALF_YEAR.search(masked):
        return "H1" if half.group().startswith("上") else "H2"
    return "year"


def clause_targets(clause: str) -> list[dict]:
    """The targets of one clause; one kind per clause, the strongest first, so that a qualifier
    (3人 in "3人上访以上集体上访率为零") is not read as a count of its own."""
    masked = mask_quotes(fold(clause))
    if is_report_clause(masked):
        return []
    for finder in (percent_targets, zero_targets, frequency_targets, count_targets):
        found = finder(clause, masked)
        if found:
            for target in found:
                target["text"] = tidy(target["text"])
                target["period"] = target_period(target["unit"], masked)
            return found
    return []


def content_pieces(line: Line, run_in: str | None) -> list[str]:
    """The item texts of a line, without number prefixes, month labels and heading markers; of a
    heading line only the body that runs on after its title (`run_in`)."""
    head = match_label_line(line)
    if head:
        return [p.text for p in split_items(head[1])] if head[1] else []
    if run_in is not None:
        return [run_in] if run_in else []
    marker = heading_marker(line)
    if marker and marker[0] <= 2:
        return [line.text[marker[1] :]]
    return [p.text for p in split_items(line.text)]


_YEAR_OPENS = re.compile(r"(?:^|[。!?！？；;])\s*(?P<year>\d{4})\s*年(?!\d{1,2}月\d)")


_DONE_PART = re.compile(r"已完成|完成情况|工作回顾|取得的成绩|主要成绩")


def without_history(text: str, plan_year: int | None) -> str:
    """The text up to a sentence that opens with an earlier year: "2023年，社区工会…发放慰问金5.3万元"
    in a 2024 plan reports what was done, and so does the rest of its paragraph."""
    for match in _YEAR_OPENS.finditer(fold(text)):
        if plan_year and int(match["year"]) < plan_year:
            return text[: match.start("year")]
    return text


def parse_targets(
    lines: list[Line], heading_lines: dict[int, str] | None = None, plan_year: int | None = None
) -> list[dict]:
    heading_lines = heading_lines or {}
    targets, done = [], False
    for line in lines:
        if line.index in heading_lines:
            done = bool(_DONE_PART.search(line.folded))
        if done:
            continue  # "4月份已完成工作": what was done is no commitment (发放慰问金4600元)
        for piece in content_pieces(line, heading_lines.get(line.index)):
            piece = without_history(piece, plan_year)
            folded = fold(piece)
            for start, end in clause_spans(folded):
                targets += clause_targets(piece[start:end])
    return targets


def ranges_joined(targets: list[dict]) -> list[dict]:
    """A `>=` target followed by a `<=` one with the same text and metric is one range:
    `{"comparator": "between", "value": low, "value_max": high}` (3-5项, 一至二篇)."""
    joined, skip = [], False
    for this, following in zip(targets, [*targets[1:], None], strict=False):
        if skip:
            skip = False
            continue
        pair = following is not None and (this.get("comparator"), following.get("comparator")) == (">=", "<=")
        if pair and (this.get("text"), this.get("metric")) == (
            following.get("text"),
            following.get("metric"),
        ):
            joined.append({**this, "comparator": "between", "value_max": following.get("value")})
            skip = True
        else:
            joined.append(this)
    return joined
