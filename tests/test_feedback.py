"""Feedback handed back to each student after a batch (--feedback): one HTML
and one text file per student, in the batch's language, with the grade,
what went wrong and what to try, and a command that repeats each question;
nothing of another student; the command, typed as written in a kit with
the student's models.py, gives the same points. Gradescope's results.json
says the same per question."""

import re

import pytest

import kit
import wrong_models

STUDENTS = {"ana": None, "beto": "regression_scaled_loss", "carla": "regression_train_raises"}


def _class(tmp_path, reference_source):
    folder = tmp_path / "entregas"
    for student, wrong in STUDENTS.items():
        (folder / student).mkdir(parents=True)
        source = reference_source if wrong is None else wrong_models.WRONG[wrong](
            reference_source)
        (folder / student / "models.py").write_text(source, encoding="utf-8")
    (folder / "dani").mkdir()  # no models.py
    return folder


@pytest.mark.slow
def test_each_student_gets_their_own_feedback_and_its_command_repeats_it(
        make_kit, reference_source, tmp_path):
    folder, output = _class(tmp_path, reference_source), tmp_path / "grades"
    grader = make_kit(reference_source)
    result = kit.run_grader(grader, "--batch", str(folder), "--batch-output", str(output),
                            "-q", "q2", "--attempts", "1", "--feedback", "--jobs", "2",
                            lang="es")
    assert result.returncode == 0, result.describe()
    found = sorted(path.name for path in (output / "feedback").iterdir())
    assert found == sorted(name + kind for name in list(STUDENTS) + ["dani"]
                           for kind in (".html", ".txt"))
    for student in list(STUDENTS) + ["dani"]:
        for kind in (".html", ".txt"):
            text = (output / "feedback" / (student + kind)).read_text(encoding="utf-8")
            others = [other for other in list(STUDENTS) + ["dani"] if other != student]
            assert not any(re.search(r"\b{}\b".format(other), text) for other in others)
            assert "similar" not in text.lower()
            assert "test_labels" not in text and "test_y" not in text and ".npz" not in text
    beto = (output / "feedback" / "beto.txt").read_text(encoding="utf-8")
    assert "Tu nota: 2/6" in beto
    assert "Qué falló: get_loss no calcula la pérdida de la salida de run()." in beto
    carla = (output / "feedback" / "carla.txt").read_text(encoding="utf-8")
    assert "Qué falló: el código lanzó ZeroDivisionError." in carla

    # The command, typed as written, in a kit with that student's models.py.
    for student in ("ana", "beto"):
        text = (output / "feedback" / (student + ".txt")).read_text(encoding="utf-8")
        command = re.search(r"Para repetirlo en tu equipo: (python autograder\.py .+)$", text,
                            flags=re.M).group(1)
        assert command == "python autograder.py -q q2 --seed 0"
        source = (folder / student / "models.py").read_text(encoding="utf-8")
        again = kit.run_grader(make_kit(source), *command.split()[2:])
        points = int(re.search(r"^Tu nota: (\d+)/6$", text, flags=re.M).group(1))
        assert again.report.points() == {"q2": points}, again.describe()


def test_gradescope_says_what_went_wrong_per_question(tmp_path):
    import io

    from grading import summaries
    from grading.channel import Run
    from grading.endings import Ending
    from grading.report import Tracker
    tracker = Tracker([("q2", 6)], out=io.StringIO())
    tracker.begin_question("q2")
    run = Run(Ending.FINISHED, {}, 1.0)
    run.mistakes = [{"code": "loss_grows"}]
    tracker.record_run(run)
    tracker.end_question()
    output = summaries.gradescope_results(tracker, 1.0)["tests"][0]["output"]
    assert output.startswith("What went wrong: the loss grew during training.\n"
                             "What to try: The update's multiplier is minus the learning "
                             "rate."), output
