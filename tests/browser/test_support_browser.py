"""Issue 12 in Chromium: content notes dismiss with the keyboard and stay dismissed, reflective questions never
touch the score and a flagged answer shows the help lines at once, confidence before and after reaches My lessons,
shared-computer mode keeps localStorage empty, old progress expires, "Forget me" clears all in one click, axe-clean."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from test_support import add_support_lesson

from .conftest import Site, copy_quiz_course

PAGE = "basics/support/"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
# Everything the course keeps, in one storage area, as {key: value}.
KEYS = "(area) => Object.fromEntries(Object.keys(window[area]).filter((k) => k.startsWith(courseStore.prefix)).map((k) => [k, window[area].getItem(k)]))"


@pytest.fixture(scope="module")
def support_site(tmp_path_factory: pytest.TempPathFactory, serve) -> Site:
    project = add_support_lesson(copy_quiz_course(tmp_path_factory.mktemp("support") / "course"))
    project.write("docs/privacy.md", '# Privacy\n\n<div class="course-shared-switch"></div>\n')
    project.build()
    return Site(project, serve(project.root / "site"))


def stored(page, area: str = "localStorage") -> dict[str, str]:
    return page.evaluate(KEYS, area)


def answer_scored_questions_right(page) -> None:
    quiz = page.locator(".course-quiz")
    quiz.locator("#q-support-setbacks-happen").get_by_label("True", exact=True).check()
    quiz.locator("#q-support-setbacks-happen").get_by_role("button", name=re.compile("^Check")).click()
    quiz.locator("#q-support-where-help").get_by_label("Day and night").check()
    quiz.locator("#q-support-where-help").get_by_role("button", name=re.compile("^Check")).click()


def test_content_note_dismisses_with_the_keyboard_and_stays_dismissed(support_site: Site, open_page) -> None:
    page = open_page(support_site.url + PAGE)
    note = page.get_by_role("note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("This lesson talks about relapse and overdose.")
    expect(note.get_by_role("link", name="Call or text 988")).to_be_visible()
    # Tab from the last help line in the note to "Hide this note", then Enter.
    note.locator(".course-help__lines a").last.focus()
    page.keyboard.press("Tab")
    hide = note.get_by_role("button", name="Hide this note")
    expect(hide).to_be_focused()
    page.keyboard.press("Enter")
    expect(note).to_be_hidden()
    show = page.get_by_role("button", name="Show the note about this lesson")
    expect(show).to_be_focused()
    page.reload()
    expect(page.locator(".course-content-note")).to_be_hidden()
    expect(show).to_be_visible()
    show.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("note")).to_be_visible()


def test_without_javascript_the_note_simply_shows(support_site: Site, open_page) -> None:
    page = open_page(support_site.url + PAGE, java_script_enabled=False)
    expect(page.get_by_role("note")).to_be_visible()
    expect(page.get_by_role("button", name="Hide this note")).to_be_hidden()
    expect(page.locator(".course-confidence")).to_have_count(2)
    expect(page.locator(".course-confidence").first).to_be_hidden()  # nothing could be kept


@pytest.mark.parametrize("choice", ["Ready", "I don't feel safe"])
def test_reflective_questions_never_affect_the_score(support_site: Site, open_page, choice: str) -> None:
    page = open_page(support_site.url + PAGE)
    page.locator(".course-reflective").get_by_label(choice).check()
    answer_scored_questions_right(page)
    result = page.locator(".course-result")
    expect(result).to_contain_text("You got 2 of 2 right (100%).")
    expect(result).to_contain_text("That meets the pass mark of 80%.")
    result_key = page.evaluate("courseStore.prefix") + "result:support"
    saved = stored(page)
    if result_key in saved:
        assert '"percent":100' in saved[result_key] and '"total":2' in saved[result_key]


def test_flagged_answer_shows_the_help_lines_at_once(support_site: Site, open_page) -> None:
    page = open_page(support_site.url + PAGE)
    question = page.locator(".course-reflective")
    feedback = question.locator(".course-reflective-feedback")
    expect(feedback).to_have_attribute("role", "status")
    question.get_by_label("Not sure yet").check()
    expect(feedback).to_have_text("That is fine. Take your time.")
    expect(feedback.get_by_role("link")).to_have_count(0)
    question.get_by_label("I don't feel safe").check()
    expect(feedback).to_contain_text("Thank you for telling us. Please reach out now.")
    expect(feedback).to_contain_text("You do not have to face this alone.")
    expect(feedback.get_by_role("link", name="Call or text 988")).to_be_visible()
    expect(question.get_by_label("I don't feel safe")).to_be_focused()  # the focus stays with the patient's choice
    assert '"choice":2' in stored(page)[page.evaluate("courseStore.prefix") + "reflect:support:ready"]
    page.reload()  # restored quietly, help lines still there
    expect(page.locator(".course-reflective").get_by_label("I don't feel safe")).to_be_checked()
    expect(page.locator(".course-reflective-feedback").get_by_role("link", name="Call or text 988")).to_be_visible()


def test_confidence_before_and_after_is_saved_and_shown_on_my_lessons(support_site: Site, open_page) -> None:
    page = open_page(support_site.url + PAGE)
    before = page.locator('.course-confidence[data-when="before"]')
    after = page.locator('.course-confidence[data-when="after"]')
    expect(before).to_contain_text("Before you start")
    expect(after).to_contain_text("Now that you have read it")
    before.get_by_role("group", name="How sure are you that you could find help tonight?").get_by_label("2", exact=True).check()
    expect(before.locator(".course-confidence__status")).to_have_text("Saved on this device.")
    after.get_by_role("group", name="How sure are you that you could find help tonight?").get_by_label("5 (very sure)").check()
    expect(after.locator(".course-confidence__status")).to_have_text("Before 2, after 5")
    key = page.evaluate("courseStore.prefix") + "confidence:support"
    assert page.evaluate(f"JSON.parse(localStorage.getItem({key!r}))") == {"before": {"find-help": 2}, "after": {"find-help": 5}}
    page.reload()
    expect(before.get_by_label("2", exact=True).first).to_be_checked()

    page.goto(support_site.url + "my-lessons/")
    summary = page.locator(".course-support-summary")
    expect(summary.get_by_role("heading", name="How sure you feel, before and after")).to_be_visible()
    expect(summary.locator("tbody tr")).to_have_text([re.compile(r"When it gets hard\s*How sure are you that you could find help tonight\?\s*Before 2, after 5")])

    # The completion record shows the change; reflections only when the patient ticks the box.
    page.goto(support_site.url + PAGE)
    page.locator(".course-reflective").get_by_label("Ready").check()
    page.goto(support_site.url + "record/")
    record = page.locator(".course-support-summary")
    expect(record).to_contain_text("Before 2, after 5")
    expect(record).not_to_contain_text("How ready do you feel")
    record.get_by_label("Include my reflections").check()
    expect(record.get_by_role("heading", name="My reflections")).to_be_visible()
    expect(record).to_contain_text("How ready do you feel to go to a meeting? Ready")
    expect(record.get_by_label("Include my reflections")).to_be_focused()


def test_shared_mode_keeps_local_storage_empty(support_site: Site, open_page) -> None:
    page = open_page(support_site.url + PAGE)
    switch = page.get_by_role("checkbox", name="I'm on a shared computer")
    expect(switch).to_be_visible()
    switch.focus()
    page.keyboard.press("Space")
    expect(switch).to_be_checked()
    answer_scored_questions_right(page)
    page.locator(".course-reflective").get_by_label("Ready").check()
    page.locator('.course-confidence[data-when="before"]').get_by_label("3", exact=True).first.check()
    page.get_by_role("button", name="Hide this note").click()
    assert stored(page) == {}, stored(page)
    session = stored(page, "sessionStorage")
    prefix = page.evaluate("courseStore.prefix")
    for name in ("shared", "confidence:support", "reflect:support:ready", "note-hidden:support"):
        assert prefix + name in session, session
    assert any(re.fullmatch(re.escape(prefix) + r"support:[0-9a-f]{12}", k) for k in session)
    # On the next page and on the privacy page the switch is still on.
    page.goto(support_site.url + "privacy/")
    expect(page.get_by_role("checkbox", name="I'm on a shared computer")).to_have_count(2)
    for box in page.get_by_role("checkbox", name="I'm on a shared computer").all():
        expect(box).to_be_checked()
    assert stored(page) == {}


def test_shared_mode_keeps_the_themes_own_settings_out_of_local_storage_too(support_site: Site, open_page) -> None:
    """Material saves the colour scheme the patient picks: in shared mode that goes to sessionStorage as well."""
    page = open_page(support_site.url + PAGE)
    page.get_by_role("checkbox", name="I'm on a shared computer").check()
    assert page.evaluate("Object.keys(localStorage)") == []
    page.get_by_title("Switch to dark mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(support_site.url + "privacy/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")  # still dark: kept for the session
    assert page.evaluate("Object.keys(localStorage)") == []
    assert any(key.endswith(".__palette") for key in page.evaluate("Object.keys(sessionStorage)"))

    # Switched off, the setting is kept on the device again, like the progress.
    page.get_by_role("checkbox", name="I'm on a shared computer").first.uncheck()
    assert any(key.endswith(".__palette") for key in page.evaluate("Object.keys(localStorage)"))
    assert not any(key.endswith(".__palette") for key in page.evaluate("Object.keys(sessionStorage)"))


def test_progress_not_used_for_longer_than_the_expiry_is_cleared(support_site: Site, open_page) -> None:
    page = open_page(support_site.url + PAGE)
    answer_scored_questions_right(page)
    prefix = page.evaluate("courseStore.prefix")
    quiz_keys = [k for k in stored(page) if re.fullmatch(re.escape(prefix) + r"support:[0-9a-f]{12}", k)]
    assert quiz_keys
    page.evaluate(f"localStorage.setItem({prefix + 'last-used'!r}, String(Date.now() - 31 * 864e5))")
    page.reload()
    expect(page.locator(".course-quiz.course-js")).to_have_count(1)
    assert not set(quiz_keys) & set(stored(page))
    expect(page.locator(".course-quiz input:checked")).to_have_count(0)

    # 29 days is not yet too long.
    answer_scored_questions_right(page)
    page.evaluate(f"localStorage.setItem({prefix + 'last-used'!r}, String(Date.now() - 29 * 864e5))")
    page.reload()
    expect(page.locator(".course-quiz input:checked")).to_have_count(2)


def test_forget_me_clears_everything_in_one_click(support_site: Site, open_page) -> None:
    page = open_page(support_site.url + PAGE)
    answer_scored_questions_right(page)
    page.locator(".course-reflective").get_by_label("Ready").check()
    site = page.evaluate("courseStore.prefix").split(":")[1]
    page.evaluate(f"localStorage.setItem({site + '.__palette'!r}, '{{}}'); sessionStorage.setItem({site + '.__search'!r}, 'x')")
    page.evaluate("sessionStorage.setItem(courseStore.prefix + 'x', '1')")
    assert stored(page) and stored(page, "sessionStorage")
    page.get_by_role("button", name="Forget me on this device").click()
    expect(page.locator(".course-shared-bar [role=status]")).to_have_text("Done: everything this site saved on this device is gone.")
    assert stored(page) == {} and stored(page, "sessionStorage") == {}
    leftover = page.evaluate(f"[...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith({site + '.__'!r}))")
    assert leftover == []
    expect(page.locator(".course-reflective input:checked")).to_have_count(0)


def violations(page) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_before_and_after_interacting(support_site: Site, open_page, scheme: str) -> None:
    page = open_page(support_site.url + PAGE, color_scheme=scheme)
    expect(page.locator(".course-confidence").first).to_be_visible()
    assert violations(page) == []
    page.locator('.course-confidence[data-when="before"]').get_by_label("2", exact=True).first.check()
    page.locator('.course-confidence[data-when="after"]').get_by_label("4", exact=True).first.check()
    page.locator(".course-reflective").get_by_label("I don't feel safe").check()
    answer_scored_questions_right(page)
    page.get_by_role("checkbox", name="I'm on a shared computer").check()
    page.get_by_role("button", name="Hide this note").click()
    assert violations(page) == []
    page.get_by_role("button", name="Show the note about this lesson").click()
    assert violations(page) == []
