"""Our quiz sources written in mkdocs-quiz's Markdown syntax (mkdocs-quiz 1.7), for the same-content comparison.

mkdocs-quiz has single choice (one `- [x]`), multiple choice (several) and fill-in-the-blank. Our single,
multiple and true/false questions map onto the first two with their per-answer feedback (`> ...` under an
answer) and explanation; matching and ordering have no equivalent and are left out on both sides.
"""

from __future__ import annotations

from typing import Any

SUPPORTED = ("single", "multiple", "true_false")


def supported(question: dict[str, Any]) -> bool:
    return question.get("type") in SUPPORTED


def quiz_markdown(quiz: dict[str, Any]) -> str:
    """The quiz's supported questions as mkdocs-quiz blocks, between its intro and results panels."""
    blocks = [question_markdown(q) for q in quiz["questions"] if supported(q)]
    return "\n\n".join(["<!-- mkdocs-quiz intro -->", *blocks, "<!-- mkdocs-quiz results -->"]) + "\n"


def question_markdown(question: dict[str, Any]) -> str:
    if question["type"] == "true_false":
        answers = [
            (question["answer"] is True, "True", question["feedback_true"]),
            (question["answer"] is False, "False", question["feedback_false"]),
        ]
    else:
        answers = [(bool(o.get("correct")), o["text"], o["feedback"]) for o in question["options"]]
    lines = ["<quiz>", _one_line(question["prompt"])]
    for correct, text, feedback in answers:
        lines.append(f"- [{'x' if correct else ' '}] {_one_line(text)}")
        lines.append(f"> {_one_line(feedback)}")
    lines += ["", _one_line(question["explanation"]), "", f"[Re-read this part of the lesson](#{question['review']})", "</quiz>"]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
