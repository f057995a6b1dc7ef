"""Feedback to hand back to each student after a batch (--batch ... --feedback):
grades/feedback/<student>.html and .txt, in the language of --lang.

Each holds the student's grade; for each question its points, what went
wrong and what to try next (grading/mistakes.py), the report the grader
printed for it (the student's own output included, trimmed as in the
report), and the command that repeats the attempt that counted on the
student's own machine (`python autograder.py -q qN --seed S`). Nothing of
another student, the hidden labels or the similarity results: only the
student's own result (their JSON) is read.
"""

import html
import os

from grading import mistakes
from grading.report import say
from grading.summaries import write_whole

FOLDER = "feedback"  # inside the batch's output folder
OUTPUT_LINES = 80    # lines of a question's report kept (its first and last)


def write(output, result, name, layout_words=""):
    """Write the feedback of `result` (a batch's summary of one student)
    into output/feedback/NAME.html and NAME.txt. `layout_words`: what the
    repeat command needs before -q (e.g. "--layout cs188 ")."""
    folder = os.path.join(output, FOLDER)
    os.makedirs(folder, exist_ok=True)
    sections = sections_of(result, layout_words)
    write_whole(os.path.join(folder, name + ".txt"), lambda f: f.write(as_text(result,
                                                                                  sections)))
    write_whole(os.path.join(folder, name + ".html"), lambda f: f.write(as_html(result,
                                                                                   sections)))


def sections_of(result, layout_words):
    """[(question, points, max, diagnoses [(what, try)], repeat command, report)]."""
    found = []
    for name, question in sorted(result.get("questions", {}).items()):
        diagnoses = [mistakes.explain(entry["code"]) for entry in question.get("mistakes", [])]
        seed = _seed_that_counted(question)
        command = None
        if seed is not None:
            command = "python autograder.py {}-q {} --seed {}".format(layout_words, name, seed)
        found.append((name, question["points"], question["max_points"], diagnoses, command,
                      _trimmed(question.get("output", ""))))
    return found


def _seed_that_counted(question):
    """The seed of the attempt whose points counted (the first of the best)."""
    attempts = question.get("attempts") or []
    if not attempts:
        return None
    best = max(attempt["points"] for attempt in attempts)
    return next(attempt["seed"] for attempt in attempts if attempt["points"] == best)


def _trimmed(text):
    lines = text.splitlines()
    if len(lines) <= OUTPUT_LINES:
        return text
    half = OUTPUT_LINES // 2
    return "\n".join(lines[:half] + [say("... {count} lines not shown ...",
                                         count=len(lines) - 2 * half)] + lines[-half:])


def as_text(result, sections):
    parts = [say("Your grade: {points}/{max_points}", points=result["points"],
                 max_points=result["max_points"]), ""]
    for name, points, maximum, diagnoses, command, report in sections:
        parts.append("== {}: {}/{} ==".format(name, points, maximum))
        for what, attempt in diagnoses:
            parts.append(say("What went wrong: {what}.", what=what))
            parts.append(say("What to try: {attempt}", attempt=attempt))
        if command:
            parts.append(say("To repeat it on your machine: {command}", command=command))
        parts += ["", report, ""]
    return "\n".join(parts) + "\n"


def as_html(result, sections):
    e = html.escape
    title = say("Your grade: {points}/{max_points}", points=result["points"],
                max_points=result["max_points"])
    parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'style-src \'unsafe-inline\'">',
             "<title>{}</title><style>body {{ font-family: sans-serif; max-width: 60em; "
             "margin: 1.5em auto; }} pre {{ white-space: pre-wrap; background: #f7f7f7; "
             "padding: 0.5em; }}</style></head><body>".format(e(title)),
             "<h1>{}</h1>".format(e(title))]
    for name, points, maximum, diagnoses, command, report in sections:
        parts.append("<h2>{}: {}/{}</h2>".format(e(name), points, maximum))
        for what, attempt in diagnoses:
            parts.append("<p><b>{}</b> {}<br><b>{}</b> {}</p>".format(
                e(say("What went wrong:")), e(what), e(say("What to try:")), e(attempt)))
        if command:
            parts.append("<p>{} <code>{}</code></p>".format(
                e(say("To repeat it on your machine:")), e(command)))
        parts.append("<pre>{}</pre>".format(e(report)))
    parts.append("</body></html>\n")
    return "\n".join(parts)
