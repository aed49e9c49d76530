"""A registry workbook's effect, before anything is written: every row 新增 / 更新 / 不变 / 冲突.

The rules (issue 12), applied to a snapshot of the registry and the whole file at once, so that every clash is
reported together, each with its row, its cell and what the office can do about it:
- a row whose 单位名称 is an existing unit's name, alias or (one unit's) short name *is* that unit: an update,
  never a second unit;
- a name equal to an existing unit's after dropping 区 / the district name and the 分局 / 大队 variants
  (消防救援大队 ≈ 区消防救援大队) is proposed as an alias of that unit instead of a new unit;
- a text (name, short name, alias) names one unit only: a row may not take another unit's;
- blank 简称 / 分组 cells change nothing, unless the file is taken as authoritative (以本表为准): then blank
  cells clear, and units the file does not list leave their groups — every group change is listed;
- aliases are added, never removed; no unit is ever deleted.
`Decisions` are the office's answers to clashes and proposals (skip a row, keep a near-duplicate separate,
drop one alias …): the plan is a pure function of (file, registry, decisions). The registry as it is, and the
near-duplicate key, are registry_snapshot.py; writing is registry_apply.py.
"""
from collections import Counter
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from tracker.units.models import Unit
from tracker.units.registry_io import COMBO_SHEET, RegistryBook
from tracker.units.registry_snapshot import Snapshot, load_snapshot, near_key

NAME_MAX, SHORT_MAX, GROUP_MAX, ALIAS_MAX = 100, 50, 50, 100
ACTION_LABELS = {"new": "新增", "update": "更新", "same": "不变", "conflict": "冲突"}


@dataclass(frozen=True)
class Fix:
    """One way to settle a clash or a proposal: a decision key the preview form sends back."""

    key: str
    label: str


@dataclass
class Clash:
    column: str  # 单位名称 / 简称 / 别名 / 分组 / 对应单位
    cell: str  # A9
    message: str
    fixes: list[Fix] = field(default_factory=list)


@dataclass
class RowPlan:
    """What one row of sheet 责任单位 does. `unit` is the existing unit the row is (None: a new unit)."""

    row: int
    name: str
    unit: Unit | None = None
    clashes: list[Clash] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    proposal: list[Fix] = field(default_factory=list)  # a near-duplicate taken as an alias: how to refuse it
    skipped: bool = False
    short_name: str | None = None  # the short name to write (None: keep)
    clear_short: bool = False
    group: str | None = None  # the group to write, when `set_group`
    set_group: bool = False
    aliases: list[str] = field(default_factory=list)  # aliases to add
    restore: bool = False

    @property
    def where(self) -> str:
        return f"第 {self.row} 行“{self.name}”"

    @property
    def action(self) -> str:
        if self.clashes:
            return "conflict"
        if self.skipped:
            return "same"
        if self.unit is None:
            return "new"
        return "update" if self.changes else "same"

    @property
    def message(self) -> str:
        if self.clashes:
            return "；".join(f"{c.cell}（{c.column}）：{c.message}" for c in self.clashes)
        if self.skipped:
            return "已跳过：本行不改动名册。"
        if self.unit is None:
            return "；".join(["新增单位", *self.changes, *self.notes])
        return "；".join([*self.notes, *self.changes] or ["与名册一致"])


@dataclass
class ComboPlan:
    """One row of sheet 多单位别名: an alias standing for several units, in order."""

    row: int
    alias: str
    unit_names: list[str]
    clashes: list[Clash] = field(default_factory=list)
    exists: bool = False
    skipped: bool = False

    @property
    def where(self) -> str:
        return f"工作表“{COMBO_SHEET}”第 {self.row} 行“{self.alias}”"

    @property
    def action(self) -> str:
        if self.clashes:
            return "conflict"
        return "same" if self.exists or self.skipped else "new"

    @property
    def message(self) -> str:
        if self.clashes:
            return f"工作表“{COMBO_SHEET}”第 {self.row} 行：" + "；".join(
                f"{c.cell}（{c.column}）：{c.message}" for c in self.clashes)
        if self.skipped:
            return f"工作表“{COMBO_SHEET}”：已跳过。"
        said = "、".join(self.unit_names)
        return f"多单位别名“{self.alias}” → {said}" + ("（已有）" if self.exists else "")


