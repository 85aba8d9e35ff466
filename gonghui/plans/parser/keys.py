"""Categories of schedule items and metric registry keys of targets, from their wording."""

from __future__ import annotations

import re

CATEGORY_WORDS = (
    (
        "care",
        r"慰问|送温暖|送清凉|帮扶|帮困|救助|助学|困难|特困|体检|健康检查|走访|关爱|互助|结对",
    ),
    (
        "festival",
        r"三八|妇女节|五一|劳动节|五四|青年节|六一|儿童节|七一|建党|八一|教师节|国庆|春节|元旦|新年|中秋|端午|重阳|元宵|节日",
    ),
    (
        "sports",
        r"运动会|体育|球|健身|拔河|跳绳|登山|健步|徒步|长跑|游泳|棋|太极|广播操",
    ),
    (
        "culture",
        r"书画|书法|绘画|摄影|文艺|演出|汇演|会演|歌咏|合唱|歌唱|朗诵|演讲|征文|读书|文化|艺术|游艺|联谊|电影|手工",
    ),
    (
        "democracy",
        r"职代会|教代会|代表大会|[校厂村政]务公开|民主|评议|座谈|恳谈|合理化建议|提案|票决",
    ),
    (
        "rights",
        r"维权|劳动争议|调解|仲裁|集体合同|协商|权益|法律|普法|劳动保护|安全生产",
    ),
    (
        "study",
        r"学习|培训|讲座|讲堂|调研|论文|课题|教育|宣传|技能|比武|竞赛|学练比|劳模",
    ),
    (
        "organisation",
        r"会员|入会|建会|组建|换届|选举|考核|档案|台[帐账]|总结|评选|评比|先进|申报|之家|建家|会议|计划|经费|会费",
    ),
)


def guess_category(text: str) -> str:
    for category, pattern in CATEGORY_WORDS:
        if re.search(pattern, text):
            return category
    return "other"


# Target wording → metric registry key; first match wins, so the specific rates come first.
METRIC_SYNONYMS = (
    (r"会费.*收缴|收缴.*会费", "dues.collection_rate"),
    (r"经费.*拨缴|拨缴.*经费", "dues.funds_allocation_rate"),
    (r"建档", "care.archive_rate"),
    (r"帮困率|帮扶率|救助率|解困率", "care.aid_rate"),
    (r"调解率|调节率|调处率|结案率", "rights.mediation_rate"),
    (r"上访", "rights.petition_rate"),
    (r"集体合同|签订率|履约率", "rights.contract_coverage"),
    (r"入会率|入会", "members.membership_rate"),
    (r"发展会员|新会员|会员.*人|吸收.*会员", "members.new_members"),
    (r"建会率|组建率|建会|工会组建|新建.*工会", "orgs.unions_founded"),
    (r"[职教]代会|职工代表大会|教职工代表大会", "democracy.congress_held"),
    # 「校务公开100%」「厂务公开率」: the share of required publications made on time; a bare
    # mention (推进校务公开) counts publications.
    (r"[校厂村政院]务公开.{0,4}(率|\d+(\.\d+)?\s*[%％])", "democracy.open_affairs_rate"),
    (r"[校厂村政院]务公开", "democracy.notices_published"),
    (r"合理化建议.{0,6}采纳|采纳率", "democracy.suggestion_adoption_rate"),
    (r"合理化建议", "democracy.suggestions"),
    (r"参与率|参加率|参与面|活动率", "activities.participation_rate"),
    (r"(?:示范工会|职工之家|教工之家|先进工会|模范.*之家)(?!.*活动)", "orgs.model_unions"),
    # A rate (覆盖率100%, 参检率98%) is the share of those due who attended; a bare mention
    # (组织女职工健康体检) counts the check campaigns held.
    (
        r"(?:女职工|两癌|妇科|乳腺).{0,12}(?:体检|检查|筛查).{0,8}(?:率|\d+(?:\.\d+)?\s*[%％])",
        "rights.women_check_rate",
    ),
    (r"(?:体检|健康检查).{0,8}(?:率|\d+(?:\.\d+)?\s*[%％])", "rights.health_check_rate"),
    (r"(?:女职工|两癌|妇科|乳腺).{0,12}(?:体检|检查|筛查)", "rights.women_checks"),
    (r"体检|健康检查", "rights.health_checks"),
    (r"慰问|走访|送温暖", "care.visits"),
    # The union's own work: 每月研究工作 is a committee meeting a month, 每季集中学习 a study session.
    (r"研究工作|委员会?会议|委员会?例会|主席会议", "unionwork.meetings.committee"),
    (r"主席办公会", "unionwork.meetings.chair_office"),
    (r"会员(?:代表)?大会", "unionwork.meetings.assembly"),
    (r"集中学习|理论学习|政治学习|学习心得|中心组学习|学习制度", "unionwork.study_sessions"),
    (r"信息报送|报送信息|宣传报道|信息.{0,4}采用", "unionwork.reports_submitted"),
    (r"例会|委员会会议|工作会议|主席办公会|委员会.{0,4}会议", "unionwork.meetings"),
    (r"竞赛|比武|技能比赛|岗位练兵", "activities.count.contest"),
    (r"培训|学习", "activities.count.study"),
    (r"文体|文艺|演出|会演|汇演|书画|读书|摄影", "activities.count.culture"),
    (r"运动会|体育|球赛|[篮排足羽乒]球|健步走|拔河", "activities.count.sports"),
    (r"志愿", "activities.count.volunteer"),
    (r"疗休养|参观", "activities.count.outing"),
    (r"活动|比赛", "activities.count"),
)


def suggest_metric_key(target_text: str) -> str | None:
    """The registry key a target most likely measures, or None (a manual target)."""
    return next(iter(suggest_metric_keys(target_text)), None)


def suggest_metric_keys(target_text: str) -> list[str]:
    """Every key the wording may name, the likeliest first: the caller takes the first one a module
    has registered (集中学习 → unionwork.study_sessions once that module is there, meanwhile the
    study activities)."""
    return [key for pattern, key in METRIC_SYNONYMS if re.search(pattern, target_text)]
