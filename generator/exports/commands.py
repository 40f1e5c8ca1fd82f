"""The `export` and `import` subcommands of `python -m generator`.

    export scorm -o course-scorm.zip       export gift -o bank.gift      export moodle-xml -o bank.xml
    import gift FILE -o quizzes/NAME.yml --lesson ID [--category PATH] [--force]

Every problem is printed as `path:line: message` and gives a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from ..checks import SourcePaths, load_course
from ..model import SLUG_PATTERN, CourseContent, Lesson

EXPORT_FORMATS = ("scorm", "gift", "moodle-xml")
IMPORT_FORMATS = ("gift",)


def add_commands(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="export the course for a learning management system (LMS)")
    export.add_argument("format", choices=EXPORT_FORMATS, help="scorm: a SCORM 1.2 package; gift, moodle-xml: a quiz bank")
    export.add_argument("-o", "--output", required=True, help="the file to write, e.g. course-scorm.zip, bank.gift, bank.xml")
    imports = commands.add_parser("import", help="turn a question bank from an LMS into a quiz source")
    imports.add_argument("format", choices=IMPORT_FORMATS, help="the bank's format")
    imports.add_argument("file", help="the bank to read, e.g. questions.gift.txt")
    imports.add_argument("-o", "--output", required=True, help="the quiz to write, e.g. quizzes/first-meeting.yml")
    imports.add_argument("--lesson", required=True, help="id of the lesson the quiz belongs to")
    imports.add_argument("--category", help="only the questions of this category, e.g. 'Meetings/Meeting formats'")
    imports.add_argument("--force", action="store_true", help="overwrite the output file if it exists")


def run(args: argparse.Namespace, config_file: Path, paths: SourcePaths) -> int:
    if args.command == "import":
        return import_gift(args, paths)
    if args.format == "scorm":
        return export_scorm(config_file, Path(args.output))
    return export_bank(args.format, paths, Path(args.output))


def export_scorm(config_file: Path, output: Path) -> int:
    from .scorm import ExportError, export_scorm as build_package

    try:
        package = build_package(config_file.resolve(), output)
    except ExportError as exc:
        print(exc, file=sys.stderr)
        return 1
    size = package.bytes / 1_000_000
    print(
        f"Wrote {output}: SCORM 1.2, {package.files} files, {size:.1f} MB; "
        f"saved progress is at most {package.suspend_data_max} of 4096 characters."
    )
    return 0


def export_bank(fmt: str, paths: SourcePaths, output: Path) -> int:
    content = _load(paths)
    if content is None:
        return 1
    if fmt == "gift":
        from .gift import export_bank as write
    else:
        from .moodle_xml import export_bank as write
    export = write(content)
    for note in export.notes:
        print(note.format(paths.root), file=sys.stderr)
    for remark in export.remarks:
        print(f"note: {remark}", file=sys.stderr)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(export.text, encoding="utf-8")
    questions = sum(len(q.questions) for q in content.quizzes.values())
    print(f"Wrote {output}: {len(content.quizzes)} quizzes, {questions - len(export.notes)} of {questions} questions.")
    return 0


def import_gift(args: argparse.Namespace, paths: SourcePaths) -> int:
    import re

    from .gift_import import import_bank

    source, output = Path(args.file), Path(args.output)
    if not re.match(SLUG_PATTERN, args.lesson):
        print(f"--lesson '{args.lesson}': use the lesson's id: lower-case letters, digits and single hyphens", file=sys.stderr)
        return 2
    if output.exists() and not args.force:
        print(f"{output}: already exists; nothing was written (choose another file, or add --force to replace it)", file=sys.stderr)
        return 1
    result = import_bank(source, args.lesson, args.category, lesson_hints(paths, args.lesson))
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    if result.text is None:
        print(f"{source}: nothing was written.", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.text, encoding="utf-8")
    skipped = sum(1 for p in result.problems if p.severity == "warning" and p.message.startswith("skipped"))
    print(f"Wrote {output}: {result.imported} questions imported, {skipped} skipped (listed above).")
    if result.to_write:
        print(f"Write what GIFT does not hold ({result.to_write}); `python -m generator check` lists each with its line.")
    return 0


def lesson_hints(paths: SourcePaths, lesson_id: str) -> Lesson | None:
    """The lesson a quiz is imported for, if the course has it, so the quiz can list its objectives."""
    from .. import sources

    if not paths.lessons_dir.is_dir():
        return None
    for path in sources.lesson_files(paths.lessons_dir):
        lesson = sources.load_lesson(path)[0]
        if lesson is not None and lesson.id == lesson_id:
            return lesson
    return None


def _load(paths: SourcePaths) -> CourseContent | None:
    content, problems = load_course(paths)
    for problem in problems:
        print(problem.format(paths.root), file=sys.stderr)
    if content is None:
        errors = sum(1 for p in problems if p.severity == "error")
        print(f"{errors} error(s) in the course sources: fix them, then export again.", file=sys.stderr)
    return content