@dataclass
class GroupChange:
    group: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # not in the file, stay in the group (not authoritative)


@dataclass
class RegistryPlan:
    rows: list[RowPlan]
    combos: list[ComboPlan]
    groups: list[GroupChange]
    absent: list[str]  # active units the file does not list: kept, never deleted
    authoritative: bool
    leave_groups: list[Unit] = field(default_factory=list)  # absent units leaving their group (authoritative)
    written: bool = False

    @property
    def conflicts(self) -> list[RowPlan | ComboPlan]:
        return [p for p in [*self.rows, *self.combos] if p.clashes]

    @property
    def ok(self) -> bool:
        return not self.conflicts

    def counts(self) -> dict[str, int]:
        counts = Counter(p.action for p in self.rows)
        return {action: counts.get(action, 0) for action in ACTION_LABELS}

    def json(self) -> dict:
        """The CLI's --json shape: rows (row, name, action, unit, message) and written."""
        rows = [{"row": p.row, "name": p.name, "action": p.action, "unit": p.unit.name if p.unit else None,
                 "message": p.message} for p in self.rows]
        rows += [{"row": c.row, "name": c.alias, "action": c.action, "unit": None, "message": c.message}
                 for c in self.combos]
        return {"rows": rows, "written": self.written}


@dataclass(frozen=True)
class Decisions:
    """The office's answers in the preview (decision keys of `Fix`es), and whether the file is authoritative."""

    keys: frozenset[str] = frozenset()
    authoritative: bool = False

    def has(self, key: str) -> bool:
        return key in self.keys

    def described(self, plan: "RegistryPlan") -> list[tuple[str, str]]:
        """The decisions taken, each (key, what it does in words), in row order, for the preview to show."""
        units = {p.unit.id: p.unit.name for p in plan.rows if p.unit is not None}
        return sorted(((k, describe_fix(k, units)) for k in self.keys), key=lambda kv: _fix_order(kv[0]))


def _fix_order(key: str) -> tuple[int, str]:
    parts = key.split(":")
    return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0, key)


def describe_fix(key: str, unit_names: dict[int, str]) -> str:
    """A decision key in words: skip:9 → 第 9 行：跳过（本行不导入）."""
    kind, _, rest = key.partition(":")
    row, _, arg = rest.partition(":")
    said = {"skip": "跳过（本行不导入）", "new": "是另一个单位：新增", "drop-short": "不导入简称",
            "drop-alias": f"不导入别名“{arg}”", "skip-combo": "跳过（多单位别名）",
            "as": f"就是 {unit_names.get(int(arg), '所选单位') if arg.isdigit() else '所选单位'}"}.get(kind)
    where = f"工作表“{COMBO_SHEET}”第 {row} 行" if kind == "skip-combo" else f"第 {row} 行"
    return f"{where}：{said}" if said else key


# --- planning ------------------------------------------------------------------------------------------------


def plan_registry(book: RegistryBook, decisions: Decisions | None = None, *, districts=()) -> RegistryPlan:
    """What importing `book` would do, with the office's decisions applied; writes nothing."""
    decisions = decisions or Decisions()
    snap = load_snapshot(book, districts)
    planner = _Planner(snap, book, decisions)
    rows = [planner.identify(r) for r in book.rows]
    for plan, raw in zip(rows, book.rows, strict=True):
        if not plan.skipped:
            planner.details(plan, raw)
    combos = [planner.combo(c) for c in book.combos]
    groups, leaving, absent = _groups(snap, rows, decisions.authoritative)
    return RegistryPlan(rows, combos, groups, absent, decisions.authoritative, leaving)


