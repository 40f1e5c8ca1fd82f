"""Hosting (issue 6) in Chromium: no request leaves the site, the site works from a folder (file://),
a lesson prints as a worksheet with its answer key last, Listen reads aloud, and the layout holds
at 320 px and at 200% zoom."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import Project
from hosting_support import BRAND_OPTIONS, LOGO, copy_bundled_course, with_course_options

# Requests that never leave the device: inline images and styles, object URLs.
ON_DEVICE = ("data:", "blob:", "about:")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled course (the project's own mkdocs.yml) built into a temporary folder."""
    project = copy_bundled_course(tmp_path_factory.mktemp("bundled") / "course")
    return project.build()


def html_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def search(page, term: str) -> None:
    """Search as a reader does, once Material's search has loaded its index (typing earlier may be lost)."""
    page.click(".md-search__input")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')", timeout=15_000
    )
    page.locator(".md-search__input").press_sequentially(term)  # key by key, as Material listens for keys
    page.wait_for_selector(".md-search-result__item", timeout=10_000)


def test_no_built_page_requests_anything_outside_the_site(bundled: Path, serve, browser) -> None:
    base = serve(bundled)
    pages = html_pages(bundled)
    context = browser.new_context()
    page = context.new_page()
    current = [""]
    outside: list[tuple[str, str]] = []
    broken: list[tuple[str, str]] = []
    page.on("request", lambda r: None if r.url.startswith((base, *ON_DEVICE)) else outside.append((current[0], r.url)))
    page.on("response", lambda r: broken.append((current[0], f"{r.status} {r.url}")) if r.status >= 400 else None)
    for uri in pages:
        current[0] = uri
        page.goto(base + uri, wait_until="networkidle")
    context.close()
    assert len(pages) >= 30, pages  # every module, lesson and hand-written page, the glossary and 404.html
    assert outside == [], f"requests outside the site: {outside}"
    assert broken == [], f"files the pages asked for and did not get: {broken}"


def test_site_opened_from_a_folder_searches_and_runs_a_quiz(bundled: Path, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith(("file://", *ON_DEVICE)) else outside.append(r.url))
    page.goto((bundled / "index.html").as_uri())

    # Search, from disk: Material's offline index and the local Worker shim.
    search(page, "sponsor")

    # Follow the navigation to the first lesson with a quiz, as a reader would.
    lesson = next(uri for uri in html_pages(bundled) if not uri.startswith("es/") and 'class="course-quiz"' in (bundled / uri).read_text())
    page.goto((bundled / lesson).as_uri())
    questions = page.locator("fieldset.course-question")
    total = questions.count()
    assert total > 0
    for index in range(total):
        question = questions.nth(index)
        kind = question.get_attribute("data-type")
        if kind in ("single", "true_false"):
            question.locator("input[type=radio]").first.check()
        elif kind == "multiple":
            question.locator("input[type=checkbox]").first.check()
        elif kind == "matching":
            for select in question.locator("select").all():
                select.select_option(index=1)
        question.locator("button.course-check").click()  # ordering: checked as shown
    result = page.locator(".course-result")
    assert re.search(rf"You got \d+ of {total} right", result.inner_text())

    # Progress is kept on the device: after a reload the quiz still shows its score.
    page.reload()
    assert re.search(rf"You got \d+ of {total} right", page.locator(".course-result").inner_text())
    context.close()
    assert errors == [] and outside == [], (errors, outside)


def test_lesson_prints_as_worksheet_with_answer_key_on_the_last_page(project: Project, serve, browser) -> None:
    lesson = project.root / "lessons/basics/first-lesson.md"
    lesson.write_text(lesson.read_text() + "\nFind a meeting on [AA's website](https://www.aa.org/find-aa).\n")
    site = project.build()
    page = browser.new_page()
    page.goto(serve(site) + "basics/first-lesson/")
    reader = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    page.close()
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    text = " ".join(pages[:-1])

    assert "The first lesson" in text and "A group is people who meet to help each other." in text
    assert "Course home" not in text and "Search" not in text, "navigation is printed"
    assert "Ask what the group expects." in text, "a closed <details> was not printed open"
    assert "AA's website (https://www.aa.org/find-aa)" in text, "link targets are not printed"
    assert "Get help now" in text
    # The quiz is a worksheet: questions and choices with boxes, no buttons, no answers.
    assert "Tick or fill in the boxes" in text and "What is a group?" in text
    assert "Show the answer" not in text and "Clear my answers" not in text
    assert "Answers:" not in text
    # The answer key is the last page, and only the key is there.
    assert pages[-1].strip().startswith("Answers: The first lesson")
    assert "Answer:" in pages[-1] and "Get help now" not in pages[-1]


# A stand-in for the browser's speech synthesis: Chromium without a desktop has no voices.
FAKE_SPEECH = """
window.__spoken = []; window.__calls = [];
const voices = %s;
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => voices,
  speak: (u) => { window.__spoken.push(u.text); if (%s) setTimeout(() => u.onend && u.onend(), 0); },
  pause: () => window.__calls.push("pause"),
  resume: () => window.__calls.push("resume"),
  cancel: () => window.__calls.push("cancel"),
  addEventListener: () => {},
}});
"""


