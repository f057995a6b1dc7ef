"""Write the guides' figures that come from the code: the questions' table
(points, thresholds, time limits), from autograder.QUESTIONS and LAYOUTS.

    python tools/update_guides.py           # rewrite the generated blocks
    python tools/update_guides.py --check   # exit 1 if a block is out of date

A generated block sits between two lines of a guide (README.md, docs/*.md):

    <!-- BEGIN GENERATED questions-es -->
    ...
    <!-- END GENERATED questions-es -->

tests/test_declarations.py checks that every block is up to date, so a
changed threshold or limit cannot leave a guide behind.
"""

import argparse
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import autograder  # noqa: E402

GUIDES = ["README.md"] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
BLOCK = re.compile(r"(<!-- BEGIN GENERATED (?P<name>[\w-]+) -->\n)(?P<body>.*?)"
                   r"(<!-- END GENERATED (?P=name) -->)", re.S)

WORDS = {  # (Spanish, English)
    "header": (("pregunta", "qué", "puntos (estructura + entrenado)", "umbral", "límite de tiempo"),
               ("question", "what", "points (structure + trained)", "threshold", "time limit")),
    "accuracy": ("precisión en {on} >= {value}", "{on} accuracy >= {value}"),
    "loss": ("pérdida en {on} <= {value}", "{on} loss <= {value}"),
    "training": ("entrenamiento", "training"),
    "test": ("test", "test"),
    "only": ("solo en la distribución {layout}", "{layout} layout only"),
}


def _share(value, language):
    text = "{:.1f}".format(value * 100).rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %" if language == 0 else text + "%"


def threshold_text(question, language):
    """The question's threshold in words, e.g. 'test accuracy >= 97%'."""
    on = WORDS[question.on][language]
    if question.measure == "accuracy":
        value = _share(question.threshold, language)
    else:
        value = "{:g}".format(question.threshold)
        value = value.replace(".", ",") if language == 0 else value
    return WORDS[question.measure][language].format(on=on, value=value)


def questions_table(language):
    """The markdown table of the default layout's questions, and the others'
    questions each with the layout that has them."""
    header = WORDS["header"][language]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    default = dict((key, name) for name, key in autograder.LAYOUTS[autograder.DEFAULT_LAYOUT])
    listed = list(default)
    for entries in autograder.LAYOUTS.values():
        listed += [key for _, key in entries if key not in listed]
    for key in listed:
        question = autograder.QUESTIONS[key]
        if key in default:
            name = default[key].upper()
        else:
            layout, name = next((layout, name) for layout, entries in autograder.LAYOUTS.items()
                                for name, other in entries if other == key)
            name = "{} ({})".format(name.upper(), WORDS["only"][language].format(layout=layout))
        rows.append("| {} | {} | {} ({} + {}) | {} | {} s |".format(
            name, question.title[language], question.points, question.structural,
            question.trained, threshold_text(question, language), int(question.time_limit)))
    return "\n".join(rows) + "\n"


def budgets_table():
    """Each layout's questions, default time budget (the sum of their
    limits) and the Gradescope timeout that leaves every first attempt its
    full limit (the budget plus the minute run_autograder keeps)."""
    from grading.packaging import GRADESCOPE_MARGIN
    rows = ["| layout | questions | default time budget | Gradescope timeout to give |",
            "|---|---|---|---|"]
    for layout, entries in autograder.LAYOUTS.items():
        budget = sum(autograder.QUESTIONS[key].time_limit for _, key in entries)
        rows.append("| `{}` | {} | {} s | {} s |".format(
            layout, ", ".join(name for name, _ in entries), int(budget),
            int(budget + GRADESCOPE_MARGIN)))
    return "\n".join(rows) + "\n"


def blocks():
    """{block name: its text}."""
    return {"questions-es": questions_table(0), "questions-en": questions_table(1),
            "budgets": budgets_table()}


def updated(text):
    """`text` with every generated block written anew; unknown names are an error."""
    made = blocks()

    def fill(match):
        name = match.group("name")
        if name not in made:
            raise KeyError("no generated block is called {}".format(name))
        return match.group(1) + made[name] + match.group(4)
    return BLOCK.sub(fill, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if out of date")
    args = parser.parse_args()
    stale = []
    for path in GUIDES:
        path = os.path.join(ROOT, path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        new = updated(text)
        if new != text:
            stale.append(os.path.relpath(path, ROOT))
            if not args.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
    if args.check and stale:
        print("out of date: {} (python tools/update_guides.py)".format(", ".join(stale)))
        return 1
    print(("updated: " if stale else "up to date") + ", ".join(stale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
