"""The `course` MkDocs plugin: hands the checked course to MkDocs at the right events.

Work belongs in the stages (`checks` reads and validates, `render` makes pages); the hooks
here only call them and pass results on.
"""

from __future__ import annotations

import os
import re
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import branding, i18n, journey, links, names, privacy
from .checks import SourcePaths, load_course
from .config import CourseConfig, default_help_lines
from .errors import CourseError
from .model import CourseContent
from .render import CATALOGUE_URI, GLOSSARY_URI, HOME_URI, Renderer, lesson_uri, module_uri

QUIZ_SLOT = "<!-- course-quiz -->"
# Set while a translated tree builds inside the source build (on_post_build), for its plugin instance.
_TRANSLATION: ContextVar[str | None] = ContextVar("course_translation", default=None)
_SOURCE_LANGUAGE: ContextVar[str | None] = ContextVar("course_source_language", default=None)
MATERIAL_FAVICON = "assets/images/favicon.png"  # the theme's default, replaced by a program's logo
ASSET_DIR = "assets/course"
ASSETS = ("quiz.js", "quiz.css", "course.css", "print.css", "print.js", "listen.js",
          "iframe-worker.js", "iframe-worker.LICENSE.txt",
          "store.js", "journey.js", "journey.css", "catalogue.js", "assign.js",
          "qrcode-generator.js", "qrcode-generator.LICENSE.txt", "support.js", "support.css")

# The quiz assets are kept readable, with comments, and shipped without them (their 6 KB gzipped budget).
SLIMMED = ("quiz.js", "quiz.css")


def slim(source: bytes) -> bytes:
    """Our CSS or JavaScript without /* */ comments, whole-line // comments, indentation and blank lines.

    Only for files written for it: no "/*" or "*/" in a string or regex; a // comment after code stays.
    """
    text = re.sub(r"/\*.*?\*/", "", source.decode("utf-8"), flags=re.DOTALL)
    lines = (line.strip() for line in text.splitlines())
    return "".join(line + "\n" for line in lines if line and not line.startswith("//")).encode("utf-8")


