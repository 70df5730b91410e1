"""SQLite-backed state: JSON documents per kind, keyed by upper-cased handle.

One connection is shared by all threads; the application serialises every request's
read-modify-write under `Store.lock`, and `transaction()` commits or rolls back as a unit.

Nets are also indexed by address range and parent (table `net_ranges`), so that range
lookups read only the nets they answer with instead of decoding every net. Addresses are
stored as 32-digit hex text, which compares like the 128-bit numbers it holds.
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
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
            self.conn.execute("CREATE TABLE IF NOT EXISTS docs (kind TEXT, key TEXT, body TEXT,"
                              " PRIMARY KEY (kind, key))")
            self.conn.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY,"
                              " value INTEGER)")
            self.conn.execute("CREATE TABLE IF NOT EXISTS net_ranges (key TEXT PRIMARY KEY, version INTEGER,"
                              " first TEXT, last TEXT, parent TEXT)")
            self.conn.execute("CREATE INDEX IF NOT EXISTS net_ranges_first ON net_ranges (version, first)")
            self.conn.execute("CREATE INDEX IF NOT EXISTS net_ranges_parent ON net_ranges (parent)")
            self._reindex()

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
        self.conn.execute(
            "INSERT OR REPLACE INTO net_ranges (key, version, first, last, parent) VALUES (?, ?, ?, ?, ?)",
            (key.upper(), blocks[0]["version"], _hex(min(b["first"] for b in blocks)),
             _hex(max(b["last"] for b in blocks)), (doc.get("parentNetHandle") or "").upper()))

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

    def nets_covering(self, version: int, first: int, last: int) -> list:
        """Nets whose range contains [first, last]."""
        return self._nets("r.version=? AND r.first<=? AND r.last>=?", (version, _hex(first), _hex(last)))

    def nets_overlapping(self, version: int, first: int, last: int) -> list:
        """Nets whose range shares an address with [first, last]."""
        return self._nets("r.version=? AND r.first<=? AND r.last>=?", (version, _hex(last), _hex(first)))

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
