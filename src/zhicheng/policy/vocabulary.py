"""Closed vocabularies of the eligibility profile (eligibility-profile.schema.json)."""

SERIES = (
    "工程", "农业", "经济", "会计", "统计", "审计", "卫生", "药学", "翻译", "出版", "新闻", "通信",
    "计算机软件", "消防工程", "中小学教师", "中等职业学校教师", "技工院校教师", "档案", "图书资料",
    "文物博物", "群众文化", "艺术", "工艺美术", "广播电视", "体育", "科学研究", "实验技术", "律师", "公证",
    "船舶",
)
LEVELS = ("员级", "助理级")
YUANJI, ZHULIJI = LEVELS
UNIT_KINDS = ("事业单位", "国有企业", "非公经济组织", "社会组织")
PUBLIC_INSTITUTION = "事业单位"
AFFILIATIONS = ("区属", "中央", "省属", "市属")
DISTRICT = "区属"
ANNUAL_REVIEWS = ("优秀", "合格", "基本合格", "不合格")
FAILING_REVIEWS = frozenset({"基本合格", "不合格"})
EDUCATION_LEVELS = (
    "中专", "大专", "本科", "硕士", "博士", "技工院校中级工班", "技工院校高级工班", "技工院校预备技师班",
)
SKILL_LEVELS = ("中级工", "高级工", "技师", "高级技师")

# 二（三）: technical-school classes count as the equivalent academic education.
EDUCATION_GROUP = {
    "中专": "中专",
    "技工院校中级工班": "中专",
    "大专": "大专",
    "技工院校高级工班": "大专",
    "本科": "本科",
    "技工院校预备技师班": "本科",
    "硕士": "硕士",
    "博士": "硕士",
}
MASTER_OR_ABOVE = frozenset({"硕士", "博士"})
# 二（二）3: 高级工 "or higher" skill level.
SENIOR_SKILLS = frozenset({"高级工", "技师", "高级技师"})

# Route keys, used in params/series.yaml overrides and in route labels.
ROUTE_KEYS = ("中专", "员级职称", "大专", "高级工", "本科", "硕士")

KUNMING = "昆明"
