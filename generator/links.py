"""Links in source text: the `lesson:` scheme between lessons, and URLs that must never run code.

Used by `checks` (to refuse with a message and a line) and `render` (to rewrite and, as a second
line of defence, neutralise whatever reaches the HTML).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

# `[text](lesson:first-meeting)` or `[text](lesson:first-meeting#what-happens)`
LESSON_LINK = re.compile(r"\]\(lesson:([^)#\s]*)(?:#([^)\s]*))?\)")
MARKDOWN_TARGET = re.compile(r"\]\(\s*<?([^)>\s]+)")
HTML_TARGET = re.compile(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
UNSAFE_SCHEME = re.compile(r"^(?:javascript|vbscript|data|file):", re.IGNORECASE)
SAFE_DATA = re.compile(r"^data:image/(?:png|gif|jpe?g|webp);", re.IGNORECASE)


def normalise(url: str) -> str:
    """What a browser would make of the URL's scheme: entities decoded, spaces and controls dropped."""
    return re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))


def is_unsafe(url: str, image: bool = False) -> bool:
    """True for javascript:, vbscript:, file: and data: URLs (data: images are allowed in images)."""
    cleaned = normalise(url)
    if image and SAFE_DATA.match(cleaned):
        return False
    return bool(UNSAFE_SCHEME.match(cleaned))


def unsafe_targets(line: str) -> Iterator[str]:
    """Every link or source target on a line of Markdown or HTML that could run code."""
    # A Markdown target needs "](" and an HTML one "=": most lines have neither, and cost no pattern.
    for match in MARKDOWN_TARGET.finditer(line) if "](" in line else ():
        image = line[: match.start()].rstrip().endswith("!") or "![" in line[: match.start()]
        if is_unsafe(match.group(1), image=image):
            yield match.group(1)
    for match in HTML_TARGET.finditer(line) if "=" in line else ():
        url = next(group for group in match.groups() if group is not None)
        image = "src" in match.group(0).lower() and re.search(r"<img\b", line, re.IGNORECASE) is not None
        if is_unsafe(url, image=image):
            yield url


def neutralise_html(page_html: str) -> str:
    """Replace any code-running URL in rendered HTML with '#', whatever the raw-HTML setting."""

    def fix(match: re.Match[str]) -> str:
        url = next(group for group in match.groups() if group is not None)
        is_image_source = match.group(0).lower().startswith("src")
        if not is_unsafe(url, image=is_image_source):
            return match.group(0)
        name = match.group(0).split("=", 1)[0]
        return f'{name}="#"'

    return HTML_TARGET.sub(fix, page_html)


def escape_raw_html(markdown_text: str) -> str:
    """Show raw HTML in a Markdown body as text (for untrusted sources); code and autolinks stay as they are."""
    out = []
    in_fence = False
    for line in markdown_text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or line.lstrip().startswith(("```", "~~~")):
            out.append(line)
            continue
        parts = re.split(r"(`+[^`]*`+)", line)  # keep inline code spans untouched
        out.append("".join(part if part.startswith("`") else _escape_tags(part) for part in parts))
    return "\n".join(out)


def _escape_tags(text: str) -> str:
    return re.sub(r"<(?!(?:https?|mailto):)(?=[A-Za-z/!?])", "&lt;", text)
