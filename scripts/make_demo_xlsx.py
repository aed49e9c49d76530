"""Generate tracker/demo_data/hanbin_units.xlsx and hanbin_list.xlsx (seed 001's annex, as printed).

Run: .venv/bin/python scripts/make_demo_xlsx.py — the output is committed; `tracker demo` imports it.
The list keeps the annex's title rows, merged 类别 cells and shorthand unit text; the 完成时限 column is
invented (the annex has none). Two cells of the annex name no unit the registry can hold — "各级各部门、企事业单位"
and the trailing "各相关单位" — so the list names the accountable units instead and keeps the printed text in 备注.
"""
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

OUT = Path(__file__).resolve().parent.parent / "tracker" / "demo_data"

# 单位名称, 简称, 别名, 分组 — registry order is display order (towns last, in their usual order)
UNITS = [
    ("区政府办", "政府办", "区政府办公室", None),
    ("区卫健局", "卫健", "区卫生健康局、卫健局", None),
    ("区发改局", "发改", "区发展改革局、发改局", None),
    ("区财政局", "财政", "财政局", None),
    ("区人社局", "人社", "区人力资源和社会保障局、人社局", None),
    ("区民政局", "民政", "民政局", None),
    ("区税务局", "税务", "税务局", None),
    ("区自然资源局", "自然资源", "区自然资源分局、自然资源局", None),
    ("区住建局", "住建", "区住房和城乡建设局、住建局", None),
    ("区经贸局", "经贸", "经贸局", None),
    ("区教体局", "教体", "", None),
    ("区公安分局", "公安", "", None),
    ("区行政审批局", "行政审批", "", None),
    ("区市场监管局", "市场监管", "", None),
    ("区应急管理局", "应急管理", "", None),
    ("区消防救援大队", "消防", "消防救援大队", None),
    ("区委宣传部", "宣传部", "", None),
    ("区农业农村局", "农业农村", "", None),
    ("区互联网产业发展服务中心", "互联网中心", "互联网发展服务中心、区互联网发展服务中心", None),
    ("五里工业集中区管委会", None, "五里工业集中区", None),
    ("城东新区开发办", None, "", None),
    ("团区委", None, "共青团", "群团"),
    ("区妇联", "妇联", "", "群团"),
    ("区工商联", "工商联", "", "群团"),
    ("老城街道办", "老城", "", "镇办"),
    ("新城街道办", "新城", "", "镇办"),
    ("江北街道办", "江北", "", "镇办"),
    ("五里镇", "五里", "", "镇办"),
    ("关庙镇", "关庙", "", "镇办"),
]

