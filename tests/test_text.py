"""clip: a quoted text says when it was cut."""
from tracker.text import clip


def test_clip_keeps_a_short_text_and_marks_a_cut_one():
    assert clip("制定实施意见", 40) == "制定实施意见"
    assert clip("一二三四五", 5) == "一二三四五"
    assert clip("一二三四五六", 5) == "一二三四…" and len(clip("一二三四五六", 5)) == 5
    assert clip("ab   cdef", 5) == "ab…"  # no blank before the mark
    assert clip(None, 5) == ""
