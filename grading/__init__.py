"""Grading infrastructure: the report, messages in two languages, and how
student code is run. The question checks themselves live in autograder.py."""
