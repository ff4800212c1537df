"""The errors the library raises; each message is one line a user can act on."""

from __future__ import annotations


class BroadsheetError(Exception):
    """Base class: anything the command line reports as a one-line error (exit status 1)."""


class QueryError(BroadsheetError):
    """A query or its options cannot be used at all (exit status 2)."""


class IndexBusy(BroadsheetError):
    """Another process is writing to the library."""


class IndexUnreadable(BroadsheetError):
    """The library on disk is corrupt or was made by an incompatible version."""


class NotFound(BroadsheetError):
    """No article with that id or path, or no library at that location."""
