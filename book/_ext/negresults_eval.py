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

Citations take the same road: ``{eval}`citep("a", "b")``` (or ``citet``)
calls :mod:`negresults.citations` in a live kernel, while here it becomes
sphinxcontrib-bibtex's ``{cite:p}`a,b``` (or ``cite:t``), linked to the
bibliography.
"""

from __future__ import annotations

from myst_nb.ext.glue.roles import PasteTextRole

from negresults.citations import parse_call
from negresults.config import ConfigError

# Characters beyond which a pasted value is prose (sentences), not a number with its words.
PROSE = 200


class EvalRole:
    """A glued value, or a citation handed to sphinxcontrib-bibtex."""

    def __init__(self) -> None:
        self.paste = PasteTextRole()

    def __call__(self, name, rawtext, text, lineno, inliner, options=None, content=()):
        options = options or {}
        try:
            citation = parse_call(text)
        except ConfigError as err:
            msg = inliner.reporter.error(str(err), line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        if citation is None:
            pasted, messages = self.paste(name, rawtext, text, lineno, inliner, options, content)
            for node in pasted:
                # The theme sets every pasted value in bold, which marks a number as computed;
                # a value that is whole sentences reads better plain (negresults.css).
                if "pasted-text" in node.get("classes", []) and len(node.astext()) > PROSE:
                    node["classes"].append("pasted-prose")
            return pasted, messages
        kind, keys = citation
        role = inliner.document.settings.env.get_domain("cite").role(kind)
        return role(f"cite:{kind}", rawtext, ",".join(keys), lineno, inliner, options, content)


def setup(app):
    # Loaded after myst_nb (a local extension), so this replaces its eval role.
    app.add_role("eval", EvalRole(), override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
