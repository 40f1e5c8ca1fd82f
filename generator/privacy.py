"""Private by construction: find what in a built page would make the browser contact another site.

A link the patient chooses to follow is fine. What a page loads by itself (images, scripts,
styles, frames, media, fonts, preconnects) would tell another server that someone is reading
this course, so the build stops and names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# Attributes that make the browser fetch a URL as soon as the page loads, by tag.
FETCHED = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=…> values that fetch or open a connection; rel=canonical or alternate only name a page.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "preconnect",
                 "dns-prefetch", "modulepreload", "manifest", "prerender"}
# Any scheme followed by //, or a protocol-relative //host: data: and blob: stay on the device.
EXTERNAL_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# Every element that may load something: those above, <link>, <style>, any style attribute, and templates.
SELECTOR = ",".join([*FETCHED, "link", "style", "template", "[style]"])
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class ExternalRequest:
    tag: str
    url: str


def external_requests(html: str) -> list[ExternalRequest]:
    """Every URL on another site that the page would load without the reader clicking anything.

    The page is parsed as a browser parses it (lexbor, an HTML5 parser: `<image>` becomes `<img>`, SVG is
    foreign content), in C, so checking every page of an 800-lesson course stays a small share of a build."""
    found: list[ExternalRequest] = []
    _scan(LexborHTMLParser(html), found)
    return found


def report(source: str, found: list[ExternalRequest]) -> str:
    lines = [f"{source}: the page would load files from other sites, which tells them someone reads this course:"]
    lines += [f"  <{item.tag}> {item.url}" for item in found]
    lines.append("  Put the file in docs/ (e.g. docs/images/) and point to it there; plain links to other sites are fine.")
    return "\n".join(lines)


def _scan(tree: LexborHTMLParser, found: list[ExternalRequest]) -> None:
    def add(tag: str, url: str) -> None:
        if EXTERNAL_URL.match(url):
            found.append(ExternalRequest(tag, url.strip()))

    for node in tree.css(SELECTOR):
        tag, values = node.tag, {name: value or "" for name, value in node.attributes.items()}
        names = FETCHED.get(tag, ())
        if tag == "link":
            names = ("href",) if FETCHING_RELS & set(values.get("rel", "").lower().split()) else ()
        for name in names:
            for url in _urls(name, values.get(name, "")):
                add(tag, url)
        for url in _css_urls(values.get("style", "")):
            add(tag, url)
        if tag == "style":
            for url in _css_urls(node.text(deep=True)):
                add("style", url)
        elif tag == "template":
            # A template's content is loaded when a script puts a copy of it in the page (support.js does).
            inner = node.html or ""
            inner = inner[inner.index(">") + 1:].removesuffix("</template>")
            _scan(LexborHTMLParser(inner), found)


def _urls(name: str, value: str) -> list[str]:
    """The URLs in an attribute: one, or several in a srcset ("a.png 1x, b.png 2x")."""
    if name != "srcset":
        return [value] if value else []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _css_urls(css: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in CSS_URL.finditer(css)]
