from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from tracker.cadence.models import CycleKind
from tracker.cadence.periods import WEEKDAYS
from tracker.web.forms import choices


class CadenceForm(FlaskForm):
    enabled = BooleanField("要求各单位按周期报送进展")
    kind = SelectField("报送周期", choices=choices((k.value, k.label) for k in CycleKind))
    month_day = IntegerField("每月报送日", default=25, validators=[Optional(), NumberRange(1, 28, "应在 1 到 28 日之间。")])
    weekday = SelectField("每周报送日", coerce=int, choices=choices(enumerate(WEEKDAYS)), default=4)
    min_interval_days = IntegerField("频次上限：每多少天最多要求报送一次", default=7,
                                     validators=[NumberRange(0, 90, "应在 0 到 90 天之间。")],
                                     description="减负：周期不得比上限更密；0 为不设上限。")
    remind_days = IntegerField("提前几天提醒未报单位", default=3, validators=[NumberRange(0, 10, "应在 0 到 10 天之间。")])

    @property
    def day(self) -> int:
        return self.weekday.data if self.kind.data == CycleKind.WEEKLY else (self.month_day.data or 25)
