"""A task's 分值 as the office types it (list import's 分值 column, the scoring page's grid)."""
from decimal import Decimal, InvalidOperation

MAX_POINTS = Decimal("99999.99")  # Task.points is Numeric(7, 2)


def parse_points(text: str | None) -> Decimal | None:
    """Blank is no points; else a number 0..99999.99 with at most two decimals (ValueError says why not)."""
    text = str(text or "").strip().replace("，", ".").replace("。", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{text[:20]}”不是数字。") from None
    if not value.is_finite() or value < 0:
        raise ValueError("分值不能小于 0。")
    if value > MAX_POINTS:
        raise ValueError(f"分值不能大于 {MAX_POINTS}。")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("分值最多保留两位小数。")
    return value
