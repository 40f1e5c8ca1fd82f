"""Branding: turn a program's options (colours, logo, phone) into what the theme shows.

Material's palette only knows named colours; a program's own colours are hex, so the theme
gets them as CSS custom properties (partials/course-brand.html). The shades and text colours
are worked out here so that a program's colour never makes text hard to read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

LOGO_STEM = "assets/course/logo"
LOGO_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg", ".webp", ".gif")
WHITE = "#ffffff"
# Material's dark ("slate") background, hsl(232, 15%, 14%), where links must stay readable too.
SLATE_BACKGROUND = "#1e2029"
TEXT_CONTRAST = 4.5  # WCAG AA for body text


def logo_uri(logo: str) -> str:
    """Where the program's logo is put in the site: one fixed name, so templates need no change."""
    return LOGO_STEM + Path(logo).suffix.lower()


def check_logo(root: Path, logo: str) -> str | None:
    """A sentence saying what is wrong with the logo option (a path from the folder of mkdocs.yml), or None."""
    if Path(logo).suffix.lower() not in LOGO_SUFFIXES:
        return f"logo '{logo}': use an image file ({', '.join(LOGO_SUFFIXES)})"
    if not (root / logo).is_file():
        return f"logo '{logo}': no such file (the path is taken from the folder of mkdocs.yml)"
    return None


def tel_href(phone: str) -> str:
    """A tel: link for a number as people write it, e.g. '(555) 010-0199' -> 'tel:5550100199'."""
    digits = re.sub(r"[^\d]", "", phone)
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"


def custom_palette(palette: Any, primary: bool, accent: bool) -> list[dict[str, Any]]:
    """The theme palette with 'custom' where the program gives its own colour, so Material leaves it to us."""
    schemes = palette if isinstance(palette, list) else [palette or {"scheme": "default"}]
    result = []
    for scheme in schemes:
        scheme = dict(scheme)
        if primary:
            scheme["primary"] = "custom"
        if accent:
            scheme["accent"] = "custom"
        result.append(scheme)
    return result


def color_variables(primary: str | None, accent: str | None) -> dict[str, dict[str, str]]:
    """Material's colour variables for each part the program sets: {"primary": {"--md-…": "#…"}, …}."""
    colors: dict[str, dict[str, str]] = {}
    if primary:
        base = _expand(primary)
        colors["primary"] = {
            "--md-primary-fg-color": base,
            "--md-primary-fg-color--light": _mix(base, WHITE, 0.2),
            "--md-primary-fg-color--dark": _mix(base, "#000000", 0.2),
            "--md-primary-bg-color": _text_on(base),
            "--md-primary-bg-color--light": _text_on(base) + "b3",
            "--md-typeset-a-color": _readable(base, WHITE),
        }
        colors["primary_slate"] = {"--md-typeset-a-color": _readable(base, SLATE_BACKGROUND)}
    if accent:
        base = _expand(accent)
        colors["accent"] = {
            "--md-accent-fg-color": _readable(base, WHITE),
            "--md-accent-fg-color--transparent": base + "1a",
            "--md-accent-bg-color": _text_on(base),
            "--md-accent-bg-color--light": _text_on(base) + "b3",
        }
        colors["accent_slate"] = {"--md-accent-fg-color": _readable(base, SLATE_BACKGROUND)}
    return colors


# ---------------------------------------------------------------- colour arithmetic


def _expand(color: str) -> str:
    """'#abc' -> '#aabbcc', lower case."""
    digits = color.lstrip("#").lower()
    return "#" + ("".join(d * 2 for d in digits) if len(digits) == 3 else digits)


def _rgb(color: str) -> tuple[int, int, int]:
    digits = _expand(color)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, v))):02x}" for v in rgb)


def _mix(color: str, other: str, amount: float) -> str:
    """`color` moved `amount` (0..1) of the way towards `other`."""
    a, b = _rgb(color), _rgb(other)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b)))  # type: ignore[arg-type]


def _luminance(color: str) -> float:
    """Relative luminance as WCAG 2 defines it."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_on(background: str) -> str:
    """White or near-black text, whichever reads better on the background."""
    dark = "#1a1a1a"
    return WHITE if contrast(WHITE, background) >= contrast(dark, background) else dark


def _readable(color: str, background: str) -> str:
    """The colour, darkened or lightened just enough to be readable as text on the background."""
    towards = "#000000" if _luminance(background) > 0.5 else WHITE
    shade = color
    for step in range(1, 21):
        if contrast(shade, background) >= TEXT_CONTRAST:
            break
        shade = _mix(color, towards, step / 20)
    return shade