# 类别 → [(创建任务, 责任单位 as printed, 完成时限, 备注)]
LIST = [
    ("领导重视", [
        ("建立党委政府牵头负责，部门职责明确长期协作的组织体系", "区政府办、区卫健局、各镇办", "2021年12月底前", None),
        ("将婴幼儿照护服务纳入国民经济和社会发展规划，出台“十四五”托育服务体系建设专项规划或实施方案明确托育服务体系建设目标、建设任务、资金来源、运营方式等。",
         "区发改局", "2022年3月底前", None),
        ("制定出台推进婴幼儿照护服务实施意见或细则。", "区卫健局", "2022年3月31日", None),
    ]),
    ("政策支持", [
        ("出台规划、土地、住房、财政、投资、人才等综合性支持政策，发展成本可负担、方便可及的普惠性托育服务",
         "区发改、财政、人社、民政、税务、自然资源、住建卫健等部门", "2022年5月底前", None),
        ("在年度建设用地供应计划中为托育用地提供合理有效保障。", "区自然资源局", "长期坚持", None),
        ("制定婴幼儿照护服务机构建设及运营补贴制度，且实施效果良好。", "区发改、财政税务、人社、卫健等部门",
         "2022年4月30日", None),
        ("在符合相关安全规定下，支持将各类房屋和设施用于发展托育，鼓励适当放宽最长租赁期限。非独立场所按照相关安全规定标准改造建设托育点并通过验收的，无需变更土地和房屋性质。",
         "经贸、财政、民政自然资源住建部门", "2022年5月底前", None),
        ("托育服务各项税费优惠政策全面、及时惠及市场主体。托育机构用水、用电、用气执行与学校、幼儿园相同的价格政策。",
         "区发改局、区财政局、区税务局", "常态化", None),
        ("在婴幼儿发展与健康管理、婴幼儿保育相关学科建设上给予有力支持，为培养专业人才提供有效支撑。",
         "区卫健局、区人社局", "2022年6月30日", None),
        ("全面落实产假政策，鼓励试行与婴幼儿照护服务相配套的育儿假、产休假。", "区人社局、区卫健局、各镇办",
         "长期坚持", "原表责任单位为“各级各部门、企事业单位”：演示中由区人社局牵头，区卫健局和各镇办配合督促落实。"),
    ]),
    ("扩大供给", [
        ("通过入户指导、亲子活动、家长课堂等方式，为婴幼儿家庭提供经常性的、普惠可及的育儿指导。", "区卫健局",
         "持续推进", None),
        ("将婴幼儿照护纳入城乡社区服务范围，加强社区婴幼儿照护服务设施与社区卫生等设施的功能衔接，鼓励开展家庭互助式服务。",
         "区卫健局、镇办", "2022年5月底前", None),
        ("新建住宅小区与配套婴幼儿照护服务设施同步规划、建设、验收、交付，在城市居住社区建设补短板和老旧小区改造项目中统筹推进婴幼儿照护服务设施建设。",
         "区住建", "长期坚持", None),
        ("完善集中管理运营的托育服务网络体系建成一批承担指导功能的普惠性托育机构，大力支持产业园区、用人单位等在工作场所为职工提供福利性托育服务。",
         "区发改局、区卫健局、区人社局五里工业集中区管委会、城东新区开发办", "2022年8月20日前", None),
        ("辖区内公办或公建民营托育机构不少于 1-2 所。", "区卫健局、区发改局、区民政局、区行政审批局、区市场监管局",
         "2022年8月20日前", None),
    ]),
    ("监管服务", [
        ("落实行业部门对托育机构的管理制度行业规划、行政执法等监管主体责任",
         "区卫健局、区自然资源分局、区市场监管局、区应急管理局、消防救援大队", "常态化", None),
        ("卫生健康行政部门牵头，相关部门按照各自职责，定期对托育机构开展监督检查。",
         "区卫健局、区市场监管局、区应急管理局", "2022年6月底前", None),
        ("依法实施守信联合激励和失信联合惩戒，构建以信用为基础的新型监管机制。",
         "区发改局、区行政审批局、区市场监管局", "2022年5月31日", None),
        ("实现托育机构备案登记、信息公示、质量评估制度化、规范化；明确托育机构安全管理主体责任；强化群团组织与行业组织作用，加强宣传与社会监督，强化行业自律。",
         "区委宣传部、区发改局、区卫健局、区行政审批局、区应急管理局、区市场监管局、团区委、区妇联、工商联",
         "2022年7月31日", None),
    ]),
    ("创新融合", [
        ("推动医疗与托育有机结合，加强对托育机构卫生保健工作的业务指导和人员培训。", "区卫健局、区人社局",
         "2022年5月底前", None),
        ("研发应用婴幼儿照护服务信息管理系统，推进“互联网+托育服务”，为优质托育机构平台化发展提高有效支持。",
         "区卫健局、区互联网产业发展服务中心", "2022年6月30日", None),
        ("结合互联网，提供互动式家庭育儿服务。", "区卫健局、区互联网产业发展服务中心", "2022年7月底前", None),
        ("加强公共场所母婴设施建设与改造，为婴幼儿出行、哺乳等设置绿色通道、创造便利条件。",
         "区发改局、区卫健局、区住建局", "2022年8月20日前", "原表此格另有“各相关单位”，未指明单位，演示中从略。"),
        ("支持托育服务、乳粉奶业、动画设计与制作等行业发展。", "区发改局、区卫健局、区农业农村局、互联网发展服务中心",
         "长期坚持", None),
    ]),
]

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")


def make_units(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "责任单位"
    ws.append(["单位名称", "简称", "别名", "分组"])
    for row in UNITS:
        ws.append(list(row))
    for col, width in zip("ABCD", (28, 12, 44, 10), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


def make_list(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "责任清单"
    ws["A1"] = "附件"
    ws["A2"] = "汉滨区创建省级婴幼儿照护服务示范城区工作责任清单"
    ws.merge_cells("A2:E2")
    ws["A2"].font = Font(size=16, bold=True)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append(["类别", "创建任务", "责任单位", "完成时限", "备注"])
    row = 4
    for category, tasks in LIST:
        first = row
        for title, units, deadline, note in tasks:
            ws.append([category if row == first else None, title, units, deadline, note])
            row += 1
        ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
        ws.cell(first, 1).alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
    ws.cell(row + 1, 1, "注：完成时限为演示数据，原附件未列。")
    for r in ws.iter_rows(min_row=3, max_row=row - 1, max_col=5):
        for cell in r:
            cell.border = BOX
            if cell.column > 1:
                cell.alignment = WRAP
    for col, width in zip("ABCDE", (10, 60, 36, 16, 30), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    make_units(OUT / "hanbin_units.xlsx")
    make_list(OUT / "hanbin_list.xlsx")
    print(f"wrote {OUT / 'hanbin_units.xlsx'} and {OUT / 'hanbin_list.xlsx'}")
