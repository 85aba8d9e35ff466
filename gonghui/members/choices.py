"""What people type in roster sheets, mapped to the codes of the Member model.

Plain module without Django imports so that the roster reader stays pure; the
codes are the values of the TextChoices in models.py (a test keeps them equal).
"""

GENDERS = (("M", "男"), ("F", "女"))

STATUSES = (
    ("active", "在会"),
    ("transferred", "转出"),
    ("left", "退会"),
    ("retired", "退休"),
    ("deceased", "去世"),
)

EMPLOYMENT_TYPES = (
    ("regular", "正式"),
    ("contract", "合同制"),
    ("dispatched", "劳务派遣"),
    ("migrant", "农民工"),
    ("other", "其他"),
)

# What people type in the sheet, mapped to the code. Keys are compared after
# full-width → half-width conversion and whitespace removal.
GENDER_WORDS = {
    "男": "M",
    "男性": "M",
    "m": "M",
    "M": "M",
    "女": "F",
    "女性": "F",
    "f": "F",
    "F": "F",
}

STATUS_WORDS = {
    "在会": "active",
    "正常": "active",
    "在职": "active",
    "有效": "active",
    "会员": "active",
    "转出": "transferred",
    "已转出": "transferred",
    "退会": "left",
    "已退会": "left",
    "离职": "left",
    "退休": "retired",
    "已退休": "retired",
    "去世": "deceased",
    "死亡": "deceased",
    "已故": "deceased",
    "病故": "deceased",
}

EMPLOYMENT_WORDS = {
    "正式": "regular",
    "正式工": "regular",
    "正式职工": "regular",
    "正式员工": "regular",
    "在编": "regular",
    "编内": "regular",
    "合同制": "contract",
    "合同工": "contract",
    "合同": "contract",
    "劳动合同": "contract",
    "聘用": "contract",
    "聘用制": "contract",
    "劳务派遣": "dispatched",
    "派遣": "dispatched",
    "派遣工": "dispatched",
    "劳务派遣工": "dispatched",
    "农民工": "migrant",
    "进城务工": "migrant",
    "其他": "other",
    "临时工": "other",
    "劳务": "other",
}

POLITICAL_WORDS = {
    "党员": "中共党员",
    "中共党员": "中共党员",
    "预备党员": "中共预备党员",
    "中共预备党员": "中共预备党员",
    "团员": "共青团员",
    "共青团员": "共青团员",
    "群众": "群众",
    "无": "群众",
}

ETHNIC_GROUPS = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
