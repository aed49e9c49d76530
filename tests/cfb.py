"""Real OLE2 compound files (the container of .doc/.xls/.ppt and .msi), built in memory for the tests.

Streams are padded to 4,096 bytes so they live in ordinary sectors (no mini stream); storages may hold
further storages, which is enough to model a VBA project (Macros/VBA in a .doc, _VBA_PROJECT_CUR in a .xls).
"""
import struct

SECTOR = 512
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NOSTREAM, right, child) + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
            + struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes], storages: dict[str, list[str]] | None = None) -> bytes:
    """An OLE2 file with top-level `streams` {name: data} and `storages` {name: [sub-storage names]}."""
    storages = storages or {}
    nodes: list[tuple[str, int, list]] = [(n, 2, []) for n in streams] + \
        [(n, 1, subs) for n, subs in storages.items()]
    data_sectors, fat, next_sector = [], [FATSECT, END], 2
    starts = {}
    for name, data in streams.items():
        data = data.ljust(max(4096, -(-len(data) // SECTOR) * SECTOR), b"\x00")
        count = len(data) // SECTOR
        starts[name] = (next_sector, len(data))
        fat += [next_sector + i + 1 for i in range(count - 1)] + [END]
        data_sectors.append(data)
        next_sector += count
    entries: list = [None]  # the root, filled in below
    flat: list[tuple[str, int, int, int]] = []  # name, type, child index, right index

    def add(level: list[tuple[str, int, list]]) -> int:

        indexes = []
        for name, kind, _subs in level:
            indexes.append(len(flat) + 1)
            flat.append([name, kind, NOSTREAM, NOSTREAM])
        for pos, (_, _, subs) in enumerate(level):
            if pos + 1 < len(level):
                flat[indexes[pos] - 1][3] = indexes[pos + 1]
            if subs:
                flat[indexes[pos] - 1][2] = add([(s, 1, []) for s in subs])
        first = indexes[0] if indexes else NOSTREAM
        return first

    root_child = add(nodes)
    entries[0] = _entry("Root Entry", 5, root_child, NOSTREAM, END, 0)
    for name, kind, child, right in flat:
        start, size = starts.get(name, (END, 0)) if kind == 2 else (END, 0)
        entries.append(_entry(name, kind, child, right, start, size))
    directory = b"".join(entries)
    directory = directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\x00")
    dir_count = len(directory) // SECTOR
    # directory sectors: 1, then after the data
    dir_sectors = [1] + list(range(next_sector, next_sector + dir_count - 1))
    fat[1] = dir_sectors[1] if dir_count > 1 else END
    for i, s in enumerate(dir_sectors[1:], start=1):
        while len(fat) <= s:
            fat.append(FREE)
        fat[s] = dir_sectors[i + 1] if i + 1 < len(dir_sectors) else END
    fat_sector = struct.pack("<128I", *(fat + [FREE] * (128 - len(fat))))
    header = (MAGIC + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", 0, *([FREE] * 108)))
    return header + fat_sector + directory[:SECTOR] + b"".join(data_sectors) + directory[SECTOR:]
