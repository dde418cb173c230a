"""What reads stored runs: results tables, claims, figures, explorers, glued numbers.

Nothing here is hashed into a run key: editing it never retrains anything.
"""
