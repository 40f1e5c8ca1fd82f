"""With Material's instant navigation the page is not reloaded: the quiz must still start and restore."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import QUIZ_PAGE
from .test_quiz_browser import ANSWERS, feedback, question


def test_quiz_works_and_restores_under_instant_navigation(quiz_project, serve, open_page) -> None:
    # Material follows links instantly only to pages in its sitemap, whose addresses come from site_url:
    # so the server starts first and site_url names its port.
    url = serve(quiz_project.root / "site")
    config = quiz_project.root / "mkdocs.yml"
    text = config.read_text()
    text = text.replace("theme:\n  name: material\n", "theme:\n  name: material\n  features: [navigation.instant]\n")
    config.write_text(f"site_url: {url}\n{text}")
    quiz_project.build()

    page = open_page(url)  # the course home: no quiz, so no quiz.js or quiz.css yet
    page.wait_for_load_state("networkidle")  # Material reads the sitemap before it takes over links
    assert page.locator("script[src*='quiz.js']").count() == 0
    page.evaluate("window.sameDocument = true")

    page.locator("article").get_by_role("link", name="Groups and meetings").click()
    expect(page).to_have_url(url + QUIZ_PAGE)
    expect(page.locator(".course-quiz.course-js")).to_have_count(1)
    assert page.evaluate("window.sameDocument") is True, "the page was reloaded: instant navigation is off"
    # The stylesheet came along with the page's head.
    assert page.locator(".course-option").first.evaluate("e => getComputedStyle(e).display") == "flex"

    ANSWERS["single"]["right"](question(page, "what-is-it"))
    question(page, "what-is-it").get_by_role("button", name=re.compile("^Check")).click()
    expect(feedback(page, "what-is-it")).to_contain_text("Right.")

    page.locator("nav").get_by_role("link", name="About").first.click()
    expect(page.locator("article h1")).to_have_text(re.compile("About"))
    page.go_back()
    expect(page).to_have_url(url + QUIZ_PAGE)
    expect(page.locator(".course-quiz.course-js")).to_have_count(1)
    expect(question(page, "what-is-it").get_by_label("People with the same problem who help each other")).to_be_checked()
    expect(feedback(page, "what-is-it")).to_contain_text("Right.")
    assert page.evaluate("window.sameDocument") is True

    # Checking still works on the restored page, once: the script did not start twice.
    ANSWERS["true_false"]["right"](question(page, "advice"))
    question(page, "advice").get_by_role("button", name=re.compile("^Check")).click()
    expect(feedback(page, "advice").locator(".course-verdict")).to_have_count(1)
    expect(feedback(page, "advice")).to_contain_text("Right.")
