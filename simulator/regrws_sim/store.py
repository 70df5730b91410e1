"""SQLite-backed state: JSON documents per kind, keyed by upper-cased handle.

One connection is shared by all threads; the application serialises every request's
read-modify-write under `Store.lock`, and `transaction()` commits or rolls back as a unit.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading

KINDS = ("user", "apikey", "poc", "org", "customer", "net", "ticket", "attachment")


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

    def get(self, kind: str, key: str | None):
        if not key:
            return None
        row = self.conn.execute("SELECT body FROM docs WHERE kind=? AND key=?",
                                (kind, key.upper())).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, doc) -> None:
        self.conn.execute("INSERT OR REPLACE INTO docs (kind, key, body) VALUES (?, ?, ?)",
                          (kind, key.upper(), json.dumps(doc)))

    def delete(self, kind: str, key: str) -> None:
        self.conn.execute("DELETE FROM docs WHERE kind=? AND key=?", (kind, key.upper()))

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
