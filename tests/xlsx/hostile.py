"""Hostile and malformed workbooks built in memory: hand-made cases and seeded random mutations.

Used by the tests (tests/xlsx/test_hostile_workbooks.py) and by `python -m tests.bench.bench_hostile`. Every
case is a pure function of a seed, so a failing case can be rebuilt from its label.
"""
import io
import random
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STAMP = (2022, 5, 25, 8, 0, 0)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def list_workbook() -> bytes:
    """A small valid 责任清单: title row, header, merged 类别, dates, a note — the seed for mutations."""
    wb = Workbook()
    ws = wb.active
    ws.title = "责任清单"
    ws.append(["附件：创建工作责任清单"])
    ws.append(["类别", "创建任务", "责任单位", "配合单位", "完成时限", "分值"])
    ws.append(["领导重视", "建立组织体系", "区政府办", "区卫健局", datetime(2022, 6, 30), 5])
    ws.append([None, "纳入民生实事", "区卫健局", None, "2022年6月底前", 3])
    ws.append(["政策支持", "完善托育政策", "区发改局", "区财政局", "长期坚持", None])
    ws.append(["注：本表由领导小组办公室负责解释。"])
    ws.merge_cells("A3:A4")
    ws.column_dimensions["B"].width = 40
    return _save(wb)


def registry_workbook() -> bytes:
    """A small valid unit registry (sheet 责任单位 and 多单位别名)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "责任单位"
    for row in (("单位名称", "简称", "别名", "分组"), ("区卫健局", "卫健", "区卫生健康局", None),
                ("区政府办", "政府办", None, None), ("老城街道办", "老城", None, "镇办")):
        ws.append(row)
    combos = wb.create_sheet("多单位别名")
    combos.append(("别名", "对应单位"))
    combos.append(("两办", "区政府办、区卫健局"))
    return _save(wb)


def indicators_workbook() -> bytes:
    """A small valid indicators workbook: an indicator over two milestones, its own cells merged."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["指标", "计量单位", "方向", "基线", "目标值", "目标日期", "责任单位"])
    ws.append(["新增托位", "个", "不低于", 0, 400, datetime(2021, 12, 31), "区卫健局"])
    ws.append([None, None, None, None, 500, "2022年底", None])
    ws.append(["每千人口托位数", "个", "不低于", None, 4.7, "2025-12-31", "区卫健局"])
    ws.merge_cells("A2:A3")
    return _save(wb)


def _save(wb: Workbook) -> bytes:
    wb.properties.created = wb.properties.modified = datetime(*STAMP)
    buf = io.BytesIO()
    wb.save(buf)
    return with_shared_strings(buf.getvalue())


INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)
SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(data: bytes) -> bytes:
    """openpyxl writes inline strings; Excel and WPS write a shared-string table. Convert, as Excel saves."""
    parts = parts_of(data)
    table: dict[bytes, int] = {}

    def shared(m: re.Match) -> bytes:
        index = table.setdefault(m[3], len(table))
        return b'<c ' + m[1] + b't="s"' + m[2] + b"><v>" + str(index).encode() + b"</v></c>"

    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2022-05-25T08:00:00Z",
                                        parts["docProps/core.xml"])  # openpyxl stamps the time of saving
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = INLINE.sub(shared, parts[name])
    parts[STRINGS] = (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(table)}" '
                      f'uniqueCount="{len(table)}">').encode() + b"".join(
        b"<si><t>" + text + b"</t></si>" for text in table) + b"</sst>"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + SST_TYPE + b'"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="' + SST_REL + b'" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    return rezip(parts)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The parts as a zip, byte for byte the same on every run (fixed timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, content in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=STAMP), content, compress_type=method)
    return buf.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """`data` with one part replaced (or added)."""
    parts = parts_of(data)
    parts[name] = content
    return rezip(parts)


def without_part(data: bytes, name: str) -> bytes:
    parts = parts_of(data)
    parts.pop(name, None)
    return rezip(parts)


def _sub(data: bytes, name: str, old: bytes, new: bytes, count: int = 1) -> bytes:
    content = parts_of(data)[name]
    assert old in content, (name, old)
    return with_part(data, name, content.replace(old, new, count))


def sheet_xml(rows: str, merges: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows}</sheetData>'
            f"{merges}</worksheet>").encode()


def _header_rows() -> str:
    return ('<row r="1"><c r="A1" t="inlineStr"><is><t>类别</t></is></c><c r="B1" t="inlineStr"><is><t>创建任务</t>'
            '</is></c><c r="C1" t="inlineStr"><is><t>责任单位</t></is></c></row>')


