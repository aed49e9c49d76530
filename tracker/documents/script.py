"""Lists written in Traditional characters (seed 004, 宝坻区) are read like Simplified ones.

Only what the importer must *recognise* is converted — header names, unit text, deadlines, notes — never the
office's own words (类别, 创建任务), which are kept as written. The converter is built on first use, not at import.
"""
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional → Simplified (區衛健委 → 区卫健委); Simplified text comes back unchanged."""
    return _converter().convert(text) if text else text
