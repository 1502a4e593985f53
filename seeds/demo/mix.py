"""The demo mix: the proportions, limits and Chinese texts demo cases are drawn from."""

from __future__ import annotations

from jinzhou.casework.choices import EventKind, Priority, Source

DAY = 86400
# Cases are created over the last WINDOW_DAYS days, most of them recently (the platform's use grew):
# a share uniformly over the window, the rest with a density rising with the square of time.
WINDOW_DAYS = 365
UNIFORM_SHARE = 0.35
YOUNG_DAYS = 10
# Timeline moments fall in office hours, 08:00–18:00.
OFFICE_OPENS, OFFICE_CLOSES = 8 * 3600, 18 * 3600

SQLITE_CACHE_KIB = 256 * 1024
BOTTLENECK_SHARE = 0.6
# Open cases by state, for cases younger than YOUNG_DAYS and for older ones.
OPEN_STATES = {
    "bottleneck": (
        {
            "draft": 22,
            "submitted": 24,
            "returned": 4,
            "accepted": 14,
            "assigned": 18,
            "acknowledged": 12,
            "handling": 6,
        },
        {
            "draft": 3,
            "submitted": 2,
            "returned": 2,
            "accepted": 2,
            "assigned": 9,
            "acknowledged": 10,
            "handling": 54,
            "resolution_submitted": 18,
        },
    ),
    "task": (
        {"assigned": 50, "acknowledged": 30, "in_progress": 20},
        {"assigned": 8, "acknowledged": 10, "in_progress": 60, "submitted": 13, "returned": 9},
    ),
}
CLOSED_STATE = "closed"
CLOSED_LATE_SHARE = 0.2
# Deadlines in working days, by priority: urgent cases get short ones.
LIMITS = {
    "bottleneck": {4: (5, 10), 3: (10, 15, 20), 2: (15, 20, 30), 1: (30, 45, 60)},
    "task": {4: (10, 15), 3: (15, 20, 30), 2: (20, 30, 45), 1: (45, 60, 90)},
}
# A deadline longer than this (in working days) was reached through an approved extension; only
# some old open cases got one, the others are overdue.
LONGEST_LIMIT = 90
LONG_EXTENSION_SHARE = 0.35
EXTENSION_SHARE = 0.06
PENDING_EXTENSION_SHARE = 0.02
CO_HANDLING_SHARE = 0.1
OTHER_DEPARTMENT_SHARE = 0.15
# Mean days between steps, by kind and action. The last step of the work itself (submitting a
# resolution or a result) is placed against the deadline instead.
STEP_DAYS = {
    "bottleneck": {"submit": 0.6, "accept": 1.5, "return": 2.0, "assign": 2.0, "acknowledge": 1.0, "start": 1.5},
    "task": {"acknowledge": 1.0, "start": 2.0, "return": 3.0},
}
WORK_DONE_ACTIONS = {"bottleneck": "submit_resolution", "task": "submit"}
CLOSE_DAYS = 2.0

PRIORITIES = ((Priority.LOW, 10), (Priority.NORMAL, 55), (Priority.HIGH, 25), (Priority.URGENT, 10))
SOURCES = {
    "bottleneck": (
        (Source.ENTERPRISE, 45),
        (Source.DEPARTMENT, 30),
        (Source.PARTNER, 10),
        (Source.INSTRUCTION, 10),
        (Source.MEETING, 5),
    ),
    "task": ((Source.MEETING, 50), (Source.INSTRUCTION, 35), (Source.DEPARTMENT, 15)),
}
BOTTLENECK_KINDS = (("blockage", 55), ("break", 25), ("chokepoint", 20))
SEVERITIES = ((1, 25), (2, 55), (3, 20))
CADENCES = (("monthly", 70), ("weekly", 30))
CADENCE_DAYS = {"monthly": 30, "weekly": 7}

