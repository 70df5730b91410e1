"""SQLite-backed state: JSON documents per kind, keyed by upper-cased handle.

One connection is shared by all threads; the application serialises every request's
read-modify-write under `Store.lock`, and `transaction()` commits or rolls back as a unit.

Nets are also indexed by address range and parent (table `net_ranges`), so that range
lookups read only the nets they answer with instead of decoding every net. Addresses are
stored as 32-digit hex text, which compares like the 128-bit numbers it holds. Each net
also keeps its size class (the bit length of last - first): a net of class k that reaches
address a starts after a - 2**k, so a lookup scans, per class, only the starts in that
window instead of every net that starts before it, and stays flat as nets are added.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading

KINDS = ("user", "apikey", "poc", "org", "customer", "net", "ticket", "attachment", "delegation", "rpki")


class Store:
    def __init__(self, path: str | None):
        self.conn = sqlite3.connect(path or ":memory:", check_same_thread=False,
                                    isolation_level=None)
        self.lock = threading.RLock()
        # Size classes in use, per version. Only ever grows (a rolled-back net may leave one
        # behind): a class without nets costs one empty index probe.
        self.sizes = {}
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
            self.conn.execute("CREATE TABLE IF NOT EXISTS docs (kind TEXT, key TEXT, body TEXT,"
                              " PRIMARY KEY (kind, key))")
            self.conn.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY,"
                              " value INTEGER)")
            columns = [row[1] for row in self.conn.execute("PRAGMA table_info(net_ranges)")]
            if columns and "size" not in columns:
                self.conn.execute("DROP TABLE net_ranges")  # written before size classes: rebuilt below
            self.conn.execute("CREATE TABLE IF NOT EXISTS net_ranges (key TEXT PRIMARY KEY, version INTEGER,"
                              " size INTEGER, first TEXT, last TEXT, parent TEXT)")
            self.conn.execute("CREATE INDEX IF NOT EXISTS net_ranges_size ON net_ranges (version, size, first)")
            self.conn.execute("CREATE INDEX IF NOT EXISTS net_ranges_parent ON net_ranges (parent)")
            self._reindex()
            for version, size in self.conn.execute("SELECT DISTINCT version, size FROM net_ranges"):
                self.sizes.setdefault(version, set()).add(size)

    @contextlib.contextmanager
    def transaction(self):
        """Hold the lock and run the body as one SQLite transaction."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def is_empty(self) -> bool:
        with self.lock:
            return self.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0] == 0

    def clear(self):
        self.conn.execute("DELETE FROM docs")
        self.conn.execute("DELETE FROM counters")
        self.conn.execute("DELETE FROM net_ranges")
        self.sizes = {}

    def get(self, kind: str, key: str | None):
        if not key:
            return None
        row = self.conn.execute("SELECT body FROM docs WHERE kind=? AND key=?",
                                (kind, key.upper())).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, doc) -> None:
        self.conn.execute("INSERT OR REPLACE INTO docs (kind, key, body) VALUES (?, ?, ?)",
                          (kind, key.upper(), json.dumps(doc)))
        if kind == "net":
            self._index_net(key, doc)

    def delete(self, kind: str, key: str) -> None:
        self.conn.execute("DELETE FROM docs WHERE kind=? AND key=?", (kind, key.upper()))
        if kind == "net":
            self.conn.execute("DELETE FROM net_ranges WHERE key=?", (key.upper(),))

    # -- nets by range ------------------------------------------------------------

    def _index_net(self, key: str, doc) -> None:
        blocks = doc["blocks"]
        version, first, last = blocks[0]["version"], min(b["first"] for b in blocks), max(b["last"] for b in blocks)
        size = (last - first).bit_length()
        self.conn.execute(
            "INSERT OR REPLACE INTO net_ranges (key, version, size, first, last, parent) VALUES (?, ?, ?, ?, ?, ?)",
            (key.upper(), version, size, _hex(first), _hex(last), (doc.get("parentNetHandle") or "").upper()))
        self.sizes.setdefault(version, set()).add(size)

    def _reindex(self) -> None:
        """Index nets of a database written before the index existed."""
        indexed = self.conn.execute("SELECT COUNT(*) FROM net_ranges").fetchone()[0]
        stored = self.conn.execute("SELECT COUNT(*) FROM docs WHERE kind='net'").fetchone()[0]
        if indexed != stored:
            self.conn.execute("DELETE FROM net_ranges")
            for key, body in self.conn.execute("SELECT key, body FROM docs WHERE kind='net'").fetchall():
                self._index_net(key, json.loads(body))

    def _nets(self, where: str, args: tuple) -> list:
        rows = self.conn.execute(
            "SELECT d.body FROM net_ranges r JOIN docs d ON d.kind='net' AND d.key=r.key WHERE %s ORDER BY r.key"
            % where, args)
        return [json.loads(row[0]) for row in rows]

    def _nets_reaching(self, version: int, reach: int, first_max: int, last_min: int) -> list:
        """Nets that start at or before first_max and end at or after last_min (reach: the lowest
        address the net must still hold), one index window per size class."""
        terms, args = [], []
        for size in sorted(self.sizes.get(version, ())):
            terms.append("(r.size=? AND r.first>=? AND r.first<=?)")
            args += [size, _hex(max(0, reach - (1 << size) + 1)), _hex(first_max)]
        if not terms:
            return []
        return self._nets("r.version=? AND r.last>=? AND (%s)" % " OR ".join(terms),
                          (version, _hex(last_min)) + tuple(args))

    def nets_covering(self, version: int, first: int, last: int) -> list:
        """Nets whose range contains [first, last]."""
        return self._nets_reaching(version, last, first, last)

    def nets_overlapping(self, version: int, first: int, last: int) -> list:
        """Nets whose range shares an address with [first, last]."""
        return self._nets_reaching(version, first, last, first)

    def nets_under(self, parent_handle: str) -> list:
        """Nets registered directly under a parent net."""
        return self._nets("r.parent=?", ((parent_handle or "").upper(),))

    def all(self, kind: str) -> list:
        rows = self.conn.execute("SELECT body FROM docs WHERE kind=? ORDER BY key", (kind,))
        return [json.loads(row[0]) for row in rows]

    def next(self, name: str, start: int = 1) -> int:
        """Next value of a named counter (first value is `start`)."""
        row = self.conn.execute("SELECT value FROM counters WHERE name=?", (name,)).fetchone()
        value = row[0] + 1 if row else start
        self.set_counter(name, value)
        return value

    def set_counter(self, name: str, value: int) -> None:
        self.conn.execute("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)",
                          (name, value))


def _hex(value: int) -> str:
    return "%032x" % value
