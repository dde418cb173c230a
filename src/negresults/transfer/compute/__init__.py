"""What computes runs: data, model, training and the task runners.

The source of this package (with the shared compute modules) is hashed into
every run key of the study; the report package is not.
"""
