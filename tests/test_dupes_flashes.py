"""Flashes paired with their stories by the story's lead: the lookup, and across updates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.boilerplate import scan
from index.dupes import DuplicateIndex, flashes, sketch
from index.dupes.prepare import fingerprint_of
from index.dupes.shingles import fingerprint

FLASH = "GM TO IDLE SIX CAR PLANTS NEXT WEEK, TEMPORARILY LAY OFF 21,600 WORKERS"
STORY = """GM TO IDLE SIX PLANTS, 21,600 WORKERS

General Motors Corp will idle six of its car assembly plants next week, temporarily laying
off 21,600 workers, according to spokespersons for the company's groups.
    The automaker will shut three plants each in its two groups, the Buick-Oldsmobile-Cadillac
group and the Chevrolet-Pontiac-GM of Canada group.
    The plants will be closed for a week starting August six for inventory adjustment.
    Five of the plants are located in the United States. The sixth is in Canada.
    The three Buick-Oldsmobile-Cadillac plants that will be idled are located in Lansing,
Michigan, Wentzville, Missouri, and Lake Orion, Michigan, a spokesman said. Dealers have
been carrying more unsold cars than the company wants since the spring sales incentives ended.
"""
OTHER = """FORD TO ADD SHIFT AT MICHIGAN TRUCK PLANT

Ford Motor Co said it will add a third shift at its Wayne, Michigan, truck plant in the fall,
recalling 1,200 workers laid off last year, because demand for its light trucks stays strong.
"""


def brute_force(flash_keys: dict[int, np.ndarray], leads: dict[int, np.ndarray]) -> set:
    found = set()
    for flash, own in flash_keys.items():
        for doc, lead in leads.items():
            shared = len(set(own.tolist()) & set(lead.tolist()))
            if doc != flash and shared >= len(own) - flashes.misses_allowed(len(own)):
                found.add((flash, doc))
    return found


def test_pairs_are_every_lead_holding_all_but_the_allowed_misses_of_a_flash() -> None:
    rng = np.random.default_rng(7)
    vocabulary = np.arange(1, 400, dtype=np.uint32)
    flash_keys = {
        doc: np.unique(rng.choice(vocabulary, rng.integers(8, 20), replace=False))
        for doc in range(40)
    }
    leads = {doc: keys for doc, keys in flash_keys.items()}
    for doc in range(40, 600):
        base = flash_keys[int(rng.integers(40))]
        dropped = rng.choice(len(base), int(rng.integers(0, 4)), replace=False)
        extra = rng.choice(vocabulary, int(rng.integers(5, 50)))
        leads[doc] = np.concatenate([np.delete(base, dropped), extra, extra[:2]])  # repeats
    docs = np.concatenate([np.full(len(k), d) for d, k in leads.items()]).astype(np.int64)
    keys = np.concatenate(list(leads.values())).astype(np.uint32)
    # Two slices, as the stored leads come.
    found = flashes.pairs(flash_keys, [(docs[:5000], keys[:5000]), (docs[5000:], keys[5000:])])
    expected = brute_force(flash_keys, leads)
    assert {tuple(p) for p in found.tolist()} == expected
    assert len(expected) > 100


def test_flash_is_recognised_and_keeps_its_lead_keys() -> None:
    flash, story = fingerprint(FLASH), fingerprint(STORY)
    wrapped = FLASH.replace(" LAY OFF", "\nLAY OFF") + "\n\n Reuter\n"
    assert flashes.is_flash(scan(wrapped), flash)
    assert not flashes.is_flash(scan(STORY), story)
    reply = f"Re: {FLASH.title()}\n\n> quoted line\n"
    lines = scan(reply)
    assert not flashes.is_flash(lines, fingerprint_of(reply, lines))
    held = np.isin(flashes.lead_keys(flash), flashes.lead_keys(story)).mean()
    assert held >= 0.85
    # Over the whole story the two share too little for the whole-text signatures.
    signatures = sketch.signatures([flash.shingles, story.shingles])
    assert sketch.estimate(signatures[:1], signatures[1:])[0] < sketch.ESTIMATE_FLOOR


@pytest.mark.parametrize("first", ["flash", "story"])
def test_flash_and_story_are_grouped_whichever_comes_first(tmp_path: Path, first: str) -> None:
    texts = {"flash": FLASH, "story": STORY}
    later = "story" if first == "flash" else "flash"
    index = DuplicateIndex(tmp_path)
    index.update([(first, texts[first]), ("other", OTHER)], [])
    index.update([(later, texts[later])], [])
    assert [m.id for m in index.duplicates_of("flash")] == ["story"]
    index.close()


def test_flash_after_its_story_was_removed_or_changed(tmp_path: Path) -> None:
    index = DuplicateIndex(tmp_path)
    index.update([("story", STORY), ("other", OTHER)], [])
    index.update([], ["story"])
    index.update([("flash", FLASH)], [])  # the removed story's lead is still stored: skipped
    assert index.duplicates_of("flash") == []
    index.update([("other", STORY)], [])  # changed into the story, under a new doc number
    assert [m.id for m in index.duplicates_of("flash")] == ["other"]
    index.close()


def test_flashes_of_a_bulk_run_are_matched_once_at_its_end(tmp_path: Path) -> None:
    index = DuplicateIndex(tmp_path)
    index.update([("flash", FLASH)], [], match_flashes=False)
    index.update([("story", STORY), ("other", OTHER)], [], match_flashes=False)
    assert index.duplicates_of("flash") == []
    index.match_flashes()
    assert [m.id for m in index.duplicates_of("flash")] == ["story"]
    index.rebuild([("story", STORY), ("flash", FLASH)])  # numbering starts again
    assert [m.id for m in index.duplicates_of("flash")] == ["story"]
    index.close()
