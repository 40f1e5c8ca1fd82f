"""How `python -m generator check` shows what it found: lines an editor can jump to, a table, or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from .audit import LessonReport
from .errors import Problem

COLOURS = {"error": "\033[31m", "warning": "\033[33m", "ok": "\033[32m", "dim": "\033[2m", "end": "\033[0m"}


def as_json(problems: list[Problem], lessons: list[LessonReport], root: Path, question_counts: dict[str, int]) -> str:
    def problem(p: Problem) -> dict:
        return {"path": _relative(p.path, root), "line": p.line, "severity": p.severity, "check": p.rule, "message": p.message}

    errors = sum(1 for p in problems if p.severity == "error")
    return json.dumps(
        {
            "ok": errors == 0,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [problem(p) for p in problems],
            "lessons": [
                {
                    "id": report.lesson.id,
                    "path": _relative(report.lesson.path, root),
                    "audience": report.lesson.audience,
                    "flesch_kincaid_grade": report.grade,
                    "smog": report.smog,
                    "reviewed": report.lesson.reviewed.date.isoformat(),
                    "questions": question_counts.get(report.lesson.id, 0),
                }
                for report in lessons
            ],
        },
        indent=2,
    )


def as_text(problems: list[Problem], lessons: list[LessonReport], root: Path, question_counts: dict[str, int], out: TextIO) -> None:
    colour = out.isatty()

    def paint(text: str, kind: str) -> str:
        return f"{COLOURS[kind]}{text}{COLOURS['end']}" if colour else text

    for p in problems:
        print(f"{p.location(root)}: {paint(p.severity, p.severity)}: {p.message} [{p.rule}]", file=out)
    if lessons:
        if problems:
            print(file=out)
        rows = [("Lesson", "Audience", "Grade", "SMOG", "Questions", "Reviewed", "Problems")]
        for report in lessons:
            count = len(report.problems)
            rows.append((
                report.lesson.id, ",".join(report.lesson.audience), f"{report.grade:.1f}", f"{report.smog:.1f}",
                str(question_counts.get(report.lesson.id, 0)), report.lesson.reviewed.date.isoformat(),
                str(count) if count else "-",
            ))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for index, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
            print(paint(line, "dim") if index == 0 else line, file=out)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    summary = f"{len(lessons)} lessons checked: {errors} error(s), {warnings} warning(s)."
    print(paint(summary, "error" if errors else ("warning" if warnings else "ok")), file=out)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
