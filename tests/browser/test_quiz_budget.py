"""The quiz JavaScript and CSS a quiz page loads stay within 6 KB gzipped (bench/quiz_weight.py prints the figures)."""

from __future__ import annotations

import gzip

from .conftest import QUIZ_PAGE, Site

BUDGET = 6 * 1024


def test_quiz_assets_a_page_loads_fit_the_budget(quiz_site: Site, open_page) -> None:
    page = open_page("")
    loaded: dict[str, bytes] = {}
    page.on("response", lambda r: loaded.__setitem__(r.url, r.body()) if "/assets/course/quiz." in r.url else None)
    page.goto(quiz_site.url + QUIZ_PAGE)
    page.wait_for_load_state("networkidle")
    assert sorted(url.rsplit("/", 1)[1] for url in loaded) == ["quiz.css", "quiz.js"]
    gzipped = sum(len(gzip.compress(body, compresslevel=9)) for body in loaded.values())
    assert gzipped <= BUDGET, f"quiz JS + CSS is {gzipped} bytes gzipped, over the {BUDGET}-byte budget"


def test_pages_without_a_quiz_load_no_quiz_assets(quiz_site: Site, open_page) -> None:
    page = open_page("")
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(quiz_site.url + "about/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in urls if "/assets/course/quiz." in u]
