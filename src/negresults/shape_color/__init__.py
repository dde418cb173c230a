"""Study A, \"Partial failures\": shape x colour zero-shot classification.

Imports nothing: a package's __init__ is part of every run key of its modules
(:mod:`negresults.runkeys`), so it must not pull report or orchestration code in.
"""
