"""Course generator: lesson and quiz sources become a Material for MkDocs course site.

The pipeline, one module per stage:
    sources  (read files, YAML with line numbers)  ->  model    (typed course objects)
    checks   (cross-references an author can break)  ->  render  (Jinja2 pages and quiz HTML)
    plugin   (hands the rendered pages to MkDocs)    ;   cli     (check, build, new, schema)
"""

__version__ = "0.1.0"
