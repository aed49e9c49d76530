"""Formulas of derived indicators, parsed and evaluated by hand — never `eval`.

A formula names other indicators of the same campaign and combines them with + − × ÷ (or + - * /), unary
minus, parentheses and numbers:

    托位数 ÷ 常住人口 × 1000          {托位数} / {常住人口} * 1,000          「托位数」/「常住人口」*1000

A name is a run of characters without spaces or operators, or any text in {…} / 「…」 / “…” (for names
with spaces, brackets or a leading digit). A run that reads as a number (1000, 1,000, 4.7) is a number.
Arithmetic is Decimal; a division by zero or a missing input gives no value (None), never an error.
"""
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from tracker.errors import Refusal

OPERATORS = {"+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "/": "/", "÷": "/"}
PARENS = {"(": "(", ")": ")", "（": "(", "）": ")"}
QUOTES = {"{": "}", "「": "」", "“": "”", '"': '"', "【": "】"}
MAX_LENGTH = 500
MAX_DEPTH = 30


class FormulaError(Refusal):
    """A formula that cannot be read; the message says where."""


@dataclass(frozen=True)
class Token:
    kind: str  # num | name | op | paren
    text: str
    value: Decimal | None = None


def _is_break(ch: str) -> bool:
    return ch.isspace() or ch in OPERATORS or ch in PARENS or ch in QUOTES


def _number(text: str) -> Decimal | None:
    plain = text.replace(",", "").replace("，", "")
    if not plain or not all(c.isdigit() or c == "." for c in plain) or plain.count(".") > 1 or plain == ".":
        return None
    return Decimal(plain)


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式过长（最多 {MAX_LENGTH} 字）。")
    tokens, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in OPERATORS:
            tokens.append(Token("op", OPERATORS[ch]))
            i += 1
        elif ch in PARENS:
            tokens.append(Token("paren", PARENS[ch]))
            i += 1
        elif ch in QUOTES:
            end = text.find(QUOTES[ch], i + 1)
            if end < 0:
                raise FormulaError(f"公式中的“{ch}”没有配对的“{QUOTES[ch]}”。")
            name = text[i + 1:end].strip()
            if not name:
                raise FormulaError("公式中有空的指标名称。")
            tokens.append(Token("name", name))
            i = end + 1
        else:
            j = i
            while j < len(text) and not _is_break(text[j]):
                j += 1
            run = text[i:j]
            number = _number(run)
            tokens.append(Token("num", run, number) if number is not None else Token("name", run))
            i = j
    return tokens


# --- the expression tree ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: object


@dataclass(frozen=True)
class BinOp:
    op: str
    left: object
    right: object


class _Parser:
    """expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ; factor := '-' factor | atom."""

    def __init__(self, tokens: list[Token]):
        self.tokens, self.pos = tokens, 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise FormulaError("公式不完整：末尾缺少数字或指标。")
        self.pos += 1
        return token

    def expr(self, depth: int = 0):
        if depth > MAX_DEPTH:
            raise FormulaError("公式嵌套过深。")
        node = self.term(depth)
        while (t := self.peek()) is not None and t.kind == "op" and t.text in "+-":
            self.take()
            node = BinOp(t.text, node, self.term(depth))
        return node

    def term(self, depth: int):
        node = self.factor(depth)
        while (t := self.peek()) is not None and t.kind == "op" and t.text in "*/":
            self.take()
            node = BinOp(t.text, node, self.factor(depth))
        return node

    def factor(self, depth: int):
        t = self.take()
        if t.kind == "op" and t.text in "+-":
            inner = self.factor(depth + 1)
            return Neg(inner) if t.text == "-" else inner
        if t.kind == "num":
            return Num(t.value)
        if t.kind == "name":
            return Ref(t.text)
        if t.kind == "paren" and t.text == "(":
            node = self.expr(depth + 1)
            closing = self.peek()
            if closing is None or closing.kind != "paren" or closing.text != ")":
                raise FormulaError("公式中的括号没有配对。")
            self.take()
            return node
        raise FormulaError(f"公式中“{t.text}”的位置不对。")


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its tree and the indicator names it reads, in order of appearance."""

    text: str
    tree: object
    names: tuple[str, ...]

    def evaluate(self, values: dict[str, Decimal | None]) -> Decimal | None:
        """The value from the inputs' values; None when an input is missing or a division is by zero."""
        try:
            return _eval(self.tree, values)
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None


def _eval(node, values: dict[str, Decimal | None]) -> Decimal | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return values.get(node.name)
    if isinstance(node, Neg):
        inner = _eval(node.operand, values)
        return None if inner is None else -inner
    left, right = _eval(node.left, values), _eval(node.right, values)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if right == 0:
        return None
    return left / right


def _names(node, found: list[str]) -> list[str]:
    if isinstance(node, Ref) and node.name not in found:
        found.append(node.name)
    elif isinstance(node, Neg):
        _names(node.operand, found)
    elif isinstance(node, BinOp):
        _names(node.left, found)
        _names(node.right, found)
    return found


def parse(text: str) -> Formula:
    """Parse a formula; FormulaError (with a Chinese message) for anything it cannot read."""
    text = (text or "").strip()
    if not text:
        raise FormulaError("公式为空。")
    tokens = tokenize(text)
    parser = _Parser(tokens)
    tree = parser.expr()
    if parser.peek() is not None:
        raise FormulaError(f"公式中“{parser.peek().text}”的位置不对。")
    names = tuple(_names(tree, []))
    if not names:
        raise FormulaError("公式中至少应引用一个指标。")
    return Formula(text, tree, names)
