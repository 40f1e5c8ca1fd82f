"""The Spanish site in Chromium: a quiz answered in Spanish says so in Spanish, the language switcher keeps
the reader on the same lesson, and axe-core finds nothing to fix on Spanish pages (their lang included)."""

from __future__ import annotations

import re

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import ROOT
from i18n_support import ES_FEEDBACK_NOT, ES_FEEDBACK_RIGHT, bilingual_course

from .conftest import Site

ES = yaml.safe_load((ROOT / "generator" / "messages" / "es.yml").read_text(encoding="utf-8"))
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
ES_LESSON = "es/basics/first-lesson/"
EN_LESSON = "basics/first-lesson/"


@pytest.fixture(scope="module")
def bilingual_site(tmp_path_factory: pytest.TempPathFactory, serve) -> Site:
    project = bilingual_course(tmp_path_factory.mktemp("bilingual") / "course")
    project.build()
    return Site(project, serve(project.root / "site"))


def fill(text: str, **values: object) -> str:
    return text.format(**values)


def answer_in_spanish(page) -> None:
    """The first question right, the second not; both checked."""
    page.get_by_label("Personas que se ayudan entre sí").check()
    page.locator("#q-first-lesson-what-group .course-check").click()
    page.get_by_label("Una cuota").check()
    page.locator("#q-first-lesson-cost .course-check").click()


def test_a_quiz_completed_in_spanish_gives_spanish_feedback(bilingual_site: Site, open_page) -> None:
    page = open_page(bilingual_site.url + ES_LESSON)
    expect(page.locator(".course-quiz.course-js")).to_have_count(1)
    expect(page.locator("#q-first-lesson-what-group .course-check")).to_contain_text(ES["quiz.check"])
    answer_in_spanish(page)
    right = page.locator("#q-first-lesson-what-group .course-feedback")
    expect(right).to_contain_text(ES["quiz.js.right"])
    expect(right).to_contain_text(ES_FEEDBACK_RIGHT)
    not_yet = page.locator("#q-first-lesson-cost .course-feedback")
    expect(not_yet).to_contain_text(ES["quiz.js.why"])  # "No exactamente: esta es la razón."
    expect(not_yet).to_contain_text(ES_FEEDBACK_NOT)
    expect(not_yet).to_contain_text(ES["quiz.js.notThis"])
    result = page.locator(".course-result")
    expect(result).to_contain_text(fill(ES["quiz.js.score"], n=1, total=2, p=50))  # "Acertó 1 de 2 (50%)."
    expect(result).to_contain_text(fill(ES["quiz.js.pass"], m=50))
    expect(result).to_contain_text(ES["quiz.js.reread"].strip())
    expect(page.locator(".course-retry")).to_have_text(ES["quiz.retry"])
    for english in ("Right.", "Not quite", "You got", "Re-read"):
        expect(page.locator(".course-quiz")).not_to_contain_text(english)


def switch_language(page, code: str) -> None:
    # Once the page is idle, Material has read each language's sitemap and would take over the click.
    page.wait_for_load_state("networkidle")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f".md-select__link[hreflang={code}]").click()


def test_the_language_switcher_keeps_the_reader_on_the_same_lesson(bilingual_site: Site, open_page) -> None:
    page = open_page(bilingual_site.url + EN_LESSON)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch_language(page, "es")
    expect(page).to_have_url(bilingual_site.url + ES_LESSON)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_contain_text("La primera lección")
    switch_language(page, "en")
    expect(page).to_have_url(bilingual_site.url + EN_LESSON)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("The first lesson")


def test_the_switcher_link_is_followed_as_written_not_taken_over_by_the_theme(bilingual_site: Site, open_page) -> None:
    """Material listens for clicks on the page body and sends a language link to that language's home page
    when its sitemap does not list the page (it lists none without a site_url); which sitemap it reads
    first decides, so the switcher above only fails now and then. The click must never get there."""
    page = open_page(bilingual_site.url + EN_LESSON)
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
        window.addEventListener("click", (e) => e.preventDefault(), true);  // stay on this page to look
        document.body.addEventListener("click", () => { window.reachedTheBody = true; });
    }""")
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang=es]").click()
    assert page.evaluate("window.reachedTheBody === undefined")
    assert page.locator(".md-select__link[hreflang=es]").get_attribute("href").endswith("es/basics/first-lesson/")


def test_shared_mode_and_forget_me_cover_both_languages(bilingual_site: Site, open_page) -> None:
    """A patient on a ward computer who switches language stays in shared mode; "Forget me" in one language
    forgets what they did in the other too."""
    page = open_page(bilingual_site.url + EN_LESSON)
    page.get_by_role("checkbox", name="I'm on a shared computer").check()
    switch_language(page, "es")
    expect(page).to_have_url(bilingual_site.url + ES_LESSON)
    expect(page.get_by_role("checkbox", name=ES["support.shared.label"])).to_be_checked()
    answer_in_spanish(page)
    assert page.evaluate("Object.keys(localStorage)") == []
    assert page.evaluate("courseStore.names()"), "the Spanish answers are kept for the session"

    # Back in English with the switch off: the answers move to the device, and one "Forget me" clears all.
    switch_language(page, "en")
    page.get_by_role("checkbox", name="I'm on a shared computer").uncheck()
    assert page.evaluate("Object.keys(localStorage)") != []
    page.evaluate("localStorage.setItem(location.pathname.split('basics/')[0] + 'es/.__palette', '{}')")
    page.get_by_role("button", name="Forget me on this device").click()
    assert page.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]") == []


def axe(page) -> tuple[list[str], set[str]]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}}).response
    problems = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in result["violations"]]
    return problems, {rule["id"] for rule in result["passes"]}


def test_no_axe_violations_on_a_spanish_lesson_before_and_after_answering(bilingual_site: Site, open_page) -> None:
    page = open_page(bilingual_site.url + ES_LESSON)
    expect(page.locator(".course-quiz.course-js")).to_have_count(1)
    problems, passed = axe(page)
    assert problems == []
    assert {"html-has-lang", "html-lang-valid"} <= passed
    answer_in_spanish(page)
    page.locator(".course-show-answers").click()
    page.locator(".course-retry").focus()  # off the pressed button's hover colour, as a reader moves on
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)  # Material's buttons fade their colours: measure them once settled
    expect(page.locator(".course-result")).to_contain_text(fill(ES["quiz.js.score"], n=1, total=2, p=50))
    problems, _ = axe(page)
    assert problems == []


@pytest.mark.parametrize("uri", ["es/", "es/basics/second-lesson/", "es/my-lessons/"])
def test_no_axe_violations_on_spanish_pages(bilingual_site: Site, open_page, uri: str) -> None:
    page = open_page(bilingual_site.url + uri)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    problems, passed = axe(page)
    assert problems == []
    assert {"html-has-lang", "html-lang-valid"} <= passed
    if "second-lesson" in uri:  # the English body of an untranslated lesson says it is English
        expect(page.locator('.md-content [lang="en"]').first).to_be_attached()
        assert "valid-lang" in passed
