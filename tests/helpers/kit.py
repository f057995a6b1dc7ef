"""Helpers for the end-to-end tests of the autograder (not a test file).

    folder = make_kit(tmp_path, models_source)   # a throw-away copy of the kit
    result = run_grader(folder, "-q", "q1")      # the real autograder, in a subprocess
    result.report.questions["q1"]                # (earned, max), read from its report

The grader runs as students run it, `python autograder.py --no-graphics`, in
its own process, so a model that crashes, exits, prints or hangs affects only
that run, and what is checked is the report a student would read.
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TESTS = ROOT / "tests"
HELPERS = TESTS / "helpers"
MNIST = ROOT / "data" / "mnist.npz"

sys.path.insert(0, str(ROOT))
from grading import packaging  # noqa: E402  (the kit's own list of its files)

KIT_FILES = packaging.CODE
KIT_PACKAGES = (packaging.PACKAGE,)

DEFAULT_TIMEOUT = 300  # seconds; a run that takes longer is a hang


def question(key):
    """The Question declared as `key` in autograder.QUESTIONS (its points,
    threshold, limit: what the tests expect is read from there)."""
    import autograder
    return autograder.QUESTIONS[key]


def questions(layout="proyecto3b", question=None):
    """The (name, Question) pairs that `python autograder.py --layout LAYOUT
    [-q QUESTION]` grades."""
    import autograder
    from grading.cli import select_questions
    return select_questions(autograder.QUESTIONS, autograder.LAYOUTS, layout, question)


# --------------------------------------------------------------------------
# A temporary kit
# --------------------------------------------------------------------------

def make_kit(tmp_path, models_source):
    """Copy the kit into `tmp_path` around `models_source`; return the folder.

    nn.py, backend.py, autograder.py and the grading/ package are copied from
    the repository; data/ is a symlink to the repository's (a copy where
    symlinks are not available); models.py is written from `models_source`.
    """
    folder = Path(tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name in KIT_FILES:
        shutil.copy2(ROOT / name, folder / name)
    for name in KIT_PACKAGES:
        shutil.copytree(ROOT / name, folder / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    data = ROOT / "data"
    try:
        os.symlink(data, folder / "data", target_is_directory=True)
    except (OSError, NotImplementedError):  # e.g. Windows without the privilege
        if data.is_dir():
            shutil.copytree(data, folder / "data")
    (folder / "models.py").write_text(models_source, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------
# Running the autograder
# --------------------------------------------------------------------------

@dataclass
class GraderRun:
    """What one run of the autograder did."""

    args: tuple
    returncode: int
    stdout: str
    stderr: str

    @property
    def report(self):
        """The parsed report (asserts that it is well formed)."""
        return parse_report(self.stdout)

    def describe(self):
        """Everything about the run, for an assertion message."""
        return "autograder.py {}\nreturn code {}\n--- stdout ---\n{}\n--- stderr ---\n{}".format(
            " ".join(self.args), self.returncode, self.stdout, self.stderr)


def grader_environment():
    """os.environ without a display, with matplotlib's file-only backend."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    env["MPLBACKEND"] = "Agg"
    env["PYTHONIOENCODING"] = "utf-8"  # the Spanish messages, whatever the locale
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_grader(folder, *args, timeout=DEFAULT_TIMEOUT, lang="en", fresh_seed=False,
               python=sys.executable):
    """Run `python autograder.py --no-graphics --lang <lang> *args` in `folder`,
    with `--seed 0` unless `args` name a seed or `fresh_seed` is set (a
    student's run draws a new seed each time; most tests want the same one)."""
    if "--seed" not in args and not fresh_seed:
        args = (*args, "--seed", "0")
    command = [python, "autograder.py", "--no-graphics", "--lang", lang, *args]
    try:
        completed = subprocess.run(command, cwd=str(folder), env=grader_environment(),
                                   capture_output=True, text=True, encoding="utf-8",
                                   timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or b""
        if isinstance(output, bytes):
            output = output.decode("utf-8", "replace")
        raise AssertionError("autograder.py {} did not finish in {} s; its output so far:\n{}"
                             .format(" ".join(command[2:]), timeout, output)) from None
    return GraderRun(tuple(command[2:]), completed.returncode, completed.stdout,
                     completed.stderr)


# --------------------------------------------------------------------------
# Reading the report (its format: grading/report.py)
# --------------------------------------------------------------------------

@dataclass
class Report:
    """A parsed report.

    questions: {name: (earned, max)} in grading order
    total:     (earned, max)
    sections:  {name: [lines]} from `Question qN` to `### Question qN: a/b ###`
    lines:     every line of the output
    """

    questions: dict
    total: tuple
    sections: dict
    lines: list

    def text(self, question):
        """One question's section as a single string."""
        return "\n".join(self.sections[question])

    def points(self):
        """{name: earned}."""
        return {name: earned for name, (earned, _) in self.questions.items()}


_HEADER = re.compile(r"^Question (q\d+)$")
_CHECK = re.compile(r"^\*\*\* (q\d+)\) (\w+)$")
_QUESTION_END = re.compile(r"^### Question (q\d+): (\d+)/(\d+) ###$")
_FINISHED = re.compile(r"^Finished at \d{1,2}:\d{2}:\d{2}$")
_SUMMARY = re.compile(r"^Question (q\d+): (\d+)/(\d+)$")
_TOTAL = re.compile(r"^Total: (\d+)/(\d+)$")


def parse_report(stdout):
    """Parse the autograder's report; assert that it is well formed.

    Well formed: every question has `Question qN` underlined with `=` of the
    same length, then `*** qN) check`, then ... `### Question qN: a/b ###`;
    the check ends with `*** PASS: check` when it earned everything and
    `*** FAIL` when it earned nothing; then `Finished at H:MM:SS`,
    `Provisional grades` underlined, one `Question qN: a/b` per question in
    the same order and with the same points, dashes, and `Total: a/b` last.
    """
    lines = stdout.splitlines()
    questions, sections = {}, {}
    i = 0
    summary_start = None
    while i < len(lines):
        header = _HEADER.match(lines[i])
        if header and i + 1 < len(lines) and lines[i + 1] == "=" * len(lines[i]):
            name = header.group(1)
            assert name not in questions, "question {} reported twice:\n{}".format(name, stdout)
            assert i + 2 < len(lines), "question {} stops after its header:\n{}".format(
                name, stdout)
            check = _CHECK.match(lines[i + 2])
            assert check and check.group(1) == name, (
                "after the header of {} comes {!r}, not `*** {}) <check>`:\n{}".format(
                    name, lines[i + 2], name, stdout))
            end = next((j for j in range(i + 3, len(lines)) if _QUESTION_END.match(lines[j])),
                       None)
            assert end is not None, "no `### Question {}: a/b ###` line:\n{}".format(name, stdout)
            closing = _QUESTION_END.match(lines[end])
            assert closing.group(1) == name, "question {} is closed as {}:\n{}".format(
                name, closing.group(1), stdout)
            assert lines[end - 1] == "", "no blank line before {!r}".format(lines[end])
            section = lines[i:end + 1]
            assert not any(_HEADER.match(line) for line in section[1:]), (
                "question {} contains another question's header:\n{}".format(name, stdout))
            earned, maximum = int(closing.group(2)), int(closing.group(3))
            assert 0 <= earned <= maximum, lines[end]
            _check_verdict(name, check.group(2), earned, maximum, section)
            questions[name] = (earned, maximum)
            sections[name] = section
            i = end + 1
            continue
        if lines[i] == "Provisional grades":
            summary_start = i
            break
        i += 1

    assert questions, "no question in the output:\n" + stdout
    assert summary_start is not None, "no `Provisional grades` line:\n" + stdout
    last_end = max(lines.index(section[-1]) for section in sections.values())
    finished = [line for line in lines[last_end + 1:summary_start] if line]
    assert len(finished) == 1 and _FINISHED.match(finished[0]), (
        "expected `Finished at H:MM:SS` alone between the last question and the grades:\n"
        + stdout)

    rest = lines[summary_start:]
    while rest and rest[-1] == "":
        rest.pop()
    assert len(rest) >= 4, "the grades are cut short:\n" + stdout
    assert rest[1] == "=" * len("Provisional grades"), (
        "`Provisional grades` is not underlined:\n" + stdout)
    summary = rest[2:-2]
    assert [(_SUMMARY.match(line) or [None, None])[1] for line in summary] == list(questions), (
        "the grades list {} but the report graded {}:\n{}".format(summary, list(questions),
                                                                  stdout))
    for line in summary:
        found = _SUMMARY.match(line)
        name = found.group(1)
        assert (int(found.group(2)), int(found.group(3))) == questions[name], (
            "{!r} disagrees with the question's own line:\n{}".format(line, stdout))
    assert re.fullmatch(r"-+", rest[-2]), "no line of dashes before the total:\n" + stdout
    total = _TOTAL.match(rest[-1])
    assert total, "the last line is {!r}, not `Total: a/b`:\n{}".format(rest[-1], stdout)
    total = (int(total.group(1)), int(total.group(2)))
    expected = (sum(e for e, _ in questions.values()), sum(m for _, m in questions.values()))
    assert total == expected, "the total does not add up:\n" + stdout
    return Report(questions, total, sections, lines)


def _check_verdict(name, check, earned, maximum, section):
    passed = "*** PASS: {}".format(check) in section
    failed = "*** FAIL" in section
    if earned == maximum:
        assert passed and not failed, "{} earned {}/{} without `*** PASS: {}`:\n{}".format(
            name, earned, maximum, check, "\n".join(section))
    elif earned == 0:
        assert failed and not passed, "{} earned 0 without `*** FAIL`:\n{}".format(
            name, "\n".join(section))
    else:
        assert not passed and not failed, "{} earned {}/{} but says PASS or FAIL:\n{}".format(
            name, earned, maximum, "\n".join(section))


# --------------------------------------------------------------------------
# Model sources
# --------------------------------------------------------------------------

def reference_source():
    """The solved models.py of the repository."""
    return (ROOT / "models.py").read_text(encoding="utf-8")


def skeleton_source(source=None):
    """`source` (default: the reference) as students receive it, cut by the
    kit's own grading.packaging."""
    from grading.packaging import cut_solutions
    return cut_solutions(reference_source() if source is None else source)


def wrong_model(name):
    """The reference with the mistake `name` of tests/helpers/wrong_models.py."""
    import wrong_models
    return wrong_models.WRONG[name](reference_source())


def line_of(source, fragment):
    """The 1-based number of the only line of `source` containing `fragment`."""
    numbers = [n for n, line in enumerate(source.splitlines(), start=1) if fragment in line]
    assert len(numbers) == 1, "{!r} is on lines {}".format(fragment, numbers)
    return numbers[0]
