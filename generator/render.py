"""Turn the checked course into page sources: Markdown pages for MkDocs and quiz HTML.

Templates live in `generator/templates/`; a program overrides one by placing a file of the
same name in `<theme.custom_dir>/course/`.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions.toc import slugify as toc_slugify
from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import cache, journey, links, readability
from .names import safe_name, safe_path
from .model import CourseContent, Lesson, Module, Quiz


@dataclass(frozen=True)
class PageSource:
    """A page the plugin adds to the site: its path under docs/ and its Markdown."""

    src_uri: str
    markdown: str


def _bytecode_cache(kind: str) -> FileSystemBytecodeCache | None:
    """Compiled templates on disk. Jinja keys them by file and source, not by the environment's settings, so
    each of our two environments (Markdown pages; autoescaped HTML) has files of its own."""
    folder = cache.folder() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home only costs speed
    return FileSystemBytecodeCache(str(folder), pattern=f"{kind}-%s.cache")


def lesson_uri(lesson: Lesson) -> str:
    return str(safe_path(lesson.module, lesson.id, suffix=".md"))


def module_uri(module: Module) -> str:
    return f"{safe_name(module.id)}/index.md"


HOME_URI = "index.md"
GLOSSARY_URI = "glossary.md"
CATALOGUE_URI = "catalogue.md"


@dataclass(frozen=True)
class GlossaryEntry:
    definition: str
    lesson: Lesson


class Renderer:
    def __init__(
        self,
        content: CourseContent,
        settings: dict[str, Any],
        override_dir: Path | None = None,
        messages: dict[str, str] | None = None,
        fallback: set[str] | None = None,
    ) -> None:
        self.content = content
        self.settings = settings
        self.messages = messages or {}
        self.fallback = fallback or set()  # lessons shown in the source language in a translated tree
        loaders = [FileSystemLoader(str(override_dir))] if override_dir and override_dir.is_dir() else []
        self.env = Environment(
            loader=ChoiceLoader([*loaders, PackageLoader("generator", "templates")]),
            # Compiling the templates is a good part of what the generator adds to a build: keep them compiled.
            bytecode_cache=_bytecode_cache("markdown"),
            auto_reload=False,  # a Renderer lives for one build (serve makes a new one): no stat() per include
            autoescape=False,  # page templates produce Markdown; HTML templates escape explicitly
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Markdown pages use `{#anchor}` (attr_list); Jinja comments there are written `{## ... ##}`.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters["inline"] = inline_markdown
        self.env.filters["md_escape"] = markdown_escape
        self.env.filters["enumerate_sorted"] = enumerate_sorted
        self.env.filters["shuffled"] = shuffled
        self.env.filters["slug"] = lambda text: toc_slugify(text, "-")
        self.env.globals.update(
            t=self.t, messages_json=self.messages_json,
            lesson_uri=lesson_uri, module_uri=module_uri, content=content, settings=settings
        )
        self.grades = {lesson.id: found.grade for lesson, found in zip(content.lessons, readability.levels([l.body for l in content.lessons]))}
        # Every lesson page asks for its place in the course: the order is worked out once.
        self.ordered = content.ordered_lessons()
        self._position = {lesson.id: index for index, lesson in enumerate(self.ordered)}
        self._by_id = {lesson.id: lesson for lesson in content.lessons}
        self.env.globals["grades"] = self.grades
        self.html_env = self.env.overlay(
            autoescape=True, comment_start_string="{#", comment_end_string="#}", bytecode_cache=_bytecode_cache("html")
        )

    def t(self, key: str, **values: Any) -> str:
        """An interface message of the site's language, with {name} placeholders filled in.

        A message is text: where a value is already HTML (Markup), the message is escaped around it."""
        text = self.messages.get(key, key)
        if any(isinstance(value, Markup) for value in values.values()):
            return Markup.escape(text).format(**values)
        return text.format(**values) if values else text

    def messages_json(self, prefix: str) -> str:
        """The messages under `prefix` ("quiz.js."), as JSON for a script's `data-messages` attribute.

        Scripts hold no interface text: they read it from the element they enhance. Escape it in the attribute."""
        found = {key[len(prefix):]: text for key, text in self.messages.items() if key.startswith(prefix)}
        return json.dumps(found, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    # ---------------------------------------------------------- pages

    def pages(self) -> list[PageSource]:
        pages = [PageSource(HOME_URI, self.home())]
        for module in self.content.modules():
            pages.append(PageSource(module_uri(module), self.module_page(module)))
            for lesson in self.content.lessons_of(module.id):
                pages.append(PageSource(lesson_uri(lesson), self.lesson_page(lesson)))
        pages.append(PageSource(GLOSSARY_URI, self.glossary_page()))
        pages.append(PageSource(CATALOGUE_URI, self.catalogue_page()))
        pages += [PageSource(uri, text) for uri, text in journey.pages(self)]  # my lessons, record, builder, guide
        return pages

    def catalogue_page(self) -> str:
        rows = [
            {
                "lesson": lesson,
                "module": self.content.course.module(lesson.module),
                "href": lesson_uri(lesson),
                "grade": self.grades[lesson.id],
                "questions": len(quiz.questions) if (quiz := self.content.quizzes.get(lesson.id)) else 0,
            }
            for lesson in self.content.ordered_lessons()
        ]
        table = self.html_env.get_template("catalogue-table.html.j2").render(rows=rows)
        return self.env.get_template("catalogue.md.j2").render(table=table)

    def glossary_page(self) -> str:
        """Every term a lesson defines, in alphabetical order, with the lessons that use it."""
        terms: dict[str, list[GlossaryEntry]] = {}
        for lesson in self.content.ordered_lessons():
            for term, definition in lesson.glossary.items():
                terms.setdefault(term.casefold(), []).append(GlossaryEntry(definition, lesson))
        ordered = sorted(terms.items())
        shown = [(entries[0].lesson.glossary_term(key), entries) for key, entries in ordered]
        return self.env.get_template("glossary.md.j2").render(glossary=shown)

    def home(self) -> str:
        return self.env.get_template("home.md.j2").render()

    def module_page(self, module: Module) -> str:
        return self.env.get_template("module.md.j2").render(module=module, lessons=self.content.lessons_of(module.id))

    def lesson_page(self, lesson: Lesson) -> str:
        module = self.content.course.module(lesson.module)
        ordered = self.ordered
        index = self._position[lesson.id]
        body = lesson.body if self.settings.get("raw_html", True) else links.escape_raw_html(lesson.body)
        body = links.LESSON_LINK.sub(lambda m: self._lesson_link(lesson, m), body)
        return self.env.get_template("lesson.md.j2").render(
            lesson=lesson,
            body=body,
            fallback=lesson.id in self.fallback,
            module=module,
            quiz=self.content.quizzes.get(lesson.id),
            previous=ordered[index - 1] if index > 0 else None,
            next=ordered[index + 1] if index + 1 < len(ordered) else None,
        )

    def _lesson_link(self, source: Lesson, match: re.Match[str]) -> str:
        """`](lesson:ID#anchor)` becomes a relative link to that lesson's page, which MkDocs resolves."""
        target = self._by_id[match.group(1)]
        relative = posixpath.relpath(lesson_uri(target), posixpath.dirname(lesson_uri(source)))
        return f"]({relative}{'#' + match.group(2) if match.group(2) else ''})"

    # ---------------------------------------------------------- quiz

    def quiz_html(self, quiz: Quiz, lesson_url: str, next_url: str | None) -> str:
        """The quiz as HTML that teaches without JavaScript; quiz.js makes it interactive."""
        return self.html_env.get_template("quiz.html.j2").render(
            quiz=quiz,
            lesson_url=lesson_url,
            next_url=next_url,
            quiz_data=json.dumps(quiz_data(quiz), ensure_ascii=False, separators=(",", ":")),  # escaped in its attribute
            quiz_key=quiz_key(quiz),
        )

    def worksheet_html(self, quiz: Quiz) -> str:
        """The quiz as a paper worksheet with blank boxes: shown only in print, where controls cannot be used."""
        return self.html_env.get_template("quiz-worksheet.html.j2").render(quiz=quiz)

    def help_lines_html(self) -> Markup:
        return Markup(self.html_env.get_template("help-lines.html.j2").render())

    def next_lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson after this one in the course, if any."""
        index = self._position.get(lesson_id)
        return self.ordered[index + 1] if index is not None and index + 1 < len(self.ordered) else None

    def answer_key_html(self, quiz: Quiz) -> str:
        """The worksheet's answers, printed on a page of their own after the lesson."""
        lesson = self._by_id[quiz.lesson]
        return self.html_env.get_template("answer-key.html.j2").render(quiz=quiz, lesson=lesson)


