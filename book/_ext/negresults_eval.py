"""``{eval}`key``` in the book reads the value the page glued under ``key``.

A chapter's prose names its computed values with the MyST ``eval`` role,
because that is the one inline form both renderers understand:

- in JupyterLab (and so on Binder), jupyterlab-myst evaluates ``key`` in the
  live kernel, where :func:`negresults.reporting.glue_text` put the value
  under its glue key when the page glued it;
- in the book, myst-nb would evaluate it only with ``nb_execution_mode:
  inline``, which re-executes every page on every build and bypasses the
  execution cache. This extension instead points the role at myst-nb's glue
  text role, so ``{eval}`key``` pastes the value glued under ``key`` by the
  same execution, exactly as ``{glue:text}`key``` would.

One source, the same words in both places, and the build stays cached.
"""

from __future__ import annotations

from myst_nb.ext.glue.roles import PasteTextRole


def setup(app):
    # Loaded after myst_nb (a local extension), so this replaces its eval role.
    app.add_role("eval", PasteTextRole(), override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
