"""Exact resolution of the unit text of a responsibility list: never a guess.

Pure: a `Registry` is built from plain `UnitRef`s (see services.load_registry), so the rules are testable
without a database. The rules, in order, for each fragment of a cell:
  1. a known name (canonical, short, alias) is matched whole, before any split; a text that is several
     units' forms means the unit whose *name* it is, else the unit(s) whose *alias* it is (the office's
     decision, saved from the mapping screen), else — only when one unit has it — the short name;
  2. the cell is split on 、，,；;/ and whitespace (never inside a known name), then on 和 / 及 if needed;
  3. a fragment matches as written, then with/without a leading 区, then after stripping tails (等部门 …);
  4. group references (各镇办, 镇办, 各群团组织) expand to the group's members in registry order, and an
     alias that stands for several units (两办 → 区委办, 区政府办) expands to them in its order;
  5. run-together names are segmented: the whole fragment must be covered by known names, the cover with the
     longest names wins, and two equally good covers that name different units are ambiguous.
Anything that does not resolve to exactly one unit (or one group, or one multi-unit alias) is unresolved,
with suggestions.
"""
import difflib
import re
from dataclasses import dataclass, field

from tracker.documents.script import to_simplified

HARD_SEPARATORS = "、，,；;/／ \t\n\r\u3000"
SOFT_SEPARATORS = "和及"
TAILS = ("等有关部门", "等相关部门", "等有关单位", "等相关单位", "等部门", "等单位", "部门", "单位", "等")
GROUP_PREFIXES = ("各",)
GROUP_SUFFIXES = ("组织", "单位", "部门")
LEAD_MARK = re.compile(r"[（(]\s*牵头\s*[)）]")
MAX_COVERS = 200


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    short_name: str | None = None
    group_name: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Unresolved:
    text: str
    suggestions: list[str] = field(default_factory=list)
    reason: str = ""  # why the text does not resolve, in words the office can act on


@dataclass
class CellResult:
    """The units a cell names, in order (duplicates removed), which one is marked 牵头, and what failed."""

    units: list[UnitRef] = field(default_factory=list)
    marked_lead: UnitRef | None = None
    unresolved: list[Unresolved] = field(default_factory=list)
    first_unresolved: bool = False  # the first thing the cell names did not resolve: its lead is unknown

    @property
    def lead_unknown(self) -> bool:
        """The cell's lead cannot be told yet: its first text is unresolved and no resolved unit is marked."""
        return self.marked_lead is None and (self.first_unresolved or (bool(self.unresolved) and not self.units))


class ResolvingPlan:
    """Mixed into a table importer's plan (a dataclass with `errors`): `ok` when every unit text resolved and no
    row has an error, and each unresolved text once for the mapping screen. The plan gives `unresolved`: (row,
    Unresolved) pairs in row order."""

    @property
    def unresolved(self) -> list[tuple[int, Unresolved]]:
        raise NotImplementedError

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unresolved

    def unresolved_texts(self) -> list[tuple[str, list[int], list[str], str]]:
        """Each distinct unresolved text once: (text, rows, suggestions, reason), for the mapping screen."""
        grouped: dict[str, tuple[list[int], Unresolved]] = {}
        for row, u in self.unresolved:
            grouped.setdefault(u.text, ([], u))[0].append(row)
        return [(text, rows, u.suggestions, u.reason) for text, (rows, u) in grouped.items()]


def _variants(text: str) -> list[str]:
    """The text as written, then with the leading 区 removed or added."""
    if text.startswith("区") and len(text) > 2:
        return [text, text[1:]]
    return [text, "区" + text]


