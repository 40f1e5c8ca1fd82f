"""Interface languages: every word the site shows comes from a message catalogue (English and Spanish ship),
the Spanish tree builds with Material's interface in Spanish, an untranslated lesson falls back to English
with a note, and `check` reports missing and outdated translations."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Project
from generator.fingerprint import fingerprint
from i18n_support import ES_LESSON, bilingual_course

MESSAGES = ROOT / "generator" / "messages"
EN = yaml.safe_load((MESSAGES / "en.yml").read_text(encoding="utf-8"))
ES = yaml.safe_load((MESSAGES / "es.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = bilingual_course(tmp_path_factory.mktemp("bilingual") / "course")
    result = project.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    return project


# ---------------------------------------------------------------- the catalogues


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_english_and_spanish_have_the_same_keys_and_placeholders() -> None:
    assert sorted(set(EN) - set(ES)) == [], "keys in en.yml without a Spanish text"
    assert sorted(set(ES) - set(EN)) == [], "keys in es.yml that English does not have"
    assert {k: (placeholders(EN[k]), placeholders(ES[k])) for k in EN if placeholders(EN[k]) != placeholders(ES[k])} == {}


def test_every_message_is_a_string_and_fills_in() -> None:
    for catalogue in (EN, ES):
        for key, text in catalogue.items():
            assert isinstance(text, str) and text.strip(), key
            text.format(**{name: "x" for name in placeholders(text)})  # no stray brace


SHAMING = re.compile(r"\b(wrong|fail\w*|incorrect\w*|incorrecto|incorrecta|falla\w*|fallo|mal)\b", re.IGNORECASE)
QUIZ_FILES = ["quiz.html.j2", "quiz-worksheet.html.j2", "answer-key.html.j2",
              *(p.name for p in (ROOT / "generator" / "templates").glob("question-*.j2")),
              *(p.name for p in (ROOT / "generator" / "templates").glob("answer-*.j2"))]


def test_no_message_or_quiz_template_tells_a_patient_they_are_wrong_or_failed() -> None:
    found = [f"{name}.yml {key}: {text}" for name, catalogue in (("en", EN), ("es", ES))
             for key, text in catalogue.items() if SHAMING.search(text)]
    for name in sorted(set(QUIZ_FILES)):
        text = (ROOT / "generator" / "templates" / name).read_text(encoding="utf-8")
        found += [f"templates/{name}: {m.group()}" for m in SHAMING.finditer(re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL))]
    script = (ROOT / "generator" / "assets" / "quiz.js").read_text(encoding="utf-8")
    found += [f"quiz.js: {m.group()}" for m in SHAMING.finditer(script)]
    assert found == []


# ---------------------------------------------------------------- no English in templates or scripts


class _Text(HTMLParser):
    """Text nodes and the attributes a person reads or hears, outside <script> and <style>."""

    SHOWN = ("aria-label", "title", "placeholder", "alt", "value", "data-messages")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in self.SHOWN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def shown_text(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return parser.parts


def fragments(text: str) -> list[str]:
    """The literal parts of a message around its placeholders, as they could show on a page."""
    return [part.strip(" .:;,·()“”\"") for part in re.split(r"\{\w*\}", text) if len(part.strip(" .:;,·()“”\"")) >= 2]


def test_templates_and_scripts_hold_no_english_interface_text(project: Project) -> None:
    markers = {key: f"⟦{key}⟧" for key in EN}
    mkdocs = project.root / "mkdocs.yml"
    config = mkdocs.read_text(encoding="utf-8")
    override = yaml.safe_dump({"messages": {"en": markers}}, allow_unicode=True)
    mkdocs.write_text(config.replace("  - course\n", "  - course:\n" + "".join("      " + line + "\n" for line in override.splitlines())),
                      encoding="utf-8")
    project.build()
    sources = "\n".join(p.read_text(encoding="utf-8") for p in project.root.rglob("*") if p.suffix in (".md", ".yml") and "site" not in p.parts)
    pages = {uri: project.page(uri) for uri in ("basics/first-lesson/index.html", "my-lessons/index.html", "assign/index.html")}
    for uri, page in pages.items():
        parts = shown_text(page)
        text = "\n".join(parts)
        assert "⟦" in text, uri
        leaks = []
        for key, english in EN.items():
            for fragment in fragments(english):
                if fragment in sources or fragment in config:
                    continue  # the author's words, not the interface's
                if " " in fragment:
                    if fragment in text:
                        leaks.append(f"{key}: {fragment!r}")
                elif any(part.strip(" .:;,·()") == fragment for part in parts):
                    leaks.append(f"{key}: {fragment!r}")
        assert leaks == [], f"{uri} shows English interface text that is not from the catalogue"
    lesson = pages["basics/first-lesson/index.html"]
    for key in ("quiz.check", "quiz.retry", "lesson.key_points", "lesson.print", "help.title", "help.crisis.name", "nav.my_lessons"):
        assert markers[key] in lesson, key
    # The scripts get their words through the page: each enhanced element carries its messages as JSON.
    quiz_messages = re.search(r'<section class="course-quiz"[^>]*data-messages="([^"]*)"', lesson)
    assert quiz_messages and json.loads(html.unescape(quiz_messages.group(1)))["right"] == "⟦quiz.js.right⟧"
    assert "⟦journey.js.notStarted⟧" in script_messages(pages["my-lessons/index.html"])
    assert "⟦assign.js.none⟧" in script_messages(pages["assign/index.html"])
    assert "⟦listen.js.pause⟧" in script_messages(lesson)
    assert "⟦support.js.forgotten⟧" in script_messages(lesson)  # on support.js's own element, on every page


def script_messages(page: str) -> set[str]:
    """Every text the page gives its scripts in data-messages attributes."""
    return {text for found in re.findall(r'data-messages="([^"]*)"', page) for text in json.loads(html.unescape(found)).values()}


def test_scripts_hold_no_interface_strings() -> None:
    """No script keeps a table of English words: the English of the catalogue is nowhere in them."""
    assets = ROOT / "generator" / "assets"
    for name in ("quiz.js", "journey.js", "assign.js", "catalogue.js", "listen.js", "print.js", "store.js", "support.js"):
        script = re.sub(r"/\*.*?\*/|^\s*//.*$", "", (assets / name).read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)
        literals = re.findall(r'"([^"\n]*)"|`([^`]*)`', script)
        words = [a or b for a, b in literals if re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", a or b) and (a or b) != "use strict"]
        assert words == [], f"{name} has interface text in it: {words}"


# ---------------------------------------------------------------- the Spanish site


def test_the_spanish_site_builds_in_strict_mode_with_materials_interface_in_spanish(bilingual: Project) -> None:
    home = bilingual.page("es/index.html")
    assert re.search(r'<html lang="es"', home)
    assert "Saltar a contenido" in home  # Material's own "Skip to content"
    assert 'placeholder="Búsqueda"' in home  # Material's search field
    assert ES["nav.my_lessons"] in home and ES["nav.home"] in home  # our navigation
    assert ES["help.title"] in home and ES["help.crisis.contact"] in home  # the help box, default lines in Spanish
    english = bilingual.page("index.html")
    assert re.search(r'<html lang="en"', english) and "Skip to content" in english and EN["help.title"] in english


def test_the_bundled_course_builds_in_spanish_in_strict_mode(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    lesson = (tmp_path / "site" / "es" / "meetings" / "your-first-meeting.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in lesson
    assert ES["lesson.key_points"] in lesson and ES["quiz.retry"] in lesson
    assert EN["lesson.key_points"] not in lesson and EN["quiz.retry"] not in lesson


def test_a_translated_lesson_is_in_spanish_with_spanish_interface(bilingual: Project) -> None:
    page = bilingual.page("es/basics/first-lesson/index.html")
    assert "La primera lección" in page and "¿Qué es un grupo?" in page
    assert ES["lesson.key_points"] in page and ES["quiz.check"] in page and ES["quiz.show_answer"] in page
    assert ES["language.fallback_note"] not in page


def test_an_untranslated_lesson_falls_back_to_english_with_a_note(bilingual: Project) -> None:
    page = bilingual.page("es/basics/second-lesson/index.html")
    assert '<html lang="es"' in page
    assert ES["language.fallback_note"] in page
    body = re.search(r'<div lang="en">(.*?)</div>', page, flags=re.DOTALL)
    assert body, "the English body is marked lang=\"en\""
    assert "kinds of meeting" in page or "Kinds" in body.group(1)
    assert ES["lesson.key_points"] in page  # the interface around it stays Spanish


# ---------------------------------------------------------------- check


def test_check_reports_missing_and_outdated_translations(tmp_path: Path) -> None:
    project = bilingual_course(tmp_path / "course")
    result = project.run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert re.search(r"second-lesson\.md.*no es translation", out), out
    assert "first-lesson.md" not in out.replace("second-lesson", ""), out  # up to date: nothing to say

    strict = project.run("check", "--strict")
    assert strict.returncode == 1

    english = project.root / "lessons" / "basics" / "first-lesson.md"
    was = fingerprint(english)
    english.write_text(english.read_text(encoding="utf-8") + "\nGroups meet every week.\n", encoding="utf-8")
    now = fingerprint(english)
    out = (lambda r: r.stdout + r.stderr)(project.run("check"))
    outdated = [line for line in out.splitlines() if "outdated translation" in line]
    assert outdated and ES_LESSON in outdated[0], out
    assert f"translated_from: {was}" in outdated[0] and now in outdated[0]
    assert project.run("check", "--strict").returncode == 1
