"""Fitting the learned answer parts: `python -m evals.learn` (see __main__.py)."""
