"""Options of the `course` plugin in mkdocs.yml, with the defaults a US program starts from."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class HelpLine(base.Config):
    """One way to get help now, e.g. a crisis line."""

    name = c.Type(str)
    contact = c.Type(str)
    detail = c.Type(str, default="")
    href = c.Optional(c.Type(str))


DEFAULT_HELP_LINES = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "contact": "Call or text 988",
        "detail": "Free, 24/7. Press 2 for Spanish.",
        "href": "tel:988",
    },
    {
        "name": "SAMHSA National Helpline",
        "contact": "1-800-662-4357",
        "detail": "Free, confidential treatment referral, 24/7, in English and Spanish.",
        "href": "tel:+18006624357",
    },
]


class CourseConfig(base.Config):
    lessons_dir = c.Type(str, default="lessons")
    quizzes_dir = c.Type(str, default="quizzes")
    course_file = c.Optional(c.Type(str))  # default: <lessons_dir>/course.yml
    program_name = c.Type(str, default="")
    help_title = c.Type(str, default="Get help now")
    help_lines = c.ListOfItems(c.SubConfig(HelpLine), default=DEFAULT_HELP_LINES)
