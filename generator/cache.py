"""What the generator keeps between runs, in ~/.cache/course-generator/ (or $XDG_CACHE_HOME): work that
depends only on a text and on the code that reads it, so a rebuild or a second `check` of a large course
redoes only what changed. Deleting the folder, or a read-only home, only costs time."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "course-generator"


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a run that reads at the same time sees the old file or the new."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        pass


def key_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Memo:
    """Values by key (the hash of a text) in one file per version of the code that made them: `version` is the
    bytes of whatever the values depend on (a module's source, library versions), so a change starts afresh.
    New values are written by `flush`, once per run; the most recent `limit` are kept."""

    def __init__(self, name: str, version: bytes, limit: int) -> None:
        self.path = folder() / f"{name}-{hashlib.sha256(version).hexdigest()[:16]}.pickle"
        self.limit = limit
        self._known: dict[str, Any] | None = None
        self._added: dict[str, Any] = {}
        self._read_version: int | None = None  # st_mtime_ns of the file as read

    @property
    def known(self) -> dict[str, Any]:
        if self._known is None:
            self._read_version = self._version()
            self._known = self._load()
        return self._known

    def _version(self) -> int | None:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return None

    def _load(self) -> dict[str, Any]:
        try:
            loaded = pickle.loads(self.path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def get(self, key: str) -> Any:
        return self.known.get(key)

    def add(self, key: str, value: Any) -> None:
        self.known[key] = value
        self._added[key] = value

    def flush(self) -> None:
        if not self._added:
            return
        # Another run may have written since this one read: then keep what it added too. Ours go last, as newest.
        on_disk = self.known if self._version() == self._read_version else self._load()
        merged = {key: value for key, value in on_disk.items() if key not in self._added}
        merged.update(self._added)
        kept = dict(list(merged.items())[-self.limit:])
        write_atomically(self.path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        self._known, self._added, self._read_version = kept, {}, self._version()
