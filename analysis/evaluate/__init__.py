"""Evaluation of the extraction against external annotated corpora."""