def quiz_key(quiz: Quiz) -> str:
    """Changes whenever the quiz content changes, so saved answers of an old quiz are not restored."""
    canonical = json.dumps(quiz.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def quiz_data(quiz: Quiz) -> dict[str, Any]:
    """What quiz.js needs to check answers; text is already in the HTML, so only keys go here."""
    questions = []
    # Reflective questions are never scored: quiz.js does not see them (support.js keeps their answers).
    for question in (q for q in quiz.questions if q.type != "reflective"):
        entry: dict[str, Any] = {"id": question.id, "type": question.type}
        if question.type in ("single", "multiple"):
            entry["correct"] = [i for i, option in enumerate(question.options) if option.correct]
        elif question.type == "true_false":
            entry["correct"] = question.answer
        elif question.type == "matching":
            entry["count"] = len(question.pairs)
        elif question.type == "ordering":
            entry["count"] = len(question.items)
        questions.append(entry)
    return {"lesson": quiz.lesson, "pass_mark": quiz.pass_mark, "questions": questions}


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: nothing in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_inline_md = markdown.Markdown(extensions=[])
# Text that Markdown would leave as it is: it starts with a letter (no list, heading or number) and has
# no markup, escape, entity, tab, line break or control character. Most quiz text is like this.
_PLAIN_TEXT = re.compile(r"[^\W\d_][^\\`*_\[\]!<>&\x00-\x1f\x7f]*(?<=\S)")


@functools.lru_cache(maxsize=4096)
def inline_markdown(text: str) -> Markup:
    """Render a line of quiz text: Markdown emphasis and links, but any HTML in it shown as text.

    Cached (the quiz, its worksheet and its answer key show the same texts), and plain text skips
    the Markdown converter, which would return it unchanged."""
    if _PLAIN_TEXT.fullmatch(text):
        return Markup(links.neutralise_html(text))
    _inline_md.reset()
    rendered = _inline_md.convert(html.escape(text, quote=False))
    rendered = re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.DOTALL)
    return Markup(links.neutralise_html(rendered))


def enumerate_sorted(values: Any) -> list[tuple[int, str]]:
    """(original index, value) pairs sorted by value: matches are offered in a neutral order."""
    return sorted(enumerate(values), key=lambda pair: pair[1].casefold())


def shuffled(items: list[Any], seed: str) -> list[tuple[int, Any]]:
    """(correct position, item) pairs in an order that is stable across builds but never the answer."""
    ranked = sorted(enumerate(items), key=lambda pair: hashlib.sha256(f"{seed}:{pair[0]}".encode()).digest())
    if [index for index, _ in ranked] == list(range(len(items))):
        ranked = ranked[1:] + ranked[:1]
    return ranked


def markdown_escape(text: str) -> str:
    """Escape text going into a Markdown page so it is shown as written (HTML is not run)."""
    return html.escape(text, quote=False)
