"""The term table written with numpy reads back through Whoosh's own hash reader."""

from __future__ import annotations

import random

import numpy as np
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.filetables import OrderedHashReader

from index.term_table import TermTable, _table


def test_every_key_is_found_and_no_other() -> None:
    rng = random.Random(6)
    keys = sorted({bytes(rng.choices(b"abcdefgh", k=rng.randint(1, 9))) for _ in range(3000)})
    storage = RamStorage()
    table = TermTable(storage.create_file("terms"))
    half = len(keys) // 2  # added in two pieces, as a segment's fields are
    table.add_sorted(keys[:half], [key.upper() for key in keys[:half]])
    table.add_sorted(keys[half:], [key.upper() for key in keys[half:]])
    table.close()
    reader = OrderedHashReader.open(storage, "terms")
    assert all(reader[key] == key.upper() for key in keys)
    assert b"zz" not in reader and b"" not in reader
    assert list(reader.keys()) == keys


def test_entries_past_the_last_slot_wrap_around() -> None:
    # Three entries whose home is the last of six slots: two wrap to the first slots.
    hashes = np.array([(5 << 8) | 7, (11 << 8) | 7, (17 << 8) | 7], dtype=np.uint32)
    table = _table(hashes, np.array([100, 200, 300]))
    assert table["position"].tolist() == [200, 300, 0, 0, 0, 100]
    for hashed, position in zip(hashes.tolist(), (100, 200, 300), strict=True):
        slot = (hashed >> 8) % len(table)  # Whoosh's probe: from home, wrapping, to a match
        while table["hash"][slot] != hashed:
            assert table["position"][slot], "an empty slot before the entry"
            slot = (slot + 1) % len(table)
        assert table["position"][slot] == position