def test_listen_reads_the_lesson_aloud_with_pause_and_stop(built_sample: Project, serve, page) -> None:
    page.add_init_script(FAKE_SPEECH % ('[{"name": "Test voice", "lang": "en-US"}]', "false"))
    page.goto(serve(built_sample.root / "site") + "basics/first-lesson/")
    listen, pause, stop = (page.get_by_role("button", name=name) for name in ("Listen", "Pause", "Stop"))
    assert listen.is_visible() and pause.is_disabled() and stop.is_disabled()
    listen.click()
    assert page.evaluate("window.__spoken") == ["The first lesson"]  # one block at a time, the title first
    pause.click()
    assert page.get_by_role("button", name="Resume").is_visible()
    page.get_by_role("button", name="Resume").click()
    stop.click()
    assert page.evaluate("window.__calls")[-3:] == ["pause", "resume", "cancel"]
    assert listen.is_enabled() and stop.is_disabled()


def test_listen_reads_lesson_text_but_not_the_quiz(built_sample: Project, serve, page) -> None:
    page.add_init_script(FAKE_SPEECH % ('[{"name": "Test voice", "lang": "en-US"}]', "true"))
    page.goto(serve(built_sample.root / "site") + "basics/first-lesson/")
    page.get_by_role("button", name="Listen").click()
    page.wait_for_function("document.querySelector('.course-listen').dataset.state === 'idle'")
    spoken = page.evaluate("window.__spoken")
    assert spoken[0] == "The first lesson" and "A group is people who meet to help each other. You can join one." in spoken
    assert "Groups are people helping each other." in spoken  # key points
    assert not [s for s in spoken if "What is a group?" in s or "Show the answer" in s or "Example. A source" in s]


def test_listen_is_hidden_where_the_browser_has_no_voices(built_sample: Project, serve, page) -> None:
    page.add_init_script(FAKE_SPEECH % ("[]", "false"))
    page.goto(serve(built_sample.root / "site") + "basics/first-lesson/")
    assert page.locator(".course-listen").is_hidden()
    assert page.get_by_role("button", name="Print this lesson").is_visible()


@pytest.mark.parametrize(("width", "scale"), [(320, 2), (640, 2)], ids=["phone-320px", "desktop-1280px-at-200%-zoom"])
def test_layout_holds_at_320px_and_200_percent_zoom(bundled: Path, serve, browser, width: int, scale: int) -> None:
    """No page scrolls sideways: 200% zoom of a 1280 px window is a 640 CSS px wide viewport."""
    base = serve(bundled)
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    page = context.new_page()
    too_wide = []
    for uri in html_pages(bundled):
        page.goto(base + uri)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append((uri, scroll_width))
    context.close()
    assert too_wide == []


def test_program_colours_and_logo_show_in_the_browser(project: Project, serve, page) -> None:
    with_course_options(project, BRAND_OPTIONS)
    project.write("branding/logo.svg", LOGO)
    page.goto(serve(project.build()) + "basics/first-lesson/")
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(27, 94, 122)"
    assert page.locator(".md-header img[src$='assets/course/logo.svg']").first.evaluate("img => img.naturalWidth > 0")


def test_privacy_page_forgets_only_what_this_course_saved(bundled: Path, serve, page) -> None:
    page.goto(serve(bundled) + "privacy.html")
    page.evaluate("""() => {
        localStorage.setItem("course:/:what-is-mutual-help:abc", "{}");
        localStorage.setItem("/.__palette", "{}");
        localStorage.setItem("/es/.__palette", "{}");
        localStorage.setItem("/other-course/.__palette", "keep");
        localStorage.setItem("another-app", "keep");
    }""")
    # The privacy page's own "Forget me", in its text (the bar at the top of the page has the same one).
    page.locator(".course-shared-switch").get_by_role("button", name="Forget me on this device").click()
    assert sorted(page.evaluate("Object.keys(localStorage)")) == ["/other-course/.__palette", "another-app"]
    expect(page.locator(".course-shared-switch [role=status]")).to_contain_text("everything this site saved")


def readme_nginx_headers() -> dict[str, str]:
    """The add_header lines of the README's nginx example, so the test and the README cannot drift apart."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = readme[readme.index("```nginx"):]
    example = example[:example.index("```", 3)]
    return dict(re.findall(r'add_header ([\w-]+) "([^"]+)" always;', example))


def test_site_works_under_the_readme_security_headers(bundled: Path, browser) -> None:
    """Served with the README's Content-Security-Policy, the browser refuses nothing the site needs."""
    import functools
    import http.server
    import threading

    headers = readme_nginx_headers()
    assert "Content-Security-Policy" in headers and headers.get("Referrer-Policy") == "no-referrer"

    class WithHeaders(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithHeaders, directory=str(bundled)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        lesson = next(uri for uri in html_pages(bundled) if not uri.startswith("es/") and 'class="course-quiz"' in (bundled / uri).read_text())
        page.goto(base + lesson, wait_until="networkidle")
        page.locator("fieldset.course-question button.course-check").first.wait_for()  # quiz.js ran
        search(page, "meeting")
    finally:
        context.close()
        server.shutdown()
    assert refused == []