class _Planner:
    """Walks the rows; remembers which texts earlier rows claimed, so a file never names one text twice."""

    def __init__(self, snap: Snapshot, book: RegistryBook, decisions: Decisions):
        self.snap, self.decisions = snap, decisions
        self.cols = book.columns or {"单位名称": 1, "简称": 2, "别名": 3, "分组": 4}
        self.claims: dict[str, tuple[int, str]] = {}  # text → (row, what it is there)
        self.unit_rows: dict[int, int] = {}  # existing unit id → the first row that is it
        self.new_keys: dict[str, tuple[int, str]] = {}  # near key of a new row → (row, name)
        self.new_names: dict[str, RowPlan] = {}
        self.row_units: dict[str, str] = {}  # a row's name → the canonical name of the existing unit it is

    def cell(self, column: str, row: int) -> str:
        return f"{get_column_letter(self.cols.get(column, 1))}{row}"

    def clash(self, plan: RowPlan, column: str, message: str, *fixes: Fix) -> None:
        skip = Fix(f"skip:{plan.row}", "跳过此行（本行不导入）")
        plan.clashes.append(Clash(column, self.cell(column, plan.row), message, [*fixes, skip]))

    # -- which unit a row is --------------------------------------------------------------------------------
    def identify(self, raw) -> RowPlan:
        plan = RowPlan(raw.row, raw.name)
        if self.decisions.has(f"skip:{raw.row}"):
            plan.skipped = True
            plan.unit = self.snap.by_name.get(raw.name)
            return plan
        if len(raw.name) > NAME_MAX:
            self.clash(plan, "单位名称", f"单位名称超过 {NAME_MAX} 字。")
            return plan
        if raw.name in self.claims:
            row, what = self.claims[raw.name]
            self.clash(plan, "单位名称", f"“{raw.name}”已是第 {row} 行的{what}：同一写法只能指一个单位。")
            return plan
        plan.unit = self._existing(plan, raw.name)
        if plan.unit is not None:
            if plan.unit.id in self.unit_rows:
                self.clash(plan, "单位名称",
                           f"与第 {self.unit_rows[plan.unit.id]} 行是同一个单位 {plan.unit.name}，请只保留一行。")
            self.unit_rows.setdefault(plan.unit.id, raw.row)
            self.row_units.setdefault(raw.name, plan.unit.name)
        elif not plan.clashes:
            self._new(plan)
        self.claims.setdefault(raw.name, (raw.row, "单位名称"))
        return plan

    def _existing(self, plan: RowPlan, name: str) -> Unit | None:
        """The existing unit a row's name is: by name, alias, short name, or a near-duplicate proposal."""
        snap = self.snap
        if name in snap.by_name:
            return snap.by_name[name]
        aliased = snap.by_alias.get(name, [])
        if len(aliased) > 1:
            self.clash(plan, "单位名称", f"“{name}”是多单位别名（{'、'.join(u.name for u in aliased)}），不能作为单位名称。")
            return None
        if aliased:
            plan.notes.append(f"“{name}”是已有单位 {aliased[0].name} 的别名，即该单位")
            return aliased[0]
        shorts = snap.by_short.get(name, [])
        if len(shorts) == 1:
            plan.notes.append(f"“{name}”是已有单位 {shorts[0].name} 的简称，即该单位")
            return shorts[0]
        near = shorts or [u for u in snap.near.get(near_key(name, snap.districts), []) if u.name != name]
        return self._choose(plan, name, near, "简称" if shorts else "近似") if near else None

    def _choose(self, plan: RowPlan, name: str, candidates: list[Unit], how: str) -> Unit | None:
        new = Fix(f"new:{plan.row}", "是另一个单位：新增")
        picks = [Fix(f"as:{plan.row}:{u.id}", f"就是 {u.name}") for u in candidates]
        chosen = next((u for u, f in zip(candidates, picks, strict=True) if self.decisions.has(f.key)), None)
        if chosen is None and self.decisions.has(new.key):
            plan.notes.append(f"与 {'、'.join(u.name for u in candidates)} 近似，按您的选择新增为另一个单位")
            return None
        if chosen is None and len(candidates) == 1:
            chosen = candidates[0]
        if chosen is None:
            said = "、".join(u.name for u in candidates)
            message = (f"“{name}”同时是 {said} 的简称" if how == "简称" else f"“{name}”与 {said} 都近似") + "，请选择它是哪个单位。"
            self.clash(plan, "单位名称", message, *picks, new)
            return None
        plan.notes.append(f"与已有单位 {chosen.name} 近似（去掉“区”、区名或分局/大队等后相同）：作为其别名，不新增单位")
        plan.proposal = [new]
        return chosen

    def _new(self, plan: RowPlan) -> None:
        key = near_key(plan.name, self.snap.districts)
        if key in self.new_keys and not self.decisions.has(f"new:{plan.row}"):
            row, other = self.new_keys[key]
            self.clash(plan, "单位名称", f"与第 {row} 行“{other}”近似，可能是同一个单位。",
                       Fix(f"new:{plan.row}", "是不同的单位：都新增"))
        self.new_keys.setdefault(key, (plan.row, plan.name))
        self.new_names[plan.name] = plan

    # -- what the row changes -------------------------------------------------------------------------------
    def details(self, plan: RowPlan, raw) -> None:
        unit, authoritative = plan.unit, self.decisions.authoritative
        own = self.snap.forms(unit) if unit else {plan.name}
        if unit is not None and plan.name not in own and not plan.clashes:
            plan.aliases.append(plan.name)  # the file's name becomes an alias of the unit it is
            plan.changes.append(f"新增别名 {plan.name}")
        self._short(plan, raw.short_name, unit, own, authoritative)
        for alias in dict.fromkeys(raw.aliases):
            self._alias(plan, alias, unit, own)
        self._group(plan, raw.group_name, unit, authoritative)
        if unit is not None and unit.retired:
            plan.restore = True
            plan.changes.append("恢复启用（此前已停用）")

    def _others(self, text: str, unit: Unit | None) -> list[tuple[Unit, str]]:
        return [(u, what) for u, what in self.snap.owners(text) if unit is None or u.id != unit.id]

    def _claimed_elsewhere(self, plan: RowPlan, text: str) -> tuple[int, str] | None:
        claim = self.claims.get(text)
        return claim if claim and claim[0] != plan.row else None

    def _short(self, plan: RowPlan, short: str | None, unit: Unit | None, own: set[str], authoritative: bool) -> None:
        current = unit.short_name if unit else None
        if not short:
            if authoritative and current:
                plan.clear_short = True
                plan.changes.append(f"清空简称（原为 {current}，以本表为准）")
            return
        if self.decisions.has(f"drop-short:{plan.row}") or short == current:
            return
        drop = Fix(f"drop-short:{plan.row}", f"不导入简称“{short}”")
        if len(short) > SHORT_MAX:
            self.clash(plan, "简称", f"简称超过 {SHORT_MAX} 字。", drop)
        elif others := self._others(short, unit):
            said = "、".join(f"{u.name}的{what}" for u, what in others)
            self.clash(plan, "简称", f"“{short}”已是{said}：两个单位用同一简称，清单中就分不清。", drop)
        elif claim := self._claimed_elsewhere(plan, short):
            self.clash(plan, "简称", f"“{short}”已是第 {claim[0]} 行的{claim[1]}。", drop)
        else:
            plan.short_name = short
            plan.changes.append(f"简称 {current} → {short}" if current else f"简称 {short}")
        self.claims.setdefault(short, (plan.row, "简称"))

    def _alias(self, plan: RowPlan, alias: str, unit: Unit | None, own: set[str]) -> None:
        if alias in own or alias == plan.name or self.decisions.has(f"drop-alias:{plan.row}:{alias}"):
            return
        drop = Fix(f"drop-alias:{plan.row}:{alias}", f"不导入别名“{alias}”")
        if len(alias) > ALIAS_MAX:
            self.clash(plan, "别名", f"别名“{alias[:20]}…”超过 {ALIAS_MAX} 字。", drop)
        elif others := self._others(alias, unit):
            said = "、".join(f"另一个单位 {u.name} 的{what}" for u, what in others)
            self.clash(plan, "别名", f"“{alias}”已是{said}。同一写法只能指一个单位：若是同一单位，请把本行与"
                                   f"{others[0][0].name}合为一行；否则去掉这个别名。", drop)
        elif claim := self._claimed_elsewhere(plan, alias):
            self.clash(plan, "别名", f"“{alias}”已是第 {claim[0]} 行的{claim[1]}。", drop)
        elif alias not in plan.aliases:
            plan.aliases.append(alias)
            plan.changes.append(f"新增别名 {alias}")
        self.claims.setdefault(alias, (plan.row, "别名"))

    def _group(self, plan: RowPlan, group: str | None, unit: Unit | None, authoritative: bool) -> None:
        current = unit.group_name if unit else None
        if group and len(group) > GROUP_MAX:
            self.clash(plan, "分组", f"分组超过 {GROUP_MAX} 字。")
        elif group and group != current:
            plan.group, plan.set_group = group, True
            plan.changes.append(f"分组 {current} → {group}" if current else f"加入分组 {group}")
        elif not group and current and authoritative:
            plan.set_group = True
            plan.changes.append(f"移出分组 {current}（分组留空，以本表为准）")
        elif not group and current:
            plan.notes.append(f"分组留空：仍在“{current}”（勾选“以本表为准”才会移出）")

    # -- sheet 多单位别名 -------------------------------------------------------------------------------------
    def combo(self, raw) -> ComboPlan:
        plan = ComboPlan(raw.row, raw.alias, list(raw.units))
        if self.decisions.has(f"skip-combo:{raw.row}"):
            plan.skipped = True
            return plan
        skip = Fix(f"skip-combo:{raw.row}", "跳过此行")
        plan.unit_names = [self.row_units.get(n, n) for n in plan.unit_names]
        missing = [n for n in plan.unit_names if n not in self.snap.by_name and n not in self.new_names]
        if not plan.unit_names or missing:
            said = f"找不到责任单位：{'、'.join(missing)}" if missing else "没有填写对应单位。"
            plan.clashes.append(Clash("对应单位", f"B{raw.row}", said, [skip]))
            return plan
        existing = self.snap.by_alias.get(raw.alias, [])
        if [u.name for u in existing] == plan.unit_names:
            plan.exists = True
            return plan
        if claimed := self._combo_claim(raw.alias, existing):
            plan.clashes.append(Clash("别名", f"A{raw.row}", claimed, [skip]))
        self.claims.setdefault(raw.alias, (raw.row, f"工作表“{COMBO_SHEET}”中的别名"))
        return plan

    def _combo_claim(self, alias: str, existing: list[Unit]) -> str | None:
        if existing:
            return f"“{alias}”已对应 {'、'.join(u.name for u in existing)}。"
        if owners := self.snap.owners(alias):
            return f"“{alias}”已是 {owners[0][0].name} 的{owners[0][1]}。"
        if claim := self.claims.get(alias):
            return f"“{alias}”已是第 {claim[0]} 行的{claim[1]}。"
        return None


