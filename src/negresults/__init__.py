"""negresults: the library behind the report."""

__version__ = "0.1.0"
