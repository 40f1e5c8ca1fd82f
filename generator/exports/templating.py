"""The Jinja2 environment of the export templates (`generator/exports/templates/`)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def templates(autoescape: bool) -> Environment:
    """XML and HTML templates escape every value (`autoescape`); text formats escape by their own rules."""
    return Environment(
        loader=PackageLoader("generator.exports", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
