"""Exports of the checked course for learning management systems (LMS), and the GIFT import.

One module per format, each reading the same checked course (`checks.load_course`):
    scorm        a SCORM 1.2 package: the built site plus a launch page that reports to the LMS
    gift         a GIFT question bank          moodle_xml   a Moodle XML question bank
    gift_parser  GIFT text -> questions with their lines (Moodle's rules, no project types)
    gift_import  parsed GIFT -> a quiz source of this project
    bank         what both bank formats take from the course: quizzes in order, categories
    templating   the Jinja2 environment of the templates below
    commands     the `export` and `import` subcommands of `python -m generator`
Templates are in `templates/`, the SCORM runtime scripts in `assets/`, the SCORM 1.2 XSDs in
`schemas/scorm12/` (copied from an npm package by `make`, see schemas/scorm12/SOURCE).
"""
