"""A bilingual copy of the sample course: its first lesson and quiz translated into Spanish, the second not."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLE, Project
from generator.fingerprint import fingerprint

ES_LESSON = "lessons/es/basics/first-lesson.md"
ES_QUIZ = "quizzes/es/first-lesson.yml"
# The Spanish quiz's own feedback lines, which a quiz answered in Spanish shows.
ES_FEEDBACK_RIGHT = "Sí, personas que se ayudan entre sí."
ES_FEEDBACK_NOT = "No exactamente: no hay que pagar nada."


def bilingual_course(root: Path) -> Project:
    """The sample course with `languages: [es]`, a Spanish course file, first lesson and first quiz."""
    shutil.copytree(SAMPLE, root)
    project = Project(root)
    mkdocs = (root / "mkdocs.yml").read_text(encoding="utf-8")
    mkdocs = mkdocs.replace("  - course\n", "  - course:\n      languages:\n        - code: es\n          name: Español\n")
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    project.write("lessons/es/course.yml", """\
        title: Curso de ejemplo
        summary: Un curso muy corto para las pruebas.
        modules:
          - id: basics
            title: Lo básico
            summary: El primer módulo.
            order: 1
          - id: later
            title: Más adelante
            summary: El segundo módulo.
            order: 2
        """)
    project.write(ES_LESSON, f"""\
        ---
        id: first-lesson
        title: La primera lección
        module: basics
        order: 1
        audience: [patient]
        minutes: 5
        translated_from: {fingerprint(root / "lessons/basics/first-lesson.md")}
        objectives:
          groups: Decir qué es un grupo.
          free: Saber que los grupos son gratis.
        key_points:
          - Los grupos son personas que se ayudan entre sí.
        actions:
          - Pregunte a su consejero por un grupo.
        references:
          - citation: "Example. A source. 2020. (en inglés)"
            url: https://example.org/
        reviewed:
          date: 2026-01-01
          by: Consejero
        glossary:
          grupo: Personas que se reúnen para ayudarse.
        ---

        ## Qué es un grupo {{#what-a-group-is}}

        Un grupo es un conjunto de personas que se reúnen para ayudarse. Usted puede unirse a uno.

        ## Lo que cuesta {{#cost}}

        Los grupos son gratis. Usted no paga.
        """)
    project.write(ES_QUIZ, f"""\
        lesson: first-lesson
        pass_mark: 50
        translated_from: {fingerprint(root / "quizzes/first-lesson.yml")}
        questions:
          - id: what-group
            type: single
            prompt: ¿Qué es un grupo?
            objective: groups
            review: what-a-group-is
            options:
              - text: Personas que se ayudan entre sí
                correct: true
                feedback: {ES_FEEDBACK_RIGHT}
              - text: Una clínica
                feedback: No exactamente, un grupo no es una clínica.
            explanation: Un grupo es un conjunto de personas que se reúnen para ayudarse.
          - id: cost
            type: single
            prompt: ¿Cuánto cuesta un grupo?
            objective: free
            review: cost
            options:
              - text: Una cuota
                feedback: "{ES_FEEDBACK_NOT}"
              - text: Nada
                correct: true
                feedback: Sí, nada.
            explanation: Los grupos son gratis.
        """)
    return project