class CoursePlugin(BasePlugin[CourseConfig]):
    content: CourseContent | None = None
    renderer: Renderer | None = None
    logo: Path | None = None
    _files: Files | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.paths = SourcePaths.under(root, self.config.lessons_dir, self.config.quizzes_dir, self.config.course_file)
        content, problems = load_course(self.paths)
        if content is None:
            raise PluginError(CourseError(problems, root=root).report())
        try:
            content = content.selected(self.config.modules, self.config.audiences)
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml, course plugin: {exc}") from None
        self.language, self.fallback = self._language(config), set()
        if _TRANSLATION.get() is not None:  # a translated tree, built by the source build's on_post_build
            translated, problems = i18n.load_language(content, self.paths, self.language)
            if translated is None:
                raise PluginError(CourseError(problems, root=root).report())
            content, self.fallback = translated.content.selected(self.config.modules, self.config.audiences), translated.fallback
            config.site_name = content.course.title  # the header names the course in the reader's language
        messages = i18n.catalogue(self.language, self.config.messages.get(self.language))
        self.content = content
        # Our theme templates sit after the program's custom_dir (which may override them) and before Material's.
        theme_dir = str(resources.files("generator") / "theme")
        position = 1 if config.theme.custom_dir else 0
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(position, theme_dir)
        override_dir = Path(config.theme.custom_dir) / "course" if config.theme.custom_dir else None
        self.renderer = Renderer(content, dict(self.config), override_dir, messages, self.fallback)
        config.extra["alternate"] = self._alternates() or config.extra.get("alternate")
        config.extra["course"] = {
            "program_name": self.config.program_name,
            "help_title": self.config.help_title or messages["help.title"],
            "messages": messages,
            "help_lines": [dict(line) for line in self.config.help_lines] if self.config.help_lines is not None
            else default_help_lines(messages),
            "assets": ASSET_DIR,
            "expiry_days": max(1, self.config.expiry_days),
            # store.js keeps one set of keys for the site and its translated trees (<site>/<code>/).
            "store_root": "../../.." if _TRANSLATION.get() is not None else "../..",
            "trees": ["", *(f"{language.code}/" for language in self.config.languages)],
            **self._branding(config, root),
        }
        # One list of help lines for the "Get help now" box, content notes and flagged reflective answers.
        course = config.extra["course"]
        self.renderer.settings["help"] = course
        course["help_lines_html"] = self.renderer.help_lines_html()
        course["support_messages"] = self.renderer.messages_json("support.js.")
        # Material's offline plugin would load its file:// Worker shim from a CDN; we ship the same file.
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [*polyfills, f"{ASSET_DIR}/iframe-worker.js"]
        if config.nav is None:
            config.nav = self._nav(config)
        return config

    def _language(self, config: MkDocsConfig) -> str:
        """The language of this tree: the theme's for the source build, the translation's otherwise."""
        translation = _TRANSLATION.get()
        if translation is not None:
            config.theme["language"] = translation
            return translation
        return str(config.theme.get("language") or i18n.SOURCE_LANGUAGE)

    def _alternates(self) -> list[dict[str, str]]:
        """The language switcher: each language's root, relative to this tree's root (see partials/alternate.html)."""
        if not self.config.languages:
            return []
        source = _SOURCE_LANGUAGE.get() or self.language
        in_translation = _TRANSLATION.get() is not None
        trees = [{"code": source, "name": i18n.catalogue(source)["language.name"]}]
        trees += [{"code": lang.code, "name": lang.name} for lang in self.config.languages]
        return [
            {
                "name": tree["name"],
                "lang": tree["code"],
                "prefix": ("../" if in_translation else "") + ("" if tree["code"] == source else tree["code"] + "/"),
                "link": ("../" if in_translation else "") + ("" if tree["code"] == source else tree["code"] + "/"),
            }
            for tree in trees
        ]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Build each translated tree into <site>/<code>/, with the theme's interface in that language."""
        if _TRANSLATION.get() is not None:
            return
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        for language in self.config.languages:
            names.safe_name(language.code.lower())
            tokens = (_TRANSLATION.set(language.code), _SOURCE_LANGUAGE.set(self.language))
            try:
                translated = load_config(config.config_file_path, site_dir=os.path.join(config.site_dir, language.code))
                translated.theme["language"] = language.code
                build(translated, dirty=False)
            finally:
                _TRANSLATION.reset(tokens[0])
                _SOURCE_LANGUAGE.reset(tokens[1])

    def _branding(self, config: MkDocsConfig, root: Path) -> dict[str, Any]:
        """Point the theme at the program's logo and colours; return what the course templates show."""
        options = self.config
        self.logo = (root / options.logo) if options.logo else None
        if self.logo is not None:
            problem = branding.check_logo(root, options.logo)
            if problem:
                raise PluginError(f"mkdocs.yml, course plugin: {problem}")
            config.theme["logo"] = branding.logo_uri(options.logo)
            if config.theme.get("favicon") in (None, MATERIAL_FAVICON):
                config.theme["favicon"] = branding.logo_uri(options.logo)
        if options.primary_color or options.accent_color:
            config.theme["palette"] = branding.custom_palette(
                config.theme.get("palette"), bool(options.primary_color), bool(options.accent_color)
            )
        return {
            "contact_phone": options.contact_phone,
            "contact_href": branding.tel_href(options.contact_phone) if options.contact_phone else "",
            "footer_text": options.footer_text,
            "colors": branding.color_variables(options.primary_color, options.accent_color),
        }

    def _nav(self, config: MkDocsConfig) -> list[Any]:
        """Course home, then each module with its lessons, then the hand-written pages."""
        assert self.content is not None
        # The navigation stays short (a long one scrolls its sidebar and clips links): the completion record is
        # reached from My lessons, and the guide's module pages from the guide's overview.
        t = self.renderer.t if self.renderer else str  # labels in the site's language
        nav: list[Any] = [{t("nav.home"): HOME_URI}, {t("nav.my_lessons"): journey.MY_LESSONS_URI}]
        for module in self.content.modules():
            lessons = [{lesson.title: lesson_uri(lesson)} for lesson in self.content.lessons_of(module.id)]
            nav.append({module.title: [{t("nav.overview"): module_uri(module)}, *lessons]})
        nav.append({t("nav.glossary"): GLOSSARY_URI})
        nav.append({t("nav.clinician_tools"): [
            {t("nav.catalogue"): CATALOGUE_URI},
            {t("nav.assign"): journey.ASSIGN_URI},
            {t("nav.facilitator"): journey.FACILITATOR_URI},
        ]})
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
            content = (assets / name).read_bytes()
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=slim(content) if name in SLIMMED else content))
        if self.logo is not None:
            files.append(File.generated(config, branding.logo_uri(self.config.logo or ""), abs_src_path=str(self.logo)))
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._files = files  # the site's files, final by now: on_page_context is not given them
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.content is not None
        lesson_id = page.meta.get("course_lesson")
        # The sitemap's dates come from the sources, not the day of the build, so rebuilds are identical.
        page.update_date = self.content.reviewed_on(lesson_id).isoformat()
        # Whatever the raw-HTML setting, no link or source in a page may run code.
        return links.neutralise_html(html)

    # Last of all plugins: the search index has read the page by then. It finds the lesson by the lesson's own
    # words; the quiz (its questions, feedback and print worksheet) would double a page's share of the index
    # a phone downloads, and its parsing was most of the build time the generator added.
    @event_priority(-100)
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.content is not None and self.renderer is not None
        lesson_id = page.meta.get("course_lesson")
        quiz = self.content.quizzes.get(lesson_id) if lesson_id else None
        if quiz is None or page.content is None or QUIZ_SLOT not in page.content:
            return context
        # "Go on to the next lesson" names the next lesson of the course, not the next page of the nav (a glossary).
        following = self.renderer.next_lesson(lesson_id)
        next_file = self._files.get_file_from_path(lesson_uri(following)) if following and self._files else None
        next_url = get_relative_url(next_file.url, page.url) if next_file else None
        quiz_html = self.renderer.quiz_html(quiz, lesson_url="", next_url=next_url)
        # Printed, the quiz is a worksheet in place and its answer key comes last (theme: course-answer-key.html).
        page.meta["course_answer_key"] = self.renderer.answer_key_html(quiz)
        page.content = page.content.replace(QUIZ_SLOT, quiz_html + self.renderer.worksheet_html(quiz), 1)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        found = privacy.external_requests(output)
        if found:
            raise PluginError(privacy.report(self._source_of(page), found))
        return output

    def _source_of(self, page: Page) -> str:
        """The file an author edits to change this page, for messages."""
        lessons = self.content.lessons if self.content else []
        lesson = next((l for l in lessons if l.id == page.meta.get("course_lesson")), None)
        if lesson is not None:
            return lesson.path.relative_to(self.paths.root).as_posix()
        if page.file.abs_src_path:
            return Path(os.path.relpath(page.file.abs_src_path, self.paths.root)).as_posix()
        return page.file.src_uri

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.paths.lessons_dir))
        server.watch(str(self.paths.quizzes_dir))
        if self.paths.course_file.parent != self.paths.lessons_dir:
            server.watch(str(self.paths.course_file))
        return server

