"""A SCORM 1.2 package: the site built for an LMS, a launch page that reports to it, and a manifest.

The package is one SCO. Its launch page (`scorm-launch.html`) finds the LMS API, calls
`LMSInitialize` once, and shows the site's own pages in a frame, so moving between lessons never
drops the connection; `LMSFinish` is called once, when the launch page goes away. The README
("LMS export") says why this was chosen over one SCO per lesson.

The site's pages are the normal site (built with `use_directory_urls: false`, because LMS file
servers do not turn `lesson/` into `lesson/index.html`) plus one small script, `page.js`, that
forwards two DOM events to the launch page:

    course:quiz-result  detail {lesson, score, total, percent, passed}  dispatched by quiz.js
    course:lesson-read  detail {lesson}  dispatched by page.js itself when the end of a lesson is seen

What the launch page saves in `cmi.suspend_data` is JSON (see `longest_progress`); its largest possible
size for the course is computed here and the export refuses a course whose progress could
exceed SCORM 1.2's 4,096 characters.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment
from markdown.extensions.toc import slugify as toc_slugify
from markupsafe import Markup
from mkdocs.structure.files import File

from ..model import SCORED_TYPES, CourseContent, Quiz
from ..render import lesson_uri, script_json
from .templating import templates

LAUNCH_PAGE = "scorm-launch.html"
ASSET_DIR = "assets/scorm"
ASSETS = ("launch.js", "launch.css", "page.js")
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
SUSPEND_DATA_LIMIT = 4096  # SCORM 1.2: cmi.suspend_data is a CMIString4096
START_PAGE = "index.html"
# Zip entries get one fixed date so that the same course always gives the same package bytes.
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


class ExportError(Exception):
    """A problem that stops the export; the message is for the author and names what to do."""


@dataclass(frozen=True)
class Package:
    path: Path
    files: int
    bytes: int
    suspend_data_max: int


def scored(quiz: Quiz) -> int:
    """The questions a score counts: reflective questions are never scored."""
    return sum(1 for question in quiz.questions if question.type in SCORED_TYPES)


def schema_dir() -> Path:
    """The SCORM 1.2 XSDs shipped with the generator (copied from the npm package by `make`)."""
    return Path(str(resources.files("generator.exports") / "schemas" / "scorm12"))


def export_scorm(config_file: Path, output: Path) -> Package:
    """Build the site for an LMS into a temporary folder and write the SCORM zip to `output`."""
    schemas = schema_dir()
    missing = [name for name in SCHEMA_FILES if not (schemas / name).is_file()]
    if missing:
        raise ExportError(f"{schemas}: the SCORM 1.2 schemas are missing ({', '.join(missing)}); run `make schemas`")
    with tempfile.TemporaryDirectory(prefix="course-scorm-") as tmp:
        site = Path(tmp) / "package"
        content, site_name = _build_site(config_file, site)
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
        lessons = _lesson_pages(content, site)
        longest = longest_progress(content, pages)
        if len(longest) > SUSPEND_DATA_LIMIT:
            raise ExportError(
                f"this course has too many lessons for one SCORM 1.2 package: its saved progress can reach "
                f"{len(longest)} characters and SCORM 1.2 keeps at most {SUSPEND_DATA_LIMIT}"
            )
        env = templates(autoescape=True)
        for page in site.rglob("*.html"):
            _add_page_script(env, page, site, lessons.get(page.relative_to(site).as_posix()))
        _write_runtime(env, content, site, site_name, pages)
        for name in SCHEMA_FILES:
            shutil.copyfile(schemas / name, site / name)
        files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        resource_files = [f for f in files if f not in SCHEMA_FILES]
        manifest = env.get_template("imsmanifest.xml.j2").render(
            identifier=_identifier(site_name),
            title=site_name,
            launch=LAUNCH_PAGE,
            files=[quote(f, safe="/") for f in resource_files],
        )
        (site / "imsmanifest.xml").write_text(manifest, encoding="utf-8")
        files.append("imsmanifest.xml")
        output.parent.mkdir(parents=True, exist_ok=True)
        _zip(site, sorted(files), output)
    return Package(output, len(files), output.stat().st_size, len(longest))


def longest_progress(content: CourseContent, pages: list[str]) -> str:
    """The largest `cmi.suspend_data` launch.js can write for this course, in its exact format:

        {"v":1,"at":"<page>","read":["<lesson id>",...],"quiz":{"<lesson id>":[score,total,passed 0|1],...}}

    that is, the longest page name, every lesson read and every quiz passed with its full score.
    """
    state = {
        "v": 1,
        "at": max(pages, key=len),
        "read": [lesson.id for lesson in content.lessons],
        "quiz": {lesson: [scored(quiz), scored(quiz), 1] for lesson, quiz in content.quizzes.items()},
    }
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False)


# ---------------------------------------------------------------- steps


def _build_site(config_file: Path, site: Path) -> tuple[CourseContent, str]:
    """Build the normal site with flat page URLs (`lesson.html`), which any LMS file server can serve."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    try:
        config = load_config(str(config_file), site_dir=str(site), use_directory_urls=False)
        build(config)
    except (Abort, ConfigurationError, SystemExit) as exc:
        raise ExportError(f"{config_file}: the site did not build, so no package was written. {exc}") from None
    plugin = config.plugins.get("course")
    content = getattr(plugin, "content", None)
    if content is None:
        raise ExportError(f"{config_file}: the `course` plugin is not switched on in its plugins list")
    return content, config.site_name


