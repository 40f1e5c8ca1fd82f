"""A short fingerprint of a source file, so a translation can say which version of the source it follows."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def fingerprint(path: Path) -> str:
    """12 hex digits of SHA-256 over the file, ignoring a byte-order mark and Windows line endings."""
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()[:12]


if __name__ == "__main__":  # python -m generator.fingerprint FILE...
    for name in sys.argv[1:]:
        print(fingerprint(Path(name)), name)
