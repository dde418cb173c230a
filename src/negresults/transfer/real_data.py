"""Placeholder; real loaders follow."""
