"""Complete-linkage grouping: articles join a group only if verified against every member."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Link = Callable[[int, int], float | None]
"""Similarity of two docs when they are the same article, else None (may verify on demand)."""


class Groups:
    """Groups of docs where every pair of members is a verified duplicate, so A~B and B~C
    never put A with C unless A~C holds too (no chaining through intermediate articles)."""

    def __init__(self, labels: dict[int, object]) -> None:
        """`labels` maps docs to their current group label; None means a singleton."""
        self.group_of: dict[int, int] = {}
        self.members: dict[int, set[int]] = {}
        by_label: dict[object, int] = {}
        for doc, label in labels.items():
            key = doc if label is None else by_label.setdefault(label, doc)
            self.group_of[doc] = key
            self.members.setdefault(key, set()).add(doc)

    def add(self, doc: int) -> None:
        """Track a doc (as a singleton unless already known)."""
        if doc not in self.group_of:
            self.group_of[doc] = doc
            self.members[doc] = {doc}

    def merge_all(self, edges: Iterable[tuple[float, int, int]], link: Link) -> None:
        """Greedily merge along verified pairs, most similar first, when complete linkage holds."""
        for _, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
            self.add(a)
            self.add(b)
            left, right = self.group_of[a], self.group_of[b]
            if left == right:
                continue
            if all(link(x, y) is not None for x in self.members[left] for y in self.members[right]):
                self._merge(left, right)

    def _merge(self, left: int, right: int) -> None:
        if len(self.members[left]) < len(self.members[right]):
            left, right = right, left
        for doc in self.members.pop(right):
            self.group_of[doc] = left
            self.members[left].add(doc)
