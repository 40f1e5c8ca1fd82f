"""The `course` MkDocs plugin: hands the checked course to MkDocs at the right events.

Work belongs in the stages (`checks` reads and validates, `render` makes pages); the hooks
here only call them and pass results on.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .checks import SourcePaths, load_course
from .config import CourseConfig
from .errors import CourseError
from .model import CourseContent
from .render import GLOSSARY_URI, HOME_URI, Renderer, lesson_uri, module_uri

QUIZ_SLOT = "<!-- course-quiz -->"
ASSET_DIR = "assets/course"
ASSETS = ("quiz.js", "quiz.css", "course.css")


class CoursePlugin(BasePlugin[CourseConfig]):
    content: CourseContent | None = None
    renderer: Renderer | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.paths = SourcePaths.under(root, self.config.lessons_dir, self.config.quizzes_dir, self.config.course_file)
        content, problems = load_course(self.paths)
        if content is None:
            raise PluginError(CourseError(problems, root=root).report())
        self.content = content
        # Our theme templates sit after the program's custom_dir (which may override them) and before Material's.
        theme_dir = str(resources.files("generator") / "theme")
        position = 1 if config.theme.custom_dir else 0
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(position, theme_dir)
        override_dir = Path(config.theme.custom_dir) / "course" if config.theme.custom_dir else None
        self.renderer = Renderer(content, dict(self.config), override_dir)
        config.extra["course"] = {
            "program_name": self.config.program_name,
            "help_title": self.config.help_title,
            "help_lines": [dict(line) for line in self.config.help_lines],
            "assets": ASSET_DIR,
        }
        if config.nav is None:
            config.nav = self._nav(config)
        return config

    def _nav(self, config: MkDocsConfig) -> list[Any]:
        """Course home, then each module with its lessons, then the hand-written pages."""
        assert self.content is not None
        nav: list[Any] = [{"Course home": HOME_URI}]
        for module in self.content.modules():
            lessons = [{lesson.title: lesson_uri(lesson)} for lesson in self.content.lessons_of(module.id)]
            nav.append({module.title: [{"Overview": module_uri(module)}, *lessons]})
        nav.append({"Glossary": GLOSSARY_URI})
        docs_dir = Path(config.docs_dir)
        for page in sorted(docs_dir.rglob("*.md")):
            uri = page.relative_to(docs_dir).as_posix()
            if uri != HOME_URI:
                nav.append(uri)
        return nav

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.renderer is not None
        for page in self.renderer.pages():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(f"{page.src_uri}: docs/ has a page where the course puts a generated one; rename it")
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        assets = resources.files("generator") / "assets"
        for name in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=(assets / name).read_bytes()))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.content is not None and self.renderer is not None
        lesson_id = page.meta.get("course_lesson")
        quiz = self.content.quizzes.get(lesson_id) if lesson_id else None
        if quiz is None or QUIZ_SLOT not in html:
            return html
        next_url = get_relative_url(page.next_page.url, page.url) if page.next_page else None
        quiz_html = self.renderer.quiz_html(quiz, lesson_url="", next_url=next_url)
        return html.replace(QUIZ_SLOT, quiz_html, 1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.paths.lessons_dir))
        server.watch(str(self.paths.quizzes_dir))
        if self.paths.course_file.parent != self.paths.lessons_dir:
            server.watch(str(self.paths.course_file))
        return server

