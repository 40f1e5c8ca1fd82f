"""`python -m generator`: check sources, build the site safely, scaffold lessons, write schemas."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from . import i18n, report
from .audit import AuditSettings, audit_course
from .checks import SourcePaths, load_course
from .exports import commands as exports
from .model import Course, Lesson, Quiz
from .names import UnsafeName, inside, safe_path


def main(argv: list[str] | None = None) -> int:
    # Reading a large course makes millions of objects and frees almost none, so the cyclic collector would
    # walk them over and over (a fifth of a `check` of 800 lessons). Collect far less often; nothing here
    # waits on a collection.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check every lesson, quiz and the course file without building")
    check_parser.add_argument("--format", choices=("text", "json"), default="text", help="json is for tools")
    check_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_parser.add_argument("--today", type=_date, default=None, help="check review dates as of this day (YYYY-MM-DD)")
    build = commands.add_parser("build", help="build the site; site/ is replaced only when the build succeeds")
    build.add_argument("-d", "--site-dir", default=None, help="output folder (default: the site_dir of mkdocs.yml)")
    zip_parser = commands.add_parser("zip", help="build the site, then zip it as <site-name>-<date>.zip for a computer with no web server")
    zip_parser.add_argument("-o", "--output", default=".", help="folder to write the zip into (default: %(default)s)")
    new = commands.add_parser("new", help="scaffold a source from a template")
    new_what = new.add_subparsers(dest="what", required=True)
    new_lesson = new_what.add_parser("lesson", help="a lesson and its quiz, ready to edit")
    new_lesson.add_argument("id", help="the lesson id, e.g. first-meeting")
    new_lesson.add_argument("--module", required=True, help="id of the module it belongs to")
    schema = commands.add_parser("schema", help="write JSON Schemas for editors")
    schema.add_argument("-o", "--output", default="schemas", help="folder to write into (default: %(default)s)")
    exports.add_commands(commands)  # export scorm|gift|moodle-xml, import gift
    args = parser.parse_args(argv)

    config_file = Path(args.config_file)
    if args.command == "schema":
        return write_schemas(Path(args.output))
    if not config_file.is_file():
        print(f"{config_file}: no such file; run from the project folder or pass -f path/to/mkdocs.yml", file=sys.stderr)
        return 2
    options = plugin_options(config_file)
    paths = source_paths(config_file, options)
    if args.command == "check":
        languages = [str(language.get("code")) for language in options.get("languages") or [] if isinstance(language, dict)]
        audiences = tuple(options.get("translate_audiences", ("patient", "family")))
        return check(paths, audit_settings(options, args.today), args.format, args.strict, languages, audiences)
    if args.command == "build":
        return build_site(config_file, args.site_dir)
    if args.command == "zip":
        from .offline import check_offline, zip_site  # here: `check`, the command run most, needs none of it

        return check_offline(config_file) or build_site(config_file, None) or zip_site(config_file, Path(args.output))
    if args.command in ("export", "import"):
        return exports.run(args, config_file, paths)
    return new_lesson_files(paths, args.id, args.module)


def plugin_options(config_file: Path) -> dict:
    """The course plugin's options in mkdocs.yml (the commands need them without a full MkDocs load)."""
    try:
        # mkdocs.yml may carry Python tags for Material's emoji; only the plugin options matter here.
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader) or {}
    except (OSError, yaml.YAMLError):
        return {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "course" in plugin:
            return plugin["course"] or {}
    return {}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-11-29") from None


def audit_settings(options: dict, today: dt.date | None = None) -> AuditSettings:
    defaults = AuditSettings()
    return AuditSettings(
        today=today or defaults.today,
        reading_grade_max=float(options.get("reading_grade_max", defaults.reading_grade_max)),
        reading_audiences=tuple(options.get("reading_audiences", defaults.reading_audiences)),
        review_months=int(options.get("review_months", defaults.review_months)),
    )


def source_paths(config_file: Path, options: dict) -> SourcePaths:
    """Where the sources are, from the course plugin's options in mkdocs.yml."""
    return SourcePaths.under(
        config_file.resolve().parent,
        options.get("lessons_dir", "lessons"),
        options.get("quizzes_dir", "quizzes"),
        options.get("course_file"),
    )


class _IgnoreTagsLoader(yaml.SafeLoader):
    pass


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def check(
    paths: SourcePaths,
    settings: AuditSettings,
    output: str = "text",
    strict: bool = False,
    languages: list[str] | None = None,
    translate_audiences: tuple[str, ...] = ("patient", "family"),
) -> int:
    """Schema and cross-reference errors first; when there are none, the author checks of audit.py,
    then each translation: its own errors, and the lessons it is missing or has fallen behind on."""
    content, problems = load_course(paths)
    # Lessons not measured before are shared out over the machine's cores (a first check of a big course).
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    lessons = audit_course(content, settings, workers) if content is not None else []
    problems = problems + [p for report in lessons for p in report.problems]
    for language in languages or []:
        if content is None:
            break
        translated, found = i18n.load_language(content, paths, language)
        problems += found
        if translated is not None:
            problems += i18n.translation_problems(content, translated, translate_audiences)
    if strict:
        problems = [p.as_error() for p in problems]
    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    counts = {lesson_id: len(quiz.questions) for lesson_id, quiz in content.quizzes.items()} if content else {}
    if output == "json":
        print(report.as_json(problems, lessons, paths.root, counts))
    else:
        report.as_text(problems, lessons, paths.root, counts, sys.stdout)
    return 1 if any(p.severity == "error" for p in problems) else 0


def build_site(config_file: Path, site_dir: str | None) -> int:
    """Build into a temporary folder beside site/, then swap it in, so a failed build changes nothing."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, Abort) as exc:
        print(f"{config_file}: {exc}", file=sys.stderr)
        return 1
    target = Path(site_dir) if site_dir else Path(config.site_dir)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=target.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        build(config)
    except (Abort, ConfigurationError, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed, {target} left as it was. {exc}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.with_name(f".site-old-{staging.name}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {target}")
    return 0


def new_lesson_files(paths: SourcePaths, lesson_id: str, module: str) -> int:
    try:
        lesson_path = inside(paths.lessons_dir, safe_path(module, lesson_id, suffix=".md"))
        quiz_path = inside(paths.quizzes_dir, safe_path(lesson_id, suffix=".yml"))
    except UnsafeName as exc:
        print(exc, file=sys.stderr)
        return 2
    for path in (lesson_path, quiz_path):
        if path.exists():
            print(f"{path}: already exists; nothing was written (choose another id or edit that file)", file=sys.stderr)
            return 1
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("generator", "scaffold"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        comment_start_string="{##",  # `{#anchor}` in Markdown is not a Jinja comment
        comment_end_string="##}",
    )
    values = {"id": lesson_id, "module": module, "title": lesson_id.replace("-", " ").capitalize()}
    lesson_path.parent.mkdir(parents=True, exist_ok=True)
    quiz_path.parent.mkdir(parents=True, exist_ok=True)
    lesson_path.write_text(env.get_template("lesson.md.j2").render(values), encoding="utf-8")
    quiz_path.write_text(env.get_template("quiz.yml.j2").render(values), encoding="utf-8")
    print(f"Created {lesson_path} and {quiz_path}; edit them, then run: python -m generator check")
    return 0


def write_schemas(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for name, model in (("lesson", Lesson), ("quiz", Quiz), ("course", Course)):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        (folder / f"{name}.schema.json").write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote lesson, quiz and course schemas to {folder}/")
    return 0
