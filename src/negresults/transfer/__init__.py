"""Study B, \"Failure of model transfer\": pretrained vs scratch under a subtle shift.

Imports nothing: a package's __init__ is part of every run key of its modules
(:mod:`negresults.runkeys`), so it must not pull report or orchestration code in.
"""
