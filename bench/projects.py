"""The sites the bench builds, each a project folder of its own (mkdocs.yml, sources, docs/).

- `ours`: the bundled course, built by the generator (the `course` plugin).
- `plain`: the same pages, rendered once by the generator to plain Markdown, in a plain Material site
  with the same theme settings, extensions, other plugins and navigation.
- `mkdocs-quiz`: the plain pages with each quiz written in mkdocs-quiz's syntax, built by mkdocs-quiz.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from generator.plugin import QUIZ_SLOT
from generator.sources import LANGUAGE_FOLDER

from mkdocs_quiz_syntax import quiz_markdown, supported


def copy_course(source: Path, target: Path) -> Path:
    """The bundled course as it is now (mkdocs.yml, course file, lessons, quizzes, docs/), in its source language only."""
    target.mkdir(parents=True)
    config = read_config(source)
    # One tree, in the source language, like the plain site: translated trees (`languages`) are left out.
    course_options(config).pop("languages", None)
    write_config(target, config)
    for key, default in (("lessons_dir", "lessons"), ("quizzes_dir", "quizzes")):
        folder = course_options(config).get(key, default)
        shutil.copytree(source / folder, target / folder, ignore=_translations(source / folder))
    shutil.copytree(source / config.get("docs_dir", "docs"), target / config.get("docs_dir", "docs"))
    copy_named_files(source, target, config)
    return target


def copy_named_files(source: Path, target: Path, config: dict[str, Any]) -> None:
    """Other files mkdocs.yml may name: a course file outside lessons/, a logo, the theme's custom_dir."""
    options = course_options(config)
    for name in (options.get("course_file"), options.get("logo"), (config.get("theme") or {}).get("custom_dir")):
        if name and (source / name).exists() and not (target / name).exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if (source / name).is_dir() else shutil.copy2)(source / name, target / name)


def _translations(top: Path):
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if Path(folder) == top and LANGUAGE_FOLDER.match(n)]

    return ignore


def read_config(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))


def write_config(project: Path, config: dict[str, Any]) -> None:
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def course_options(config: dict[str, Any]) -> dict[str, Any]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "course" in plugin:
            return plugin["course"] or {}
    return {}


def keep_questions(project: Path, keep) -> int:
    """Rewrite every quiz of the project with only the questions `keep(question)` accepts; returns how many are left."""
    left = 0
    for path in quiz_sources(project):
        quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
        quiz["questions"] = [q for q in quiz["questions"] if keep(q)]
        left += len(quiz["questions"])
        if quiz["questions"]:
            path.write_text(yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True), encoding="utf-8")
        else:
            path.unlink()  # a quiz needs a question; the lesson is left without one, as on the other side
    return left


def rendered_pages(project: Path) -> tuple[dict[str, str], list[Any]]:
    """Every page the generator adds (uri -> Markdown) and the navigation it makes, rendered once."""
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["course"]
    config = plugin.on_config(config)
    pages = {page.src_uri: page.markdown for page in plugin.renderer.pages()}
    return pages, config.nav


def plain_site(ours: Path, target: Path, quizzes: bool = False) -> Path:
    """The generator's pages in a plain Material site; with `quizzes`, each quiz in mkdocs-quiz's syntax."""
    pages, nav = rendered_pages(ours)
    config = read_config(ours)
    docs = target / config.get("docs_dir", "docs")
    shutil.copytree(ours / config.get("docs_dir", "docs"), docs)
    mkdocs_quizzes = _mkdocs_quizzes(ours) if quizzes else {}
    for uri, markdown in pages.items():
        lesson = _meta(markdown, "course_lesson")
        if lesson in mkdocs_quizzes and QUIZ_SLOT in markdown:
            markdown = markdown.replace(QUIZ_SLOT, quiz_markdown(mkdocs_quizzes[lesson]), 1)
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir:  # same theme settings: the program's overrides too
        shutil.copytree(ours / custom_dir, target / custom_dir)
    plugins = [p for p in config.get("plugins") or [] if not (isinstance(p, dict) and "course" in p) and p != "course"]
    if quizzes:
        plugins.append("mkdocs_quiz")
    config["plugins"] = plugins
    config["nav"] = nav
    write_config(target, config)
    return target


def _mkdocs_quizzes(project: Path) -> dict[str, dict[str, Any]]:
    """Quiz sources by lesson id, for the lessons with a question mkdocs-quiz can express."""
    quizzes = (yaml.safe_load(path.read_text(encoding="utf-8")) for path in quiz_sources(project))
    return {quiz["lesson"]: quiz for quiz in quizzes if any(supported(q) for q in quiz["questions"])}


def _meta(markdown: str, key: str) -> str | None:
    if not markdown.startswith("---\n"):
        return None
    front = markdown[4 : markdown.find("\n---", 4)]
    value = (yaml.safe_load(front) or {}).get(key)
    return str(value) if value is not None else None


def question_types(project: Path) -> Counter[str]:
    """How many questions of each type the project's quizzes hold."""
    counts: Counter[str] = Counter()
    for path in quiz_sources(project):
        counts.update(q["type"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"])
    return counts


def count_quiz_questions(project: Path) -> int:
    return sum(question_types(project).values())


def lesson_sources(project: Path) -> list[Path]:
    from generator.sources import lesson_files

    return lesson_files(project / course_options(read_config(project)).get("lessons_dir", "lessons"))


def quiz_sources(project: Path) -> list[Path]:
    from generator.sources import quiz_files

    return quiz_files(project / course_options(read_config(project)).get("quizzes_dir", "quizzes"))


def first_quiz_page(project: Path) -> str:
    """The built page (site path) of the first lesson, in course order, that has a quiz."""
    pages, _ = rendered_pages(project)
    return next(uri.removesuffix(".md") + ".html" for uri, markdown in pages.items() if QUIZ_SLOT in markdown)
