"""Near-duplicate detection: articles a reader would call the same article, kept together."""

from __future__ import annotations

import itertools
import pathlib
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing

import numpy as np

from index import boilerplate
from index.dupes import candidates, flashes, sketch, verify
from index.dupes.grouping import Groups
from index.dupes.prepare import Prepared, Preparer, fingerprint_of, key_blob, prepare
from index.dupes.shingles import Fingerprint
from index.dupes.store import Store
from index.models import DuplicateMatch

CHUNK = 50_000
"""Articles read per step: line repeats are counted over a whole chunk before fingerprinting,
and memory stays bounded however many articles one update brings."""


FINGERPRINT_CACHE = 4_000
"""Fingerprints kept for verification: their sentence postings are large Python objects, and
at 20,000 they were most of a million-article build's peak memory."""

PREFETCH_PAIRS = 1_000
"""Candidate pairs whose stored data is fetched at once: few queries, a few MB of blobs."""


class _Batch:
    """Caches of one write transaction: fingerprints, digests, verified and rejected pairs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.digests: dict[int, bytes] = {}
        self.fps: dict[int, Fingerprint] = {}
        self.edges: dict[tuple[int, int], float] = {}
        self.new_edges: dict[tuple[int, int], float] = {}
        self.by_digest: dict[tuple[bytes, bytes], float | None] = {}
        self.fp_blobs: dict[int, bytes] = {}

    def prefetch(self, docs: Iterable[int]) -> None:
        """Fetch in a few queries what verifying pairs of these docs will need (one query per
        doc was 28,000 round trips at 50k articles); older prefetched blobs are dropped."""
        docs = set(docs)
        self.load(docs)
        self.fp_blobs = self.store.column("fp", docs - self.fps.keys())

    def load(self, docs: Iterable[int]) -> None:
        """Fetch digests of docs not seen yet, and the stored verified pairs touching them."""
        missing = [d for d in docs if d not in self.digests]
        if missing:
            self.digests.update(self.store.column("digest", missing))
            self.edges.update(self.store.edges_of(missing))

    def fingerprint(self, doc: int) -> Fingerprint:
        fp = self.fps.get(doc)
        if fp is None:
            if len(self.fps) > FINGERPRINT_CACHE:
                self.fps.clear()
            blob = self.fp_blobs.pop(doc, None)
            if blob is None:
                blob = self.store.column("fp", [doc])[doc]
            fp = self.fps[doc] = Fingerprint.from_bytes(blob)
        return fp

    def link(self, x: int, y: int) -> float | None:
        """Similarity when x and y are the same article; verifies (once per pair of texts)."""
        pair = (min(x, y), max(x, y))
        known = self.edges.get(pair)
        if known is not None:
            return known
        self.load(pair)
        dx, dy = self.digests[x], self.digests[y]
        if dx == dy:
            return 1.0
        texts = (min(dx, dy), max(dx, dy))
        if texts not in self.by_digest:
            self.by_digest[texts] = verify.similarity(self.fingerprint(x), self.fingerprint(y))
        sim = self.by_digest[texts]
        if sim is not None:
            self.edges[pair] = self.new_edges[pair] = sim
        return sim


class DuplicateIndex:
    """Near-duplicate state of one library, stored in <directory>/dupes.sqlite."""

    def __init__(self, directory: pathlib.Path) -> None:
        self._store = Store(pathlib.Path(directory) / "dupes.sqlite")

    # --- writes ----------------------------------------------------------------------------

    def update(
        self,
        added: Iterable[tuple[str, str]],
        removed: Iterable[str],
        prepared: Mapping[str, Prepared] | None = None,
        match_flashes: bool = True,
    ) -> None:
        """Incremental: (article_id, full_text) pairs added or changed (a changed article is
        passed in `added` with the same id; treat as replace) and ids removed. `prepared`
        holds what indexing workers computed of some of the added articles (see `prepare`).
        With `match_flashes` false, flashes and their stories are paired later, by
        `match_flashes()` (once for the many updates of a bulk run)."""
        store = self._store
        with store.write() as db, closing(Preparer()) as preparer:
            batch = _Batch(store)
            gone = store.docs_of(list(dict.fromkeys(removed)))
            # Group-mates of removed or replaced articles: their groups must be rebuilt.
            touched = self._remove(db, list(gone.values()))
            new_docs: list[int] = []
            new_sigs: list[np.ndarray] = []
            iterator = iter(added)
            while chunk := dict(itertools.islice(iterator, CHUNK)):
                docs, sigs, dropped = self._add_chunk(db, chunk, batch, prepared or {}, preparer)
                touched |= dropped
                new_docs.extend(docs)
                new_sigs.append(sigs)
            chunked = sketch.Chunked(new_sigs)
            doc_array = np.array(new_docs, dtype=np.int64)
            edges = self._candidate_edges(db, doc_array, chunked, batch)
            if match_flashes:
                edges += self._flash_edges(db, batch)
            # Stored after the lookup so that it only meets articles from earlier updates.
            for band in range(sketch.BANDS):  # one band at a time bounds memory
                store.insert_bands(db, chunked.band_key(band), doc_array)
            self._regroup(db, batch, touched, edges)

    def match_flashes(self) -> None:
        """Pair the flashes and stories that updates made without matching them (see
        `update`): a bulk run's chunks would each read all earlier leads again."""
        store = self._store
        if store.flash_marks()[0] >= store.next_numbers()[0]:
            return  # nothing added since: no write lock taken (a run that found no change)
        with store.write() as db:
            batch = _Batch(store)
            edges = self._flash_edges(db, batch)
            if edges:
                self._regroup(db, batch, set(), edges)

    @property
    def outdated(self) -> bool:
        """True when the file was written by an older version and emptied on opening: groups
        come back only once every article is passed again (`rebuild`)."""
        return self._store.outdated

    def rebuild(self, articles: Iterable[tuple[str, str]]) -> None:
        """Forget everything, recompute."""
        with self._store.write() as db:
            for table in ("articles", "bands", "edges", "lines", "leads"):
                db.execute(f"DELETE FROM {table}")
            self._store.set_flash_marks(db, 0, 0)
        self.update(articles, ())

    def _remove(self, db: sqlite3.Connection, docs: list[int]) -> set[int]:
        """Forget articles; returns the group-mates they leave behind (to be regrouped)."""
        store = self._store
        if not docs:
            return set()
        groups = {g for g in store.column("grp", docs).values() if g is not None}
        mates = set(store.members(groups)) - set(docs)
        sigs = store.column("sig", docs)
        for doc, lines_blob in store.column("lines", docs).items():
            store.count_lines(db, np.frombuffer(lines_blob, "<i8").tolist(), -1)
            sig = sigs[doc]
            if sig is not None:
                keys = sketch.band_keys(np.frombuffer(sig, "<u4").reshape(1, -1))[0]
                store.delete_bands(db, keys, np.full(len(keys), doc, dtype=np.int64))
        store.delete_articles(db, docs)
        return mates

    def _add_chunk(
        self,
        db: sqlite3.Connection,
        chunk: dict[str, str],
        batch: _Batch,
        prepared: Mapping[str, Prepared],
        preparer: Preparer,
    ) -> tuple[list[int], np.ndarray, set[int]]:
        """Fingerprint and store one chunk; returns the docs long enough to band, their
        signatures, and the group-mates of replaced articles."""
        store = self._store
        # Articles prepared elsewhere bring their lines; the others are scanned first (the
        # corpus's repeated lines must be counted before any of them is fingerprinted).
        missing = [aid for aid in chunk if aid not in prepared]
        scanned = dict(zip(missing, preparer.scan([chunk[aid] for aid in missing]), strict=True))

        def lines_of(aid: str) -> list[boilerplate.Line]:
            if aid not in scanned:
                scanned[aid] = prepared[aid].scanned_lines
            return scanned[aid]

        line_keys = {
            aid: prepared[aid].line_key_set
            if aid in prepared
            else boilerplate.line_keys(scanned[aid])
            for aid in chunk
        }
        existing = store.docs_of(list(chunk))
        stored_lines = store.column("lines", existing.values())
        stored_digests = store.column("digest", existing.values())
        # A changed article is replaced; one whose fingerprint and lines are unchanged is kept.
        # (Nothing to compare in a first build: the lookup of repeated lines is skipped.)
        repeated = (
            store.repeated_lines(
                itertools.chain.from_iterable(line_keys[aid] for aid in existing),
                boilerplate.REPEAT_MIN_ARTICLES,
            )
            if existing
            else set()
        )
        unchanged = {
            aid
            for aid, doc in existing.items()
            if key_blob(line_keys[aid]) == stored_lines[doc]
            and fingerprint_of(chunk[aid], lines_of(aid), repeated).digest == stored_digests[doc]
        }
        dropped = self._remove(db, [doc for aid, doc in existing.items() if aid not in unchanged])
        fresh = [aid for aid in chunk if aid not in unchanged]
        store.count_lines(db, itertools.chain.from_iterable(line_keys[a] for a in fresh), 1)
        repeated = store.repeated_lines(
            itertools.chain.from_iterable(line_keys[a] for a in fresh),
            boilerplate.REPEAT_MIN_ARTICLES,
        )
        # Prepared elsewhere as if no line were repeated: right unless one of its lines is.
        ready = {aid: prepared[aid] for aid in fresh if aid in prepared}
        again = [aid for aid in fresh if aid not in ready or line_keys[aid] & repeated]
        texts = [chunk[aid] for aid in again]
        ready.update(
            zip(again, preparer(texts, [lines_of(a) for a in again], repeated), strict=True)
        )
        records = [ready[aid] for aid in fresh]
        docs = store.insert_articles(
            db,
            (
                (
                    aid,
                    record.digest,
                    record.fingerprint,
                    record.signature,
                    key_blob(line_keys[aid]),
                    record.lead if record.flash else None,
                )
                for aid, record in zip(fresh, records, strict=True)
            ),
        )
        for doc, record in zip(docs, records, strict=True):
            if record.tokens >= verify.MIN_EXACT_TOKENS:
                batch.digests[doc] = record.digest
        leads = [(doc, r.lead) for doc, r in zip(docs, records, strict=True) if r.lead is not None]
        if leads:
            store.insert_leads(db, *flashes.lead_arrays(leads))
        banded = [(doc, r.signature) for doc, r in zip(docs, records, strict=True) if r.signature]
        sigs = np.zeros((len(banded), sketch.NUM_PERM), dtype=np.uint32)
        for row, (_, signature) in enumerate(banded):
            sigs[row] = np.frombuffer(signature, dtype="<u4")
        return [doc for doc, _ in banded], sigs, dropped

    def _candidate_edges(
        self, db: sqlite3.Connection, docs: np.ndarray, sigs: sketch.Chunked, batch: _Batch
    ) -> list[tuple[float, int, int]]:
        """Verified duplicate pairs involving the new docs: identical texts, then LSH candidates
        whose signature estimate clears the floor, each checked exactly."""
        store = self._store
        new = set(batch.digests)
        first = store.same_digest(batch.digests[d] for d in new)
        found: list[tuple[float, int, int]] = [
            (1.0, first[batch.digests[d]], d) for d in sorted(new) if first[batch.digests[d]] != d
        ]
        # Exact copies follow their first copy; only first copies look for near-duplicates.
        rows = np.flatnonzero([first[batch.digests[int(d)]] == d for d in docs])
        docs = docs[rows]
        row_of = dict(zip(docs.tolist(), rows.tolist(), strict=True))
        pairs = candidates.within(lambda band: sigs.band_key(band, rows), docs)
        if len(docs) and db.execute("SELECT 1 FROM bands LIMIT 1").fetchone():
            outside = np.concatenate(
                [store.band_matches(sigs.band_key(b, rows), docs) for b in range(sketch.BANDS)]
            )
            outside = outside[[int(o) not in new for o in outside[:, 1]]]
            pairs = np.unique(np.concatenate([pairs, outside]), axis=0)
        if not len(pairs):
            return found
        old = {int(d) for d in pairs.ravel() if int(d) not in row_of}
        old_sigs = {d: np.frombuffer(s, "<u4") for d, s in store.column("sig", old).items()}

        def sigs_of(column: np.ndarray) -> np.ndarray:
            docs = column.tolist()
            new_rows = [row_of.get(d, -1) for d in docs]
            out = sigs.rows(np.maximum(np.array(new_rows, dtype=np.int64), 0))
            for i, (doc, row) in enumerate(zip(docs, new_rows, strict=True)):
                if row < 0:
                    out[i] = old_sigs[doc]
            return out

        likely = []
        for start in range(0, len(pairs), 100_000):  # bounded memory for huge batches
            part = pairs[start : start + 100_000]
            estimates = sketch.estimate(sigs_of(part[:, 0]), sigs_of(part[:, 1]))
            likely.extend(part[estimates >= sketch.ESTIMATE_FLOOR].tolist())
        for start in range(0, len(likely), PREFETCH_PAIRS):
            checking = likely[start : start + PREFETCH_PAIRS]
            batch.prefetch(itertools.chain.from_iterable(checking))
            for a, b in checking:
                sim = batch.link(a, b)
                if sim is not None:
                    found.append((sim, a, b))
        return found

    def _flash_edges(self, db: sqlite3.Connection, batch: _Batch) -> list[tuple[float, int, int]]:
        """Verified pairs of a flash and its story (see `flashes`) involving the docs added
        since flashes were last matched: their flashes against every lead, earlier flashes
        against their leads."""
        store = self._store
        first, first_row = store.flash_marks()
        next_doc, next_row = store.next_numbers()
        if first >= next_doc:
            return []
        store.set_flash_marks(db, next_doc, next_row)
        keys = {d: np.frombuffer(k, "<u4") for d, k in store.flashes().items()}
        if not keys:
            return []
        # Earlier leads are read only when a new flash may announce their stories.
        pairs = flashes.pairs(keys, store.leads(0 if max(keys) >= first else first_row))
        involved = pairs[(pairs >= first).any(axis=1)].tolist()
        alive = store.column("id", {d for pair in involved for d in pair})
        found = []
        for flash, other in involved:
            if flash in alive and other in alive:  # stored leads keep removed articles
                sim = batch.link(flash, other)
                if sim is not None:
                    found.append((sim, flash, other))
        return found

    def _regroup(
        self,
        db: sqlite3.Connection,
        batch: _Batch,
        touched: set[int],
        edges: list[tuple[float, int, int]],
    ) -> None:
        """Merge groups along the new pairs and the stored pairs of articles whose group lost a
        member, then rewrite the group ids (smallest member id) of every group involved."""
        store = self._store
        involved = touched | {a for _, a, _ in edges} | {b for _, _, b in edges}
        involved &= set(store.column("id", involved))  # removed articles drop out
        labels = store.column("grp", involved)
        labels.update(store.members(g for g in labels.values() if g is not None))
        groups = Groups(labels)
        batch.load(labels)
        again = [
            (sim, a, b)
            for (a, b), sim in store.edges_of(touched).items()
            if a in labels and b in labels
        ]
        flash_docs = {
            doc for doc, lead in store.column("flash", labels).items() if lead is not None
        }
        groups.merge_all([*edges, *again], batch.link, flash_docs.__contains__)
        for doc in labels:
            groups.add(doc)
        ids = store.column("id", groups.group_of)
        new_labels: dict[int, str | None] = {}
        for members in groups.members.values():
            name = min(str(ids[d]) for d in members) if len(members) > 1 else None
            for doc in members:
                if labels.get(doc) != name:
                    new_labels[doc] = name
        store.insert_edges(db, batch.new_edges)
        store.set_groups(db, new_labels)

    # --- reads -----------------------------------------------------------------------------

    def duplicates_of(self, article_id: str) -> list[DuplicateMatch]:
        """Group-mates, most similar first; [] if none."""
        return self.duplicates_of_many([article_id])[article_id]

    def duplicates_of_many(self, article_ids: Sequence[str]) -> dict[str, list[DuplicateMatch]]:
        """`duplicates_of` for several articles, in a few queries (a page of search hits)."""
        store = self._store
        docs = store.docs_of(list(dict.fromkeys(article_ids)))
        groups = {doc: g for doc, g in store.column("grp", docs.values()).items() if g is not None}
        mates = store.members(groups.values())
        digests = store.column("digest", mates)
        ids = store.column("id", mates)
        similarity = store.edges_of(groups)
        found: dict[str, list[DuplicateMatch]] = {article_id: [] for article_id in article_ids}
        by_group: dict[str, list[int]] = {}
        for mate, mate_group in mates.items():
            by_group.setdefault(mate_group, []).append(mate)
        for article_id, doc in docs.items():
            group = groups.get(doc)
            if group is None:
                continue
            matches = [
                DuplicateMatch(
                    ids[mate],
                    1.0
                    if digests[mate] == digests[doc]
                    else similarity.get((min(doc, mate), max(doc, mate)), 0.0),
                )
                for mate in by_group[group]
                if mate != doc
            ]
            found[article_id] = sorted(matches, key=lambda m: (-m.similarity, m.id))
        return found

    def groups(self) -> list[tuple[str, list[tuple[str, float]]]]:
        """(group_id, [(article_id, similarity_to_group_representative)]), largest groups first."""
        db = self._store.db
        rows = db.execute(
            "SELECT grp, doc, id, digest FROM articles WHERE grp IS NOT NULL ORDER BY grp, id"
        ).fetchall()
        edges = self._store.edges_of(doc for _, doc, _, _ in rows)
        result: list[tuple[str, list[tuple[str, float]]]] = []
        for group, members in itertools.groupby(rows, key=lambda r: r[0]):
            members_list = list(members)
            rep = next(m for m in members_list if m[2] == group)
            entries = [
                (
                    aid,
                    1.0
                    if digest == rep[3]
                    else edges.get((min(doc, rep[1]), max(doc, rep[1])), 0.0),
                )
                for _, doc, aid, digest in members_list
            ]
            entries.sort(key=lambda e: (e[0] != group, -e[1], e[0]))
            result.append((group, entries))
        result.sort(key=lambda g: (-len(g[1]), g[0]))
        return result

    def article_count(self) -> int:
        """How many articles are stored."""
        return int(self._store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def article_ids(self) -> set[str]:
        """The id of every article stored."""
        return {row[0] for row in self._store.db.execute("SELECT id FROM articles")}

    def group_count(self) -> int:
        """Number of groups of two or more articles."""
        sql = "SELECT COUNT(DISTINCT grp) FROM articles WHERE grp IS NOT NULL"
        return int(self._store.db.execute(sql).fetchone()[0])

    def boilerplate_spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Char ranges of furniture lines and corpus-repeated lines in text (for dimming, and for
        the lead to keep out of snippets)."""
        return self.boilerplate_spans_many([text])[0]

    def boilerplate_spans_many(self, texts: Sequence[str]) -> list[tuple[tuple[int, int], ...]]:
        """`boilerplate_spans` of several texts, with one look-up of their lines' counts."""
        scanned = [boilerplate.scan(text) for text in texts]
        repeated = self._store.repeated_lines(
            itertools.chain.from_iterable(boilerplate.line_keys(lines) for lines in scanned),
            boilerplate.REPEAT_MIN_ARTICLES,
        )
        return [boilerplate.spans_of(lines, repeated) for lines in scanned]

    def close(self) -> None:
        """Close the database connections of every thread."""
        self._store.close()


def compared_text(title: str, text: str) -> str:
    """What near-duplicate detection compares of an article: its title belongs to it (Reuters
    dividend notices share a body and differ only in the company named in the title), once."""
    if text.lstrip().startswith(title):
        return text
    return f"{title}\n\n{text}"


__all__ = ["DuplicateIndex", "Prepared", "compared_text", "prepare"]