def _groups(snap: Snapshot, rows: list[RowPlan], authoritative: bool):
    """Group membership before and after, per group; absent units; absent units that leave their group."""
    after: dict[str, str | None] = {}  # unit name → group after the import (units the file names)
    for p in rows:
        if p.clashes:
            continue
        name = p.unit.name if p.unit else p.name
        before = p.unit.group_name if p.unit else None
        after[name] = (p.group if p.set_group else before)
    listed = {p.unit.id for p in rows if p.unit is not None}
    absent = [u for u in snap.units if u.id not in listed and not u.retired]
    leaving = [u for u in absent if u.group_name and authoritative]
    changes: dict[str, GroupChange] = {}
    for u in snap.units:
        if u.group_name and u.name in after and after[u.name] != u.group_name:
            changes.setdefault(u.group_name, GroupChange(u.group_name)).removed.append(u.name)
    for name, group in after.items():
        before = snap.by_name[name].group_name if name in snap.by_name else None
        if group and group != before:
            changes.setdefault(group, GroupChange(group)).added.append(name)
    for u in absent:
        if u.group_name:
            change = changes.setdefault(u.group_name, GroupChange(u.group_name))
            (change.removed if authoritative else change.kept).append(u.name)
    return sorted(changes.values(), key=lambda c: c.group), leaving, [u.name for u in absent]