# --- texts ------------------------------------------------------------------------------------------
# Bottleneck titles by industry (the seed's industry names); GENERIC for an industry not listed.
BOTTLENECK_TITLES = {
    "精细化工": (
        "园区蒸汽管网压力不足影响连续生产",
        "危化品道路运输审批周期长",
        "环评批复滞后导致扩产项目无法开工",
        "C9芳烃原料供应受限",
        "化工园区污水处理能力不足",
        "精细化工中试基地缺乏",
        "电子级氢氟酸纯化技术依赖进口",
        "危险废物处置费用偏高",
        "液氯槽车进园通行受限",
        "高端催化剂依赖进口",
        "安全评价机构排期紧张",
    ),
    "金属材料": (
        "钛精矿进口通关周期过长",
        "氯气供应不稳定影响钛白粉生产",
        "海绵钛还原蒸馏炉能耗指标不足",
        "高纯四氯化钛提纯技术受制于人",
        "钛合金熔炼用真空自耗电弧炉依赖进口",
        "锆英砂原料价格波动大",
        "金属粉末增材制造认证标准缺失",
        "铁路专用线运力紧张影响原料进厂",
        "集装箱用耐候钢板供应周期长",
        "工业用电价格偏高",
        "废酸综合利用项目审批缓慢",
    ),
    "生物医药": (
        "原料药关联审评排队时间长",
        "GMP符合性检查排期滞后",
        "上市许可持有人委托生产衔接不畅",
        "生物反应器及一次性耗材依赖进口",
        "医疗器械注册检验周期长",
        "医药中间体项目环评指标紧张",
        "药品冷链物流配套不足",
        "临床试验机构资源不足",
        "集采中标产品产能不足",
        "高端制剂辅料依赖进口",
    ),
    "新能源": (
        "风电叶片大件运输通行证办理困难",
        "新能源项目并网接入审批周期长",
        "光伏组件用银浆依赖进口",
        "储能项目用地指标不足",
        "动力总成关键芯片供应短缺",
        "风机主轴承依赖进口",
        "氢能项目安全监管规范不明确",
        "汽车零部件本地配套率低",
        "超级电容电极材料产能不足",
        "新能源汽车检测认证需赴外地办理",
    ),
    "新材料": (
        "半导体级单晶硅拉晶炉热场部件依赖进口",
        "石英坩埚用高纯石英砂供应紧张",
        "先进陶瓷粉体原料依赖进口",
        "碳纤维原丝产能不足",
        "电子功能材料检测平台缺乏",
        "新材料首批次应用保险补偿申报困难",
        "洁净厂房建设审批手续繁琐",
        "高端研发人才引进困难",
        "电子特种气体供应不稳定",
        "产学研成果转化机制不畅",
    ),
    "新一代电子信息技术及应用": (
        "数据中心能耗指标不足",
        "工业互联网标识解析二级节点接入企业少",
        "5G专网建设协调困难",
        "软件企业高端人才流失",
        "电子元器件贴片设备依赖进口",
        "算力资源使用价格偏高",
        "企业上云补贴兑现慢",
        "工业软件国产化替代进展缓慢",
        "数据安全合规咨询服务缺乏",
    ),
    "高端消费品": (
        "农产品精深加工冷库容量不足",
        "功能食品新原料审批周期长",
        "食品生产许可变更办理慢",
        "出口农产品检验检疫周期长",
        "区域品牌推广渠道单一",
        "包装材料成本上涨",
        "电商物流配送成本高",
        "特色轻工产品设计人才缺乏",
        "农产品原料基地建设用地受限",
    ),
}
GENERIC_BOTTLENECK_TITLES = (
    "企业融资难、融资贵",
    "项目用地手续办理滞后",
    "技术工人招聘困难",
    "原料物流成本偏高",
    "关键设备依赖进口",
    "供电容量不足影响扩产",
    "本地产业配套不完善",
)
TASK_TITLES = (
    "{year}年{chain}产业链图谱更新",
    "{chain}链主企业走访调研",
    "{chain}产业链招商项目对接",
    "{chain}重点项目开工协调",
    "{chain}链上企业用工需求摸排",
    "{chain}产业链专班第{n}次会议议定事项落实",
    "{chain}补链延链项目谋划",
    "{chain}领域专精特新企业培育",
    "{chain}产业链供需对接会筹备",
    "{chain}重点企业技术改造项目申报",
)
DESCRIPTION_DETAILS = (
    "企业反映已影响正常生产经营，请求协调解决。",
    "涉及多个部门，需市级层面统筹推进。",
    "问题已持续较长时间，对链上配套企业造成影响。",
    "建议由链长单位牵头，会同相关部门研究解决方案。",
)
EXPECTED_OUTPUTS = (
    "形成工作报告，报领导小组办公室。",
    "完成对接并提交会议纪要。",
    "形成项目清单及推进计划。",
    "提交调研报告及问题清单。",
)
RESOLUTIONS = (
    "经协调，相关部门已开辟绿色通道，问题已解决。",
    "已组织供需对接，企业与供应方签订长期协议。",
    "已纳入市级重点项目服务清单，专人跟踪服务。",
    "经现场办公会研究，已明确解决方案并落实到位。",
)
RESULTS = ("已按要求完成，成果材料见附件。", "工作已完成，形成报告报送办公室。")
RETURN_NOTES = {
    "bottleneck": ("材料不全，请补充企业基本情况后重新上报。", "问题描述不清，请补充具体诉求。"),
    "task": ("成果材料不完整，请补充。", "未达到预期目标，请继续推进。"),
}
PROGRESS_TEXTS = (
    "已完成前期调研，正在推进。",
    "已召开协调会，形成初步方案。",
    "已与相关企业对接，按计划推进。",
    "主要工作已完成，正在整理材料。",
)
EXTENSION_REASONS = ("涉及跨部门协调，需延长办理时限。", "等待上级部门批复，申请延期。")
FEEDBACKS = ("已按职责完成配合工作。", "已提供相关政策依据和办理意见。")
# Plain strings: COPY adapts values by type, and these are str-based enums.
CREATED, TRANSITION, PROGRESS = EventKind.CREATED.value, EventKind.TRANSITION.value, EventKind.PROGRESS.value
EXTENSION, CO_HANDLING = EventKind.EXTENSION.value, EventKind.CO_HANDLING.value
# Transitions the demo never takes: the shortest path to each state does not need them.
DETOURS = ("reopen", "reassign", "send_back")
