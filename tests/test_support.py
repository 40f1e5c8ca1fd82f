"""Issue 12, support for patients: wording that never shames, content notes, reflective questions (never
scored), confidence before and after, shared-computer mode and expiry, in the built HTML and the sources.
The browser behaviour is in tests/browser/test_support_browser.py."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Project

SUPPORT_LESSON = """\
---
id: support
title: When it gets hard
module: basics
order: 9
audience: [patient]
minutes: 5
objectives:
  setbacks: Know that setbacks happen to many people.
  help: Know where to get help.
key_points:
  - Setbacks happen to many people.
actions:
  - Save a help line in your phone.
references:
  - citation: "Example. A source about setbacks. 2020."
reviewed:
  date: 2026-01-01
  by: Counselor
content_note: "This lesson talks about relapse and overdose."
confidence:
  - id: find-help
    prompt: "How sure are you that you could find help tonight?"
  - id: keep-going
    prompt: "How sure are you that you could keep going to meetings?"
---

## Setbacks {#setbacks}

Setbacks happen to many people. They do not undo what you have learned.

## Help {#help}

Help is there day and night. You can call or text at any time.
"""

SUPPORT_QUIZ = """\
lesson: support
pass_mark: 80
questions:
  - id: ready
    type: reflective
    prompt: How ready do you feel to go to a meeting?
    options:
      - text: Ready
        response: That is good to hear.
      - text: Not sure yet
        response: That is fine. Take your time.
      - text: I don't feel safe
        flag: true
        response: Thank you for telling us. Please reach out now.
  - id: setbacks-happen
    type: true_false
    prompt: Setbacks happen to many people.
    answer: true
    feedback_true: Yes, they do.
    feedback_false: They do happen, to many people.
    explanation: Many people have setbacks, and they can keep going.
    objective: setbacks
    review: setbacks
  - id: where-help
    type: single
    prompt: When can you get help?
    objective: help
    review: help
    options:
      - text: Day and night
        correct: true
        feedback: Yes, at any time.
      - text: Only in office hours
        feedback: Help is there at any time.
    explanation: Help lines are open day and night.
