"""The one door through which an id becomes part of a file name or a URL.

Ids are validated as slugs when sources are read, but exports, imports and the command line take
names from other places too; every one of them goes through `safe_name`, so no source text can
reach outside the output folder (`../`, `/etc/passwd`, `C:\\`, NUL bytes and the like).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

SAFE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_LENGTH = 64


class UnsafeName(ValueError):
    """An id that cannot be used as a file or URL name."""


def safe_name(value: str) -> str:
    """Return `value` if it is a safe slug (lower-case letters, digits, single hyphens), else raise."""
    if not isinstance(value, str) or len(value) > MAX_LENGTH or not SAFE_NAME.fullmatch(value):
        raise UnsafeName(
            f"'{value}' cannot be used as a name: use lower-case letters, digits and single hyphens, like 'first-meeting'"
        )
    return value


def safe_path(*parts: str, suffix: str = "") -> PurePosixPath:
    """A relative path built only from safe names, e.g. safe_path("meetings", "first", suffix=".md")."""
    names = [safe_name(part) for part in parts]
    return PurePosixPath(*names[:-1], names[-1] + suffix)


def inside(folder: Path, relative: PurePosixPath | str) -> Path:
    """`folder / relative`, refusing any result outside `folder` (a second line of defence)."""
    root = folder.resolve()
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise UnsafeName(f"'{relative}' points outside {folder}")
    return target
