"""A traceback from the student's code names the student's own models.py,
not the copy the child process runs."""

import re

import kit


def _files(text):
    return re.findall(r'File "([^"]+)"', text)


def test_an_exception_names_the_student_s_file(make_kit):
    folder = make_kit(kit.wrong_model("regression_train_raises"))
    result = kit.run_grader(folder, "-q", "q2")
    files = _files(result.report.text("q2"))
    assert files == [str(folder / "models.py")], result.describe()


def test_a_syntax_error_names_the_student_s_file(make_kit):
    folder = make_kit(kit.wrong_model("syntax_error"))
    result = kit.run_grader(folder, "-q", "q1")
    assert _files(result.report.text("q1")) == [str(folder / "models.py")], result.describe()


def test_a_submission_s_traceback_names_the_submission(make_kit, tmp_path):
    folder = make_kit(kit.reference_source())
    submission = tmp_path / "ana"
    submission.mkdir()
    (submission / "models.py").write_text(kit.wrong_model("regression_train_raises"),
                                          encoding="utf-8")
    result = kit.run_grader(folder, "--submission", str(submission), "-q", "q2",
                            "--attempts", "1")
    assert _files(result.report.text("q2")) == [str(submission / "models.py")], (
        result.describe())
