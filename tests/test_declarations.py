"""A question and an option are each declared in one place, and everything
else reads them: the scoring, the guides' tables, a batch's settings, the
shards' command line; the line that repeats a student's run repeats it."""

import dataclasses
import io
import json
import re
import sys
from typing import Optional

import numpy as np
import pytest

import kit
from grading import batch, cli, engine, shards

sys.path.insert(0, str(kit.ROOT / "tools"))

import update_guides  # noqa: E402

# --------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------


def test_the_guides_tables_are_written_from_the_questions():
    blocks = 0
    for path in update_guides.GUIDES:
        text = (kit.ROOT / path).read_text(encoding="utf-8")
        blocks += len(update_guides.BLOCK.findall(text))
        assert update_guides.updated(text) == text, (
            "{} is out of date: run python tools/update_guides.py".format(path))
    assert blocks >= 2  # the control: the README has its tables


def test_a_questions_table_follows_its_declaration(monkeypatch):
    import autograder
    digits = autograder.QUESTIONS["digits"]
    monkeypatch.setitem(autograder.QUESTIONS, "digits",
                        dataclasses.replace(digits, threshold=0.96, margin=0.965))
    assert "| Q3 | digit classification | 6 (2 + 4) | test accuracy >= 96% | 600 s |" in (
        update_guides.questions_table(1))


@pytest.mark.parametrize("change, problem", [
    (dict(verify=None), "structural points need a verify function"),
    (dict(margin=0.965), "the margin must lie past the threshold"),
    (dict(threshold=0.96), "an accuracy margin lies within half a point"),
    (dict(threshold=97), "an accuracy threshold is a share"),
    (dict(trained=-1), "points must be whole numbers"),
    (dict(measure="speed"), "measure must be one of"),
    (dict(validation_above=0.2), "validation_above is an accuracy offset"),
    (dict(validation_above=-0.01), "validation_above is an accuracy offset"),
    (dict(validation_above=0.03, margin=None), "validation_above is an accuracy offset"),
])
def test_a_question_whose_parts_do_not_add_up_is_refused(change, problem):
    with pytest.raises(ValueError, match=problem):
        dataclasses.replace(kit.question("digits"), **change)


def _digit_outputs(correct):
    """Logits for the digit question's test and dev halves, `correct` of
    every 10,000 right."""
    import backend
    with np.load(backend.get_data_path("mnist.npz")) as data:
        labels = data["test_labels"].astype(int)
    logits = np.zeros((len(labels), 10))
    right = np.arange(len(labels)) % 10000 < correct
    logits[np.arange(len(labels)), np.where(right, labels, (labels + 1) % 10)] = 1.0
    return {"logits": logits[backend.TEST_ROWS], "dev_logits": logits[backend.VALIDATION_ROWS]}


@pytest.mark.usefixtures("needs_mnist")
def test_the_digit_threshold_is_one_line():
    from grading.engine import ThresholdMissed
    from grading.report import Tracker
    digits = kit.question("digits")
    outputs = _digit_outputs(9650)  # 96.5%
    tracker = Tracker([("q3", digits.points)], out=io.StringIO())
    tracker.begin_question("q3")
    with pytest.raises(ThresholdMissed, match="must be at least 97%"):
        digits.score(tracker, outputs, digits)
    lower = dataclasses.replace(digits, threshold=0.96, margin=0.965)
    lower.score(tracker, outputs, lower)
    assert tracker.points["q3"] == lower.trained


# --------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class WithShuffle(engine.GradeOptions):
    """GradeOptions with a pretend option, added as grading/__init__.py says."""

    shuffle_seed: Optional[int] = engine.grading_option(None, "--shuffle-seed")