def _central_headers(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x01\x02", data)]


def _local_headers(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x03\x04", data)]


def _set_u16(data: bytes, offsets: list[int], field: int, value: int) -> bytes:
    out = bytearray(data)
    for off in offsets:
        struct.pack_into("<H", out, off + field, value)
    return bytes(out)


def _header_field(data: bytes, local: int, central: int, value: int) -> bytes:
    """Set the general-purpose flags (or the compression method) in every local and central header."""
    data = _set_u16(data, _local_headers(data), local, value)
    return _set_u16(data, _central_headers(data), central, value)


def _corrupt_deflate(data: bytes) -> bytes:
    """Garbage inside the compressed bytes of the sheet, headers intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for i in range(start + 2, start + min(info.compress_size, 40)):
        out[i] ^= 0xA5
    return bytes(out)


def _deflate64(data: bytes) -> bytes:
    return _header_field(data, 8, 10, 9)


def _encrypted_flag(data: bytes) -> bytes:
    return _header_field(data, 6, 8, 0x1)


def _bomb_sheet(chars: int) -> bytes:
    return sheet_xml(_header_rows() + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"甲" * chars}</t></is></c></row>')


def _many_strings(n: int) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{n}" uniqueCount="{n}">'.encode()
            + b"<si><t>a</t></si>" * n + b"</sst>")


def _many_rows(n: int) -> bytes:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, n + 2))
    return sheet_xml(_header_rows() + rows)


ENTITY = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
          b'<sst ' + NS.encode() + b'><si><t>&xxe;</t></si></sst>')
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
          b'<sst ' + NS.encode() + b'><si><t>&d;</t></si></sst>')


def handmade(seed: bytes) -> dict[str, Callable[[], bytes]]:
    """Named hostile files derived from a valid `seed` workbook (which must have shared strings)."""
    strings = parts_of(seed)[STRINGS]
    return {
        "not a zip (text)": lambda: "类别,创建任务\n".encode() * 10,
        "encrypted workbook (OLE container)": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
        "empty zip": lambda: rezip({}),
        "truncated zip": lambda: seed[: len(seed) // 2],
        "zip without workbook": lambda: without_part(seed, "xl/workbook.xml"),
        "zip without content types": lambda: without_part(seed, "[Content_Types].xml"),
        "broken sheet XML": lambda: with_part(seed, SHEET, parts_of(seed)[SHEET][:-40]),
        "broken content types XML": lambda: _sub(seed, "[Content_Types].xml", b"<Types", b"<Types <"),
        "broken workbook XML": lambda: _sub(seed, "xl/workbook.xml", b"</sheets>", b"</sheet>"),
        "broken styles XML": lambda: _sub(seed, "xl/styles.xml", b"<fonts", b"<fonts&"),
        "broken shared strings XML": lambda: with_part(seed, STRINGS, strings.replace(b"</si>", b"</s>", 1)),
        "external entity": lambda: with_part(seed, STRINGS, ENTITY),
        "entity expansion (billion laughs)": lambda: with_part(seed, STRINGS, LAUGHS),
        "corrupt deflate": lambda: _corrupt_deflate(seed),
        "encrypted flag": lambda: _encrypted_flag(seed),
        "deflate64": lambda: _deflate64(seed),
        "shared-string index past the table": lambda: _sub(seed, SHEET, b'<c r="A1" t="s"><v>0</v>',
                                                             b'<c r="A1" t="s"><v>9999</v>'),
        "negative shared-string index": lambda: _sub(seed, SHEET, b'<c r="A1" t="s"><v>0</v>',
                                                       b'<c r="A1" t="s"><v>-1</v>'),
        "non-numeric shared-string index": lambda: _sub(seed, SHEET, b'<c r="A1" t="s"><v>0</v>',
                                                          b'<c r="A1" t="s"><v>x</v>'),
        "invalid cell address": lambda: _sub(seed, SHEET, b'<c r="A2"', b'<c r="2A"'),
        "column past XFD": lambda: _sub(seed, SHEET, b'<c r="A2"', b'<c r="ZZZ2"'),
        "row number out of range": lambda: with_part(seed, SHEET, sheet_xml(_header_rows()
                                                                             + '<row r="1048576"/>')),
        "merge over a million rows": lambda: with_part(seed, SHEET, sheet_xml(
            _header_rows(), '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>')),
        "merge over the cell cap": lambda: with_part(seed, SHEET, sheet_xml(
            _header_rows(), '<mergeCells count="1"><mergeCell ref="A2:ZZ5000"/></mergeCells>')),
        "invalid number": lambda: with_part(seed, SHEET, sheet_xml(_header_rows()
                                                                   + '<row r="2"><c r="A2"><v>1,5</v></c></row>')),
        "invalid boolean": lambda: with_part(seed, SHEET, sheet_xml(
            _header_rows() + '<row r="2"><c r="A2" t="b"><v>yes</v></c></row>')),
        "invalid date cell": lambda: with_part(seed, SHEET, sheet_xml(
            _header_rows() + '<row r="2"><c r="A2" t="d"><v>not a date</v></c></row>')),
        "style index past the table": lambda: with_part(seed, SHEET, sheet_xml(
            _header_rows() + '<row r="2"><c r="A2" s="999"><v>1</v></c></row>')),
        "row number not a number": lambda: with_part(seed, SHEET, sheet_xml('<row r="x"/>')),
        "cell longer than Excel allows": lambda: with_part(seed, SHEET, _bomb_sheet(40_000)),
        "shared string longer than Excel allows": lambda: with_part(seed, STRINGS, strings.replace(
            b"</t></si>", b"\xe7\x94\xb2" * 40_000 + b"</t></si>", 1)),
        "too many shared strings": lambda: with_part(seed, STRINGS, _many_strings(100_001)),
        "too many rows": lambda: with_part(seed, SHEET, _many_rows(6_000)),
        "zip bomb (unpacks to 210 MB)": lambda: with_part(seed, "xl/media/image1.png", bytes(210 * 1024 * 1024)),
    }


# --- random mutations --------------------------------------------------------------------------------------

JUNK = [b"<", b">", b"&", b"&amp;", b'"', b"'", b"</x>", b"<x>", b"\x00", b"\xff\xfe", "é".encode(), b"]]>",
        b"<!DOCTYPE a>", b"<?pi?>", b"<!--", b"-->", b"&#0;", b"&#x110000;", b"&lt", b"\xe7\x94"]
NUMBERS = [b"-1", b"0", b"99999999", b"1e309", b"abc", b"", b"4294967296", b"1.5", b"NaN", b"-0", b"9" * 50]


def _mutate_xml(content: bytes, rng: random.Random) -> bytes:
    if not content:
        return rng.choice(JUNK)
    kind = rng.randrange(7)
    i = rng.randrange(len(content))
    j = min(len(content), i + rng.randrange(1, 64))
    if kind == 0:  # delete a slice
        return content[:i] + content[j:]
    if kind == 1:  # duplicate a slice
        return content[:j] + content[i:j] + content[j:]
    if kind == 2:  # insert junk
        return content[:i] + rng.choice(JUNK) + content[i:]
    if kind == 3:  # replace a number
        numbers = list(re.finditer(rb"\d+", content))
        if numbers:
            m = rng.choice(numbers)
            return content[:m.start()] + rng.choice(NUMBERS) + content[m.end():]
    if kind == 4:  # rename a tag
        tags = list(re.finditer(rb"<(/?)([A-Za-z:]+)", content))
        if tags:
            m = rng.choice(tags)
            return content[:m.start(2)] + rng.choice([b"x", b"c", b"row", b"v", b"si", b"t", b"f"]) + content[m.end(2):]
    if kind == 5:  # replace an attribute value
        values = list(re.finditer(rb'="([^"]*)"', content))
        if values:
            m = rng.choice(values)
            new = rng.choice(NUMBERS + [b"A0", b"XFE1", b"A1:XFD1048576", b"s", b"inlineStr", b"../../x"])
            return content[:m.start(1)] + new + content[m.end(1):]
    out = bytearray(content)  # flip bytes
    for _ in range(rng.randrange(1, 4)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def mutate(seed: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random mutation of `seed`: (what was done, the bytes)."""
    kind = rng.randrange(10)
    if kind < 6:  # XML level: the zip stays valid, one part is damaged
        parts = parts_of(seed)
        name = rng.choice(sorted(parts))
        parts[name] = _mutate_xml(parts[name], rng)
        for _ in range(rng.randrange(3)):  # sometimes more than one damage
            parts[name] = _mutate_xml(parts[name], rng)
        return f"xml:{name}", rezip(parts)
    if kind == 6:  # raw byte flips
        out = bytearray(seed)
        for _ in range(rng.randrange(1, 9)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return "bytes:flip", bytes(out)
    if kind == 7:
        return "bytes:truncate", seed[: rng.randrange(len(seed))]
    if kind == 8:  # a header field of one entry: method, flags, sizes, CRC
        offsets = _local_headers(seed) + _central_headers(seed)
        out = bytearray(seed)
        off = rng.choice(offsets)
        field = rng.choice([6, 8, 10, 14, 18, 22, 26])
        struct.pack_into("<H", out, off + field, rng.choice([0, 1, 8, 9, 12, 14, 0xFFFF, rng.randrange(65536)]))
        return f"zip:header+{field}", bytes(out)
    parts = parts_of(seed)  # stored, then a flip in the raw XML (no CRC fix: a CRC error)
    data = bytearray(rezip(parts, zipfile.ZIP_STORED))
    data[rng.randrange(len(data))] ^= 0x20
    return "zip:stored-flip", bytes(data)


def corpus(seed: bytes, n: int, rng_seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """`n` seeded mutations of `seed`, labelled `#i kind`; the same seed always gives the same files."""
    for i in range(n):
        rng = random.Random(rng_seed * 1_000_003 + i)
        kind, data = mutate(seed, rng)
        yield f"#{i} {kind}", data


def byte_corpus(seed: bytes, n: int, rng_seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """Mutations that need no zip (an .xls, a pasted table): flipped, spliced, repeated and cut bytes."""
    for i in range(n):
        rng = random.Random(rng_seed * 1_000_003 + i)
        out = bytearray(seed)
        kind = rng.randrange(4)
        if kind == 0:
            for _ in range(rng.randrange(1, 17)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif kind == 1:
            at = rng.randrange(len(out))
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
        elif kind == 2:
            at, size = rng.randrange(len(out)), rng.randrange(1, 512)
            out[at:at] = out[at:at + size] * rng.randrange(2, 8)
        else:
            del out[rng.randrange(len(out)):]
        yield f"#{i} bytes:{kind}", bytes(out)
