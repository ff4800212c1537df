"""Complete-linkage grouping: articles join a group only if verified against every member (a
wire flash joins its story's group through the story)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Link = Callable[[int, int], float | None]
"""Similarity of two docs when they are the same article, else None (may verify on demand)."""
Headline = Callable[[int], bool]
"""True for a doc that is a headline sent alone (a wire flash, see `flashes.is_flash`)."""


class Groups:
    """Groups of docs where every pair of members is a verified duplicate, so A~B and B~C
    never put A with C unless A~C holds too (no chaining through intermediate articles). The
    one exception is a headline sent alone, which joins the group of the story it heads (see
    `_headline_joins`) and can then bridge nothing: later merges check it like any member."""

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

    def merge_all(
        self,
        edges: Iterable[tuple[float, int, int]],
        link: Link,
        headline: Headline = lambda doc: False,
    ) -> None:
        """Greedily merge along verified pairs, most similar first, when complete linkage holds,
        or when one side is a headline alone joining the group of the story it heads."""
        for _, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
            self.add(a)
            self.add(b)
            left, right = self.group_of[a], self.group_of[b]
            if left == right:
                continue
            if self._headline_joins(a, b, link, headline) or all(
                link(x, y) is not None for x in self.members[left] for y in self.members[right]
            ):
                self._merge(left, right)

    def _headline_joins(self, a: int, b: int, link: Link, headline: Headline) -> bool:
        """True when a or b is a headline alone, verified with the other, that may join the
        other's group: a flash is found only in the lead of its story, not in the versions
        that rewrote that lead, which are verified one article with the story. The group's
        other headlines must all be its copies (complete linkage among headlines): flashes
        on one template for other companies or days are told apart only by each other."""
        for lone, other in ((a, b), (b, a)):
            if self.members[self.group_of[lone]] == {lone} and headline(lone):
                mates = self.members[self.group_of[other]] - {other}
                return all(link(lone, y) is not None for y in mates if headline(y))
        return False

    def _merge(self, left: int, right: int) -> None:
        if len(self.members[left]) < len(self.members[right]):
            left, right = right, left
        for doc in self.members.pop(right):
            self.group_of[doc] = left
            self.members[left].add(doc)
