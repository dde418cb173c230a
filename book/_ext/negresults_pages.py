"""Page-level fixes to what Sphinx and the theme emit, so each page reads on its own.

- **Figures numbered per page.** Without numbered toctrees Sphinx numbers
  figures continuously across the whole book, so the first figure of Study B's
  Experiments page became "Fig. 5". Each chapter reproduces a paper's
  figures under the paper's numbers, so numbering restarts on every page.
- **Each script once.** sphinx-thebe adds its inline configuration
  (``const THEBE_JS_URL = ...``) when docs are read, through the builder
  (file name ``None``) and the registry; Sphinx 7.4's ``prepare_writing``
  copies the registry's scripts to the builder again with file name ``''``,
  which compares unequal to ``None``, so the inline script reached every page
  twice and the browser logged "Identifier 'THEBE_JS_URL' has already been
  declared" on each (sphinx-togglebutton's selector was doubled the same way).
  Scripts are compared by file name (``None`` and ``''`` alike) and attributes,
  an inline body among them.
"""

from __future__ import annotations


def number_figures_per_page(app, env):
    """Renumber every numbered kind (figure, table, code) from 1 on each page, in page order."""
    for kinds in env.toc_fignumbers.values():
        for numbers in kinds.values():
            for n, node_id in enumerate(sorted(numbers, key=numbers.get), start=1):
                numbers[node_id] = (n,)
    return []


def _script_key(js) -> tuple:
    """What makes two scripts the same script: file name (None or '') and attributes."""
    attributes = getattr(js, "attributes", {})
    return (getattr(js, "filename", js) or "", tuple(sorted(attributes.items())))


def unique_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for js in scripts:
        key = _script_key(js)
        if key not in seen:
            seen.add(key)
            unique.append(js)
    context["script_files"] = unique


def setup(app):
    # After Sphinx's own TocTreeCollector has assigned the book-wide numbers.
    app.connect("env-get-updated", number_figures_per_page, priority=900)
    # Last, after every extension and the theme have added their page scripts.
    app.connect("html-page-context", unique_scripts, priority=990)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
