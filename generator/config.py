"""Options of the `course` plugin in mkdocs.yml, with the defaults a US program starts from."""

from __future__ import annotations

import re

from mkdocs.config import base
from mkdocs.config import config_options as c


class HelpLine(base.Config):
    """One way to get help now, e.g. a crisis line."""

    name = c.Type(str)
    contact = c.Type(str)
    detail = c.Type(str, default="")
    href = c.Optional(c.Type(str))


def default_help_lines(messages: dict[str, str]) -> list[dict[str, str]]:
    """The US crisis lines a site shows unless the program sets help_lines, worded in the site's language."""
    return [
        {
            "name": messages["help.crisis.name"],
            "contact": messages["help.crisis.contact"],
            "detail": messages["help.crisis.detail"],
            "href": "tel:988",
        },
        {
            "name": messages["help.samhsa.name"],
            "contact": "1-800-662-4357",
            "detail": messages["help.samhsa.detail"],
            "href": "tel:+18006624357",
        },
    ]


class HexColor(c.Type):
    """A colour as #rgb or #rrggbb: the theme derives lighter, darker and readable text colours from it."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if not re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value):
            raise base.ValidationError(f"'{value}' is not a hex colour; write it like '#1b5e7a'")
        return value


class Language(base.Config):
    code = c.Type(str)  # e.g. "es": the folder lessons/es/ and the site folder site/es/
    name = c.Type(str)  # shown in the language switcher, in its own language: "Español"


class CourseConfig(base.Config):
    lessons_dir = c.Type(str, default="lessons")
    quizzes_dir = c.Type(str, default="quizzes")
    course_file = c.Optional(c.Type(str))  # default: <lessons_dir>/course.yml
    program_name = c.Type(str, default="")
    help_title = c.Optional(c.Type(str))  # default: the message `help.title` of the site's language
    help_lines = c.Optional(c.ListOfItems(c.SubConfig(HelpLine)))  # default: default_help_lines()
    # Branding (see README "Hosting"): a program makes the site its own here, with no template edits.
    logo = c.Optional(c.Type(str))  # an image file, from the folder of mkdocs.yml
    primary_color = c.Optional(HexColor())  # header and links; overrides the theme palette's named colour
    accent_color = c.Optional(HexColor())  # hover and focus
    contact_phone = c.Type(str, default="")  # the program's own number, in the help box and the footer
    footer_text = c.Type(str, default="")
    # What this site includes: empty means everything, e.g. `audiences: [patient, family]` leaves out clinician lessons.
    modules = c.ListOfItems(c.Type(str), default=[])
    audiences = c.ListOfItems(c.Choice(("patient", "family", "clinician")), default=[])
    # Raw HTML in lesson bodies: allowed for a program's own staff; set false for sources from elsewhere
    # (it is then shown as text). Links that could run code are refused either way.
    raw_html = c.Type(bool, default=True)
    # Languages: the interface follows theme.language; `languages` adds trees built from translated sources,
    # e.g. [{code: es, name: Español}] builds lessons/es/ into site/es/. `messages` overrides catalogue texts:
    # {en: {"quiz.check": "Check my answer"}}.
    languages = c.ListOfItems(c.SubConfig(Language), default=[])
    translate_audiences = c.ListOfItems(c.Choice(("patient", "family", "clinician")), default=["patient", "family"])
    messages = c.Type(dict, default={})
    # Author checks (`python -m generator check`): see generator/audit.py.
    reading_grade_max = c.Type((int, float), default=8.0)
    reading_audiences = c.ListOfItems(c.Choice(("patient", "family", "clinician")), default=["patient", "family"])
    review_months = c.Type(int, default=12)
    # Progress a patient saved is forgotten after this many days without use (store.js; not in shared-computer mode,
    # where it is gone when the browser closes).
    expiry_days = c.Type(int, default=30)
