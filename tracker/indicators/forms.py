"""Forms of the indicator pages: the office defines an indicator, a unit reports a value, the office reviews it.

Numbers and milestone lines are read by the importer's own cell readers, so a form takes what a workbook takes.
"""
import re
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.indicators.definitions import COMMON_MEASURES, MEASURE_MAX, NAME_MAX, IndicatorSpec
from tracker.indicators.importing import CellError, parse_amount, parse_target_date
from tracker.indicators.reporting import NOTE_MAX
from tracker.indicators.status import Direction, fmt
from tracker.units.resolver import resolve_any_script
from tracker.units.services import load_registry
from tracker.web.forms import choices

MILESTONE_LINE = re.compile(r"^\s*(\S+)\s*[\s,，:：→>=]+\s*(.+?)\s*$")


def to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def amount(text: str | None, label: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except CellError as exc:
        raise ValidationError(f"{label}：{exc}。") from exc


class ReportForm(FlaskForm):
    """A unit's value as of a date, with a note; files come as `files` (new) and `library` (already held)."""

    value = StringField("数值", validators=[DataRequired("请填写数值。"), Length(max=40)])
    as_of = DateField("数据截至日期", validators=[DataRequired("请填写数据截至日期（YYYY-MM-DD）。")])
    note = TextAreaField("说明", validators=[Optional(), Length(max=NOTE_MAX, message=f"说明不能超过 {NOTE_MAX} 字。")],
                         render_kw={"rows": 2, "placeholder": "数据来源、统计口径等（可选）"})
    version = HiddenField()

    def validate_value(self, field):
        field.parsed = amount(field.data, "数值")

    @property
    def posted_version(self) -> int | None:
        return to_int(self.version.data)


class ReviewForm(FlaskForm):
    reason = TextAreaField("退回原因", validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})
    version = HiddenField()

    @property
    def posted_version(self) -> int | None:
        return to_int(self.version.data)


class IndicatorForm(FlaskForm):
    """The office's definition of an indicator. Milestones one per line: 2021-12-31 400."""

    name = StringField("指标名称", validators=[DataRequired("请填写指标名称。"), Length(max=NAME_MAX)])
    measure = StringField("计量单位", validators=[DataRequired("请填写计量单位（如 个、所、%、‰）。"),
                                              Length(max=MEASURE_MAX)], render_kw={"list": "measures"})
    direction = SelectField("方向", choices=choices((d.value, d.label) for d in Direction),
                            default=Direction.AT_LEAST.value)
    baseline = StringField("基线（可选）", validators=[Optional(), Length(max=40)])
    milestones = TextAreaField("目标值及目标日期（每行一个）", validators=[Optional()],
                               render_kw={"rows": 3, "placeholder": "2021-12-31 400\n2022-12-31 500"})
    units = StringField("责任单位", validators=[Optional(), Length(max=1000)],
                        render_kw={"placeholder": "如 区卫健局、区发改局（第一个为牵头单位）"})
    formula = StringField("计算公式（计算得出的指标填写，否则留空）", validators=[Optional(), Length(max=500)],
                          render_kw={"placeholder": "如 托位数 ÷ 常住人口 × 1000"})
    version = HiddenField()
    measures = COMMON_MEASURES

    @property
    def posted_version(self) -> int | None:
        return to_int(self.version.data)

    def validate_baseline(self, field):
        field.parsed = amount(field.data, "基线")

    def validate_milestones(self, field):
        found = []
        for n, line in enumerate((field.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            m = MILESTONE_LINE.match(line)
            try:
                if m is None:
                    raise CellError("应为“目标日期 目标值”")
                found.append((parse_target_date(m[1]), parse_amount(m[2])))
            except CellError as exc:
                raise ValidationError(f"目标值第 {n} 行：{exc}（如 2021-12-31 400）。") from exc
        field.parsed = found

    def validate_units(self, field):
        field.parsed = []
        if not (field.data or "").strip():
            return
        cell = resolve_any_script(load_registry(), field.data)
        if cell.unresolved:
            words = "；".join(u.text + (f"（可能是：{'、'.join(u.suggestions)}）" if u.suggestions else "")
                             for u in cell.unresolved)
            raise ValidationError(f"无法确定责任单位：{words}")
        field.parsed = [u.id for u in cell.units]

    def spec(self) -> IndicatorSpec:
        """The spec of a validated form."""
        return IndicatorSpec(self.name.data.strip(), self.measure.data.strip(), self.direction.data,
                             getattr(self.baseline, "parsed", None), self.milestones.parsed,
                             getattr(self.units, "parsed", []), (self.formula.data or "").strip() or None)

    @classmethod
    def of(cls, indicator) -> "IndicatorForm":
        """The form pre-filled from an indicator (ask only what changed)."""
        return cls(formdata=None, name=indicator.name, measure=indicator.measure, direction=indicator.direction,
                   baseline=fmt(indicator.baseline, ""), formula=indicator.formula or "", version=indicator.version,
                   milestones="\n".join(f"{m.due_on.isoformat()} {fmt(m.target)}" for m in indicator.milestones),
                   units="、".join(u.name for u in indicator.responsible_units))