def _lesson_pages(content: CourseContent, site: Path) -> dict[str, str]:
    """Built page (relative path) -> lesson id."""
    pages = {}
    for lesson in content.lessons:
        page = File(lesson_uri(lesson), None, str(site), use_directory_urls=False).dest_uri
        if not (site / page).is_file():
            raise ExportError(f"{page}: the page of lesson '{lesson.id}' is missing from the built site")
        pages[page] = lesson.id
    return pages


def _add_page_script(env: Environment, page: Path, site: Path, lesson: str | None) -> None:
    html = page.read_text(encoding="utf-8")
    if "</head>" not in html:
        return
    depth = len(page.relative_to(site).parts) - 1
    tag = env.get_template("page-script.html.j2").render(src=f"{'../' * depth}{ASSET_DIR}/page.js", lesson=lesson)
    page.write_text(html.replace("</head>", f"{tag.strip()}\n</head>", 1), encoding="utf-8")


def _write_runtime(env: Environment, content: CourseContent, site: Path, title: str, pages: list[str]) -> None:
    for name in (LAUNCH_PAGE, ASSET_DIR):
        if (site / name).exists():
            raise ExportError(f"docs/: a page or folder named '{name}' is in the way of the SCORM launch page; rename it")
    assets = site / ASSET_DIR
    assets.mkdir(parents=True)
    source = resources.files("generator.exports") / "assets"
    for name in ASSETS:
        (assets / name).write_bytes((source / name).read_bytes())
    data = {
        "title": title,
        "start": START_PAGE,
        "pages": pages,
        "lessons": [
            {
                "id": lesson.id,
                "title": lesson.title,
                "quiz": {"questions": scored(quiz), "pass_mark": quiz.pass_mark} if quiz else None,
            }
            for lesson in content.ordered_lessons()
            for quiz in [content.quizzes.get(lesson.id)]
        ],
        "suspend_data_limit": SUSPEND_DATA_LIMIT,
    }
    launch = env.get_template("scorm-launch.html.j2").render(
        title=title, data=Markup(script_json(data)), assets=ASSET_DIR, start=START_PAGE
    )
    (site / LAUNCH_PAGE).write_text(launch, encoding="utf-8")


def _identifier(site_name: str) -> str:
    """A manifest identifier (an XML ID: starts with a letter) that stays the same for the same course."""
    slug = toc_slugify(site_name, "-")[:60].strip("-")
    return f"course-{slug}" if slug else "course"


def _zip(folder: Path, files: list[str], output: Path) -> None:
    partial = output.with_name(f".{output.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())
    partial.replace(output)  # a failed export never leaves a half-written package under the real name