class Registry:
    """Every surface form of every unit, the groups in registry order, and the multi-unit aliases.

    `combos` maps an alias text to the ids of the units it stands for, in order (两办 → (区委办, 区政府办)).
    """

    def __init__(self, units: list[UnitRef], combos: dict[str, tuple[int, ...]] | None = None):
        self.units = list(units)
        self.by_id = {u.id: u for u in self.units}
        self.groups: dict[str, list[UnitRef]] = {}
        for u in self.units:
            if u.group_name:
                self.groups.setdefault(u.group_name, []).append(u)
        self.combos = {text.strip(): tuple(i for i in ids if i in self.by_id) for text, ids in (combos or {}).items()}
        self.forms: dict[str, set[int]] = {}
        self.tier: dict[str, int] = {}  # 0 canonical name, 1 alias (one unit or several), 2 short name
        for tier, forms_of in enumerate((lambda u: (u.name,), lambda u: u.aliases, lambda u: (u.short_name,))):
            found: dict[str, set[int]] = {}
            for u in self.units:
                for form in forms_of(u):
                    if form and form.strip():
                        found.setdefault(form.strip(), set()).add(u.id)
            if tier == 1:
                found.update({text: set() for text in self.combos if text not in found})
            for form, ids in found.items():
                if form not in self.tier:  # a better tier already claims this text
                    self.tier[form] = tier
                    if ids:
                        self.forms[form] = ids
        self.seg_forms = self._segmentation_forms()
        self.protected = sorted((f for f in (*self.forms, *self.combos)
                                 if any(c in f for c in HARD_SEPARATORS + SOFT_SEPARATORS)), key=len, reverse=True)

    def _segmentation_forms(self) -> dict[str, set[tuple[int, ...]]]:
        """Each form (with/without 区) → the unit lists it may mean: (id,) for a unit, (id, id, …) for a combo."""
        seg: dict[str, set[tuple[int, ...]]] = {}
        for form, ids in self.forms.items():
            for variant in _variants(form):
                seg.setdefault(variant, set()).update((i,) for i in ids)
        for form, ids in self.combos.items():
            if self.tier.get(form) != 1:
                continue  # the text is a unit's name: that unit, never the combo
            for variant in _variants(form):
                seg.setdefault(variant, set()).add(ids)
        return seg

    # -- single lookups -------------------------------------------------------------------------------
    def exact(self, text: str) -> list[UnitRef] | None:
        """The unit a text names as written (or with/without 区); several units if that form is ambiguous."""
        for variant in _variants(text):
            ids = self.forms.get(variant)
            if ids:
                return [self.by_id[i] for i in sorted(ids)] if len(ids) > 1 else [self.by_id[next(iter(ids))]]
            if self.combos.get(variant) and self.tier.get(variant) == 1:
                return None  # this variant is a multi-unit alias: `combo` answers it
        return None

    def combo(self, text: str) -> list[UnitRef] | None:
        """The units a multi-unit alias stands for, in its order (as written, or with/without 区)."""
        for variant in _variants(text):
            if self.forms.get(variant):
                return None  # the variant names a unit (a better or equal tier): `exact` answers it
            if self.combos.get(variant) and self.tier.get(variant) == 1:
                return [self.by_id[i] for i in self.combos[variant]]
        return None

    def forms_of(self, text: str) -> list[tuple[UnitRef, str]]:
        """Every unit that has `text` as a form, with which form it is (单位名称 / 别名 / 简称), for explanations."""
        found = []
        for u in self.units:
            for label, forms in (("单位名称", (u.name,)), ("别名", u.aliases), ("简称", (u.short_name,))):
                if text in forms:
                    found.append((u, label))
        found.extend((self.by_id[i], "多单位别名") for i in self.combos.get(text, ()))
        return found

    def group(self, text: str) -> list[UnitRef] | None:
        """Members of the group a reference names: 镇办, 各镇办, 各群团组织, 镇办单位."""
        core = text
        for prefix in GROUP_PREFIXES:
            core = core.removeprefix(prefix)
        for suffix in GROUP_SUFFIXES:
            if core.endswith(suffix) and core[: -len(suffix)] in self.groups:
                core = core[: -len(suffix)]
        return list(self.groups[core]) if core in self.groups else None

    def suggestions(self, text: str, limit: int = 5) -> list[str]:
        """Canonical names of units the text might mean (for the office to choose from, never applied)."""
        core = strip_tail(text).removeprefix("区") or text
        scored: dict[str, float] = {}
        for form, ids in self.forms.items():
            bare = form.removeprefix("区")
            ratio = difflib.SequenceMatcher(None, core, bare).ratio()
            if core in bare or bare in core:
                ratio += 0.5
            if ratio >= 0.5:
                for i in ids:
                    name = self.by_id[i].name
                    scored[name] = max(scored.get(name, 0), ratio)
        return [n for n, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    def reason(self, text: str) -> str:
        """Why a text does not resolve: several units claim it, or the registry has no such form."""
        for variant in _variants(strip_tail(text)):
            claims = self.forms_of(variant)
            if len({ref.id for ref, _ in claims}) > 1:
                said = "、".join(f"{ref.name}的{label}" for ref, label in claims)
                return f"“{variant}”同时是{said}，无法确定指哪一个。选择后保存为别名，即以所选单位为准。"
        return "名册中没有这个写法。选择它指的单位后保存为别名；不在名册中的单位请先新增。"

    def unresolved(self, text: str) -> Unresolved:
        return Unresolved(text, self.suggestions(text), self.reason(text))


def strip_tail(text: str) -> str:
    for tail in TAILS:
        if text.endswith(tail) and len(text) > len(tail):
            return text[: -len(tail)]
    return text


def split_protected(text: str, separators: str, protected: list[str]) -> list[str]:
    """Split on any separator character, except inside an occurrence of a protected (known) name."""
    shield = [False] * len(text)
    for form in protected:
        for m in re.finditer(re.escape(form), text):
            if not any(shield[m.start():m.end()]):
                shield[m.start():m.end()] = [True] * (m.end() - m.start())
    pieces, current = [], []
    for ch, kept in zip(text, shield, strict=True):
        if ch in separators and not kept:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


def segment(registry: Registry, text: str) -> list[UnitRef] | None:
    """Cover the whole text with known names; the longest-names cover wins; a tie naming other units → None."""
    covers = _covers(registry, text)
    if not covers:
        return None
    best_key = max(_cover_key(c) for c in covers)
    best = {tuple(tuple(sorted(registry.seg_forms[f])) for f in c) for c in covers if _cover_key(c) == best_key}
    if len(best) != 1:
        return None
    choices = next(iter(best))
    if any(len(choice) != 1 for choice in choices):
        return None
    return [registry.by_id[i] for choice in choices for i in choice[0]]


def _cover_key(cover: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(sorted((len(f) for f in cover), reverse=True))


def _covers(registry: Registry, text: str) -> list[tuple[str, ...]]:
    """All ways (up to MAX_COVERS) to write text as a sequence of known forms."""
    memo: dict[int, list[tuple[str, ...]]] = {len(text): [()]}
    for start in range(len(text) - 1, -1, -1):
        found: list[tuple[str, ...]] = []
        for end in range(start + 1, len(text) + 1):
            form = text[start:end]
            if form in registry.seg_forms and memo.get(end):
                found.extend((form, *rest) for rest in memo[end])
                if len(found) > MAX_COVERS:
                    break
        memo[start] = found[:MAX_COVERS]
    return memo[0]


def resolve_piece(registry: Registry, piece: str) -> list[UnitRef] | None:
    """One fragment → its units, or None when it does not resolve to exactly one unit, group or combo."""
    for candidate in dict.fromkeys((piece, strip_tail(piece))):
        hit, combo = registry.exact(candidate), registry.combo(candidate)
        if hit is not None and combo is not None:
            return None  # both a unit's name and a multi-unit alias: ambiguous
        if hit is not None:
            return hit if len(hit) == 1 else None
        if combo is not None:
            return combo
        members = registry.group(candidate)
        if members is not None:
            return members
    return segment(registry, strip_tail(piece))


def resolve_fragment(registry: Registry, fragment: str) -> tuple[list[UnitRef], list[Unresolved], bool]:
    """A fragment between hard separators; split on 和/及 only when it does not resolve whole.

    Returns (units, unresolved, whether the fragment's first part is unresolved)."""
    units = resolve_piece(registry, fragment)
    if units is not None:
        return units, [], False
    parts = split_protected(fragment, SOFT_SEPARATORS, registry.protected)
    if len(parts) > 1:
        results = [(p, resolve_piece(registry, p)) for p in parts]
        if any(r is not None for _, r in results):
            found = [u for _, r in results if r for u in r]
            return found, [registry.unresolved(p) for p, r in results if r is None], results[0][1] is None
    return [], [registry.unresolved(fragment)], True


def resolve_cell(registry: Registry, text: str | None) -> CellResult:
    """Resolve a 责任单位 cell. A known name is matched whole before any split."""
    result = CellResult()
    text = (text or "").strip()
    if not text:
        return result
    fragments = split_protected(text, HARD_SEPARATORS, registry.protected)
    for fragment in fragments:
        marked = bool(LEAD_MARK.search(fragment))
        fragment = LEAD_MARK.sub("", fragment).strip()
        if not fragment:
            continue
        units, unresolved, first_bad = resolve_fragment(registry, fragment)
        if first_bad and not result.units and not result.unresolved:
            result.first_unresolved = True
        result.unresolved.extend(unresolved)
        if marked and units and result.marked_lead is None:
            result.marked_lead = units[0]
        for u in units:
            if u not in result.units:
                result.units.append(u)
    return result


def order_units(lead_cell: CellResult, co_cell: CellResult | None = None) -> list[UnitRef]:
    """Lead first: a unit marked （牵头）, else the first named; then the rest; a 配合单位 column's units help."""
    units = list(lead_cell.units)
    if lead_cell.marked_lead is not None:
        units.remove(lead_cell.marked_lead)
        units.insert(0, lead_cell.marked_lead)
    for u in co_cell.units if co_cell else []:
        if u not in units:
            units.append(u)
    return units


def resolve_any_script(registry: Registry, text: str) -> CellResult:
    """Resolve as written; a cell in Traditional characters is resolved in Simplified when that does better."""
    result = resolve_cell(registry, text)
    simplified = to_simplified(text)
    if result.unresolved and simplified != text:
        converted = resolve_cell(registry, simplified)
        if len(converted.unresolved) < len(result.unresolved):
            return converted
    return result
