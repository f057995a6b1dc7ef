"""The kit's example batch: a class of submissions that shows everything a
batch report can hold (not a test file).

    python tests/helpers/example_batch.py FOLDER     # writes the submissions into FOLDER
    python autograder.py --batch FOLDER --similarity

One submission earns every point (ana); one per mistake of
tests/helpers/wrong_models.py; one never ends (a time-out); one has no models.py
(a crash); one is ana's copy with its names changed and its classes
reordered (and a changed nn.py beside it); one was written independently
(tests/helpers/alt_solution); and one student's name and printed output are HTML.
tests/test_report_page.py grades it; docs/batch_report.png is its report.
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402
import kit  # noqa: E402
import wrong_models  # noqa: E402

HTML_NAME = "<img src=x onerror=alert(1)>"
HTML_OUTPUT = "<script>console.error('printed by the student')</script><b>bold?</b>"

# Names a student copying ana's work might change.
RENAMES = {"hidden": "size", "mistakes": "errors", "label": "target", "everything": "whole",
           "batches": "stream", "step": "count", "w1": "weights_in", "b1": "bias_in",
           "w2": "weights_mid", "b2": "bias_mid", "w3": "weights_out", "b3": "bias_out",
           "learning_rate": "rate", "batch_size": "chunk", "gradients": "grads",
           "loss": "cost"}


def disguised(source):
    """`source` as a student copying it might hand it in: names changed
    (RENAMES, whole words only, never the nn.* ones) and the first class
    moved to the end."""
    for old, new in RENAMES.items():
        source = re.sub(r"(?<![\w.])(?<!nn\.){0}\b|(?<=self\.){0}\b".format(re.escape(old)),
                        new, source)
    start = source.index("class PerceptronModel(")
    end = source.index("\nclass ", start) + 1
    return source[:start] + source[end:].rstrip("\n") + "\n\n\n" + source[start:end].rstrip(
        "\n") + "\n"


def submissions():
    """{student: source of their models.py, or None for a folder without one}."""
    reference = kit.reference_source()
    found = {"ana": reference}
    for name, change in wrong_models.WRONG.items():
        found[name] = change(reference)
    loop = next(entry for entry in hostile.CORPUS if entry.name == "infinite_loop")
    found["infinite_loop"] = loop.source()
    found["no_models_py"] = None
    found["copy_of_ana"] = disguised(reference)
    found["alt_solution"] = (kit.HELPERS / "alt_solution" / "models.py").read_text(
        encoding="utf-8")
    found[HTML_NAME] = hostile.before(hostile.PERCEPTRON_INIT,
                                      "print({!r})".format(HTML_OUTPUT))(reference)
    # Students hand in models.py without the kit's solution fences.
    return {student: None if source is None else re.sub(r"(?m)^[ \t]*# (BEGIN|END) SOLUTION\n",
                                                         "", source)
            for student, source in found.items()}


# Kit files that came with a submission, changed: the grader ignores them and says so.
OTHER_FILES = {"copy_of_ana": {"nn.py": "# nn.py, changed by the student\n"}}


def write(folder):
    """Write the example batch into `folder`: a folder per student."""
    for student, source in submissions().items():
        os.makedirs(os.path.join(folder, student), exist_ok=True)
        files = dict(OTHER_FILES.get(student, {}))
        if source is not None:
            files["models.py"] = source
        for name, text in files.items():
            with open(os.path.join(folder, student, name), "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write(sys.argv[1])