def test_a_new_option_added_as_the_recipe_says_reaches_every_place(monkeypatch, tmp_path):
    questions = kit.questions("proyecto3b", "q1")
    # The command line (its argparse line, here added by hand) -> build_options.
    import autograder
    args = cli.parse_arguments(["--batch", str(tmp_path)], autograder.QUESTIONS,
                               autograder.LAYOUTS, "proyecto3b")
    args.shuffle_seed = 3
    monkeypatch.setattr(cli, "GradeOptions", WithShuffle)
    options = cli.build_options(args, questions)
    assert options.shuffle_seed == 3
    # A batch's settings, and so whether a batch run again keeps a grade.
    (tmp_path / "models.py").write_text("# ana\n", encoding="utf-8")
    settings = batch.settings_of(questions, options)
    assert settings["shuffle_seed"] == 3
    before = batch.stamp_of(str(tmp_path), settings)
    after = batch.stamp_of(str(tmp_path), batch.settings_of(
        questions, dataclasses.replace(options, shuffle_seed=4)))
    assert before["key"] != after["key"]
    assert batch.changed(before, after) == "shuffle_seed"
    # Every shard of a cluster is given it.
    words = shards.passed_on(args, options)
    assert words[words.index("--shuffle-seed") + 1] == "3"


@pytest.mark.parametrize("given", [[], ["--time-limit", "30", "--attempts", "3", "--mute"],
                                   ["--time-budget", "500", "--no-isolation", "--seed", "4"]])
def test_a_shard_given_the_command_line_words_grades_with_the_same_settings(given, tmp_path):
    # A shard parses the words passed_on writes: its settings, and so its
    # reports' keys, must be the batch's own (840 and 840.0 were not).
    import autograder
    questions = kit.questions("proyecto3b")

    def settings(argv):
        args = cli.parse_arguments(argv, autograder.QUESTIONS, autograder.LAYOUTS,
                                   "proyecto3b")
        return args, batch.settings_of(questions, cli.build_options(args, questions))
    args, mine = settings(["--batch", str(tmp_path), *given])
    words = shards.passed_on(args, cli.build_options(args, questions))
    _, theirs = settings(["--batch", str(tmp_path), *words])
    assert json.dumps(theirs, sort_keys=True) == json.dumps(mine, sort_keys=True)


def test_every_option_that_decides_a_grade_has_a_flag_the_command_line_knows():
    import autograder
    parser_flags = set(re.findall(r"--[\w-]+", _help(autograder)))
    for field in engine.grading_fields(engine.GradeOptions):
        assert field.metadata["flag"] in parser_flags, field.name


def _help(autograder):
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        cli.main(["--help", "--lang", "en"], autograder.QUESTIONS, autograder.LAYOUTS,
                 autograder.DEFAULT_LAYOUT)
    finally:
        sys.stdout = saved
    return out.getvalue()


# --------------------------------------------------------------------------
# The line that repeats a student's run
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_the_repeat_line_keeps_the_layout_and_repeats_the_same_question(make_kit,
                                                                        reference_source):
    # In layout nn_student, q1 is the regression; without --layout the
    # printed command graded the default layout's q1, the perceptron.
    folder = make_kit(reference_source)
    first = kit.run_grader(folder, "--layout", "nn_student", "-q", "q1", fresh_seed=True)
    found = re.search(r"To repeat this run exactly: (python autograder\.py .*)$", first.stdout,
                      flags=re.M)
    assert found, first.describe()
    words = found.group(1).split()
    assert words[2:6] == ["--layout", "nn_student", "-q", "q1"], words
    again = kit.run_grader(folder, *words[2:])
    assert again.returncode == 0, again.describe()
    assert "*** q1) check_regression" in again.stdout, again.describe()
    assert again.report.points() == first.report.points() == {"q1": 6}


def test_the_repeat_line_keeps_every_option_that_decides_the_grade():
    import types
    args = types.SimpleNamespace(layout="cs188", question="q4", seed=None, time_limit=30.0,
                                 attempts=None, memory_limit=1000, time_budget=None,
                                 mute=True, no_isolation=True, sandbox="auto")
    assert cli.repeat_arguments(args, "proyecto3b") == (
        "--layout cs188 -q q4 --no-isolation --mute --time-limit 30 --memory-limit 1000 ")
    default = types.SimpleNamespace(layout="proyecto3b", question=None, seed=5,
                                    time_limit=None, attempts=None, memory_limit=2048,
                                    time_budget=None, mute=False, no_isolation=False,
                                    sandbox="auto")
    assert cli.repeat_arguments(default, "proyecto3b") == ""