"""


def add_support_lesson(project: Project) -> Project:
    """A lesson with a content note, two confidence questions, and a quiz with a flagged reflective question."""
    project.write("lessons/basics/support.md", SUPPORT_LESSON)
    project.write("quizzes/support.yml", SUPPORT_QUIZ)
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    import shutil

    from conftest import SAMPLE

    root = tmp_path_factory.mktemp("support") / "course"
    shutil.copytree(SAMPLE, root)
    project = add_support_lesson(Project(root))
    project.write("docs/privacy.md", '# Privacy\n\n<div class="course-shared-switch"></div>\n')
    project.build()
    return project


def lesson_html(project: Project) -> str:
    site = project.root / "site" / "basics"
    page = site / "support.html" if (site / "support.html").is_file() else site / "support" / "index.html"
    return page.read_text(encoding="utf-8")


# ---------------------------------------------------------------- wording that never shames

SHAMING = re.compile(r"\b(wrong|fail\w*|incorrect\w*|falla\w*)\b", re.IGNORECASE)
QUIZ_TEMPLATES = sorted(
    p for pattern in ("quiz*.j2", "question-*.j2", "answer-*.j2") for p in (ROOT / "generator" / "templates").glob(pattern)
)


def shown_text(template: str) -> str:
    """What a template shows: without Jinja comments and tags, HTML tags (with their attributes) and entities."""
    text = re.sub(r"\{#.*?#\}|\{##.*?##\}", " ", template, flags=re.DOTALL)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]*>", " ", text))


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_message_tells_a_patient_they_are_wrong_or_failed(language: str) -> None:
    messages = yaml.safe_load((ROOT / "generator" / "messages" / f"{language}.yml").read_text(encoding="utf-8"))
    found = {key: text for key, text in messages.items() if SHAMING.search(str(text))}
    assert found == {}, f"shaming words shown to patients: {found}"


@pytest.mark.parametrize("template", QUIZ_TEMPLATES, ids=lambda p: p.name)
def test_no_quiz_template_shows_wrong_or_fail(template: Path) -> None:
    assert QUIZ_TEMPLATES, "no quiz templates found"
    found = SHAMING.findall(shown_text(template.read_text(encoding="utf-8")))
    assert found == [], f"{template.name} shows {found} to patients"


def test_the_scan_would_catch_shaming_words() -> None:
    assert SHAMING.search("Wrong answer") and SHAMING.search("You failed") and SHAMING.search("Respuesta incorrecta")
    assert not SHAMING.search("Not quite: here is why.") and not SHAMING.search("worth another look")
    assert shown_text('{{ t("quiz.js.wrong") }} <span class="course-wrong">Not quite</span>').strip() == "Not quite"


# ---------------------------------------------------------------- the built lesson


def test_content_note_comes_first_with_the_help_lines_and_a_hide_button(built: Project) -> None:
    html = lesson_html(built)
    note = re.search(r'<div class="course-content-note" role="note".*?</div>', html, re.DOTALL)
    assert note, "no content note"
    assert "This lesson talks about relapse and overdose." in note.group(0)
    assert "988 Suicide &amp; Crisis Lifeline" in note.group(0) and 'href="tel:988"' in note.group(0)
    assert re.search(r'<button type="button" class="md-button course-content-note__hide" hidden>Hide this note</button>', note.group(0))
    assert html.index("course-content-note") < html.index('id="setbacks"')


def test_a_content_note_offers_the_same_help_as_the_help_box_with_the_programs_own_number(project: Project) -> None:
    from hosting_support import BRAND_OPTIONS, LOGO, with_course_options

    with_course_options(add_support_lesson(project), BRAND_OPTIONS)
    project.write("branding/logo.svg", LOGO)
    project.build()
    html = lesson_html(project)
    note = re.search(r'<div class="course-content-note".*?</ul>', html, re.DOTALL).group(0)
    box = re.search(r'<aside class="course-help".*?</aside>', html, re.DOTALL).group(0)
    lines = [re.findall(r"<li[^>]*>(.*?)</li>", part, re.DOTALL) for part in (note, box)]
    assert lines[0] == lines[1] and len(lines[0]) == 2
    assert "Samaritans" in lines[0][0] and "988" not in note
    assert "Riverside Recovery Center" in lines[0][1] and '<a href="tel:5550100199">(555) 010-0199</a>' in lines[0][1]


def test_confidence_is_asked_before_the_body_and_after_the_key_points(built: Project) -> None:
    html = lesson_html(built)
    before = html.index('data-when="before"')
    after = html.index('data-when="after"')
    assert before < html.index('id="setbacks"') < html.index('id="key-points"') < after < html.index('id="what-you-can-do"')
    for when in ("before", "after"):
        box = re.search(rf'<div class="course-confidence" data-lesson="support" data-when="{when}".*?</div>\s*</fieldset>\s*<fieldset.*?</fieldset>', html, re.DOTALL)
        assert box, when
        assert len(re.findall(r'type="radio"', box.group(0))) == 10  # two questions, 1 to 5
        assert "How sure are you that you could find help tonight?" in box.group(0)
        assert "(not sure at all)" in box.group(0) and "(very sure)" in box.group(0)


def test_reflective_questions_are_left_out_of_the_score(built: Project) -> None:
    html = lesson_html(built)
    data = json.loads(unescape(re.search(r'data-quiz="([^"]*)"', html).group(1)))
    assert [q["id"] for q in data["questions"]] == ["setbacks-happen", "where-help"]
    assert "2 questions. Get 80% right to pass." in html
    assert "Question 1 of 2" in html and "Question 2 of 2" in html and "of 3" not in html
    reflective = re.search(r'<fieldset class="course-reflective".*?</fieldset>', html, re.DOTALL).group(0)
    assert "course-check" not in reflective and "course-question" not in reflective
    assert 'data-flag="1"' in reflective and "<template class=\"course-reflective-help\">" in reflective
    # Not on the paper worksheet or its answer key either.
    worksheet = re.search(r'<div class="course-print-only course-worksheet".*?</div>\s*</div>\s*</div>', html, re.DOTALL).group(0)
    assert "How ready do you feel" not in worksheet


def test_store_js_runs_first_with_the_expiry_and_support_js_is_on_every_page(built: Project) -> None:
    for page in (lesson_html(built), (built.root / "site" / "index.html").read_text(encoding="utf-8")):
        scripts = [s for s in re.findall(r'<script src="([^"]*assets/course/[^"]+)"', page) if "iframe-worker" not in s]
        assert scripts[0].endswith("store.js"), scripts
        tag = re.search(r'<script src="[^"]*store\.js"[^>]*>', page)
        assert tag and 'data-expiry-days="30"' in tag.group(0)
        # Not deferred, and after the theme's __md_set: it must redirect the theme's settings before they are read.
        assert " defer" not in tag.group(0) and page.index("__md_set=") < tag.start() < page.index("<body")
        assert any(s.endswith("support.js") for s in scripts)
        assert "I&#39;m on a shared computer" in page or "I'm on a shared computer" in page
        assert "Forget me on this device" in page


def test_a_program_sets_the_expiry(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write("mkdocs.yml", config.replace("  - course", "  - course:\n      expiry_days: 7", 1))
    project.build()
    assert 'data-expiry-days="7"' in project.page("index.html")


def test_my_lessons_knows_each_lessons_confidence_questions(built: Project) -> None:
    from generator.journey import MY_LESSONS_URI

    site = built.root / "site"
    html = next(p for p in site.rglob("*.html") if Path(MY_LESSONS_URI).stem in p.as_posix()).read_text(encoding="utf-8")
    tag = re.search(r'<li [^>]*data-lesson="support"[^>]*>', html).group(0)
    found = re.search(r'data-confidence="([^"]*)"', tag)
    assert found, f"no confidence data for the support lesson: {tag}"
    value = json.loads(unescape(found.group(1)))
    assert value[0] == {"id": "find-help", "prompt": "How sure are you that you could find help tonight?"}


# ---------------------------------------------------------------- sources, checks, exports


def test_a_quiz_of_only_reflective_questions_is_an_error(project: Project) -> None:
    add_support_lesson(project)
    quiz = SUPPORT_QUIZ.split("  - id: setbacks-happen")[0]
    project.write("quizzes/support.yml", quiz)
    result = project.run("check")
    assert result.returncode == 1
    assert "every question is reflective, so there is nothing to score" in result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_question_bank_exports_leave_reflective_questions_out_with_a_note(project: Project, fmt: str) -> None:
    add_support_lesson(project)
    result = project.run("export", fmt, "-o", str(project.root / f"bank.{fmt}"))
    assert result.returncode == 0, result.stderr
    assert "left out question 'ready': a reflective question has no right answer and is never scored" in result.stdout + result.stderr
    text = (project.root / f"bank.{fmt}").read_text(encoding="utf-8")
    assert "How ready do you feel" not in text and "Setbacks happen to many people" in text


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


PATIENT_LESSONS = [
    p for p in sorted((ROOT / "lessons").glob("*/*.md"))
    if p.parent.name != "es" and "patient" in _front_matter(p)["audience"]
]


@pytest.mark.parametrize("path", PATIENT_LESSONS, ids=lambda p: p.stem)
def test_every_bundled_patient_lesson_asks_how_sure_the_patient_feels(path: Path) -> None:
    confidence = _front_matter(path).get("confidence") or []
    assert 1 <= len(confidence) <= 2
    assert all(q["prompt"].startswith("How sure are you") for q in confidence)


def test_bundled_lessons_about_relapse_and_crisis_carry_a_content_note() -> None:
    assert len(PATIENT_LESSONS) == 20
    noted = {p.stem for p in PATIENT_LESSONS if _front_matter(p).get("content_note")}
    assert {"why-people-stop-going", "help-right-now", "bridging-the-gap"} <= noted
