"""Page-level fixes to what Sphinx and the theme emit, so each page reads on its own.

- **Figures numbered per page.** Without numbered toctrees Sphinx numbers
  figures continuously across the whole book, so the first figure of Study B's
  Experiments page became "Fig. 5". Each chapter reproduces a paper's
  figures under the paper's numbers, so numbering restarts on every page.
- **Each script once.** sphinx-thebe adds its inline configuration
  (``const THEBE_JS_URL = ...``) whenever docs are read; a build that reads
  twice puts it on the page twice, and the browser logs "Identifier
  'THEBE_JS_URL' has already been declared" on every page.
"""

from __future__ import annotations


def number_figures_per_page(app, env):
    """Renumber every numbered kind (figure, table, code) from 1 on each page, in page order."""
    for kinds in env.toc_fignumbers.values():
        for numbers in kinds.values():
            for n, node_id in enumerate(sorted(numbers, key=numbers.get), start=1):
                numbers[node_id] = (n,)
    return []


def unique_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[str] = set()
    unique = []
    for js in scripts:
        key = str(js)  # file name, priority and attributes (an inline body among them)
        if key not in seen:
            seen.add(key)
            unique.append(js)
    context["script_files"] = unique


def setup(app):
    # After Sphinx's own TocTreeCollector has assigned the book-wide numbers.
    app.connect("env-get-updated", number_figures_per_page, priority=900)
    app.connect("html-page-context", unique_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
