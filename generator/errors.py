"""Problems found in an author's sources, and the one exception type that carries them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one source file, located as precisely as we can."""

    path: Path
    line: int | None
    message: str
    severity: Severity = "error"
    rule: str = "schema"  # which check found it, for `check --format json`

    def location(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = path.resolve().relative_to(root.resolve())
            except ValueError:
                pass
        return f"{path}:{self.line}" if self.line else f"{path}"

    def format(self, root: Path | None = None) -> str:
        return f"{self.location(root)}: {self.severity}: {self.message}"

    def as_error(self) -> Problem:
        return replace(self, severity="error")


class CourseError(Exception):
    """Raised when the sources hold at least one error; carries every problem found."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line or 0))
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format(self.root) for p in self.problems]
        errors = sum(1 for p in self.problems if p.severity == "error")
        lines.append(f"{errors} error(s) in the course sources; fix them and build again.")
        return "\n".join(lines)
