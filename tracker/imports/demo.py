"""Demo lists for seed 001 (汉滨区). Temporary loader through services; the list importer replaces it."""
from datetime import date

from tracker.tasks.services import create_task
from tracker.units.services import find_unit, upsert_unit

# canonical name, short name, aliases, group
UNITS = [
    ("区政府办", "政府办", ["区政府办公室"], None),
    ("区卫健局", "卫健", ["区卫生健康局", "卫健局"], None),
    ("区发改局", "发改", ["区发展改革局", "发改局"], None),
    ("区财政局", "财政", ["财政局"], None),
    ("区人社局", "人社", ["人社局"], None),
    ("区民政局", "民政", ["民政局"], None),
    ("区税务局", "税务", ["税务局"], None),
    ("区自然资源局", "自然资源", ["区自然资源分局", "自然资源局"], None),
    ("区住建局", "住建", ["住建局"], None),
    ("区经贸局", "经贸", ["经贸局"], None),
    ("区教体局", "教体", [], None),
    ("区公安分局", "公安", [], None),
    ("区行政审批局", "行政审批", [], None),
    ("区市场监管局", "市场监管", [], None),
    ("区应急管理局", "应急管理", [], None),
    ("区消防救援大队", "消防", ["消防救援大队"], None),
    ("区委宣传部", "宣传部", [], None),
    ("团区委", None, [], "群团"),
    ("区妇联", "妇联", [], "群团"),
    ("区工商联", "工商联", ["工商联"], "群团"),
    ("区互联网产业发展服务中心", "互联网中心", ["互联网发展服务中心", "区互联网发展服务中心"], None),
    ("区农业农村局", "农业农村", [], None),
    ("五里工业集中区管委会", None, ["五里工业集中区"], None),
    ("城东新区开发办", None, [], None),
    ("老城街道办", "老城", [], "镇办"),
    ("新城街道办", "新城", [], "镇办"),
    ("江北街道办", "江北", [], "镇办"),
    ("五里镇", "五里", [], "镇办"),
    ("关庙镇", "关庙", [], "镇办"),
]

# category, title, units (lead first), deadline
TASKS = [
    ("领导重视", "建立党委政府牵头负责，部门职责明确长期协作的组织体系", ["区政府办", "区卫健局"], date(2021, 12, 31)),
    ("政策支持", "将婴幼儿照护服务纳入国民经济和社会发展规划，出台“十四五”托育服务体系建设专项规划或实施方案", ["区发改局"], date(2022, 3, 31)),
    ("政策支持", "制定出台推进婴幼儿照护服务实施意见或细则。", ["区卫健局"], date(2022, 3, 31)),
    ("扩大供给", "通过入户指导、亲子活动、家长课堂等方式，为婴幼儿家庭提供经常性的、普惠可及的育儿指导。", ["区卫健局"], None),
    ("监管服务", "卫生健康行政部门牵头，相关部门按照各自职责，定期对托育机构开展监督检查。", ["区卫健局", "区市场监管局", "区应急管理局"], date(2022, 6, 30)),
    ("创新融合", "推动医疗与托育有机结合，加强对托育机构卫生保健工作的业务指导和人员培训。", ["区卫健局", "区人社局"], date(2022, 5, 31)),
]


def load_demo_lists(campaign) -> None:
    for order, (name, short, aliases, group) in enumerate(UNITS, start=1):
        upsert_unit(name, short_name=short, aliases=aliases, group_name=group, display_order=order)
    for category, title, names, deadline in TASKS:
        create_task(campaign, category, title, [find_unit(n) for n in names], deadline=deadline)
