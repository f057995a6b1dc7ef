"""Every command the READMEs give students works when typed as written, in a
fresh copy of the students' kit: the kit's own README.md for students, and
the student sections of the repository's README.md (in Spanish, then in
English: "## Para estudiantes" and "## For students", up to "## Dónde
seguir")."""

import re
import subprocess
import sys
import tarfile

import pytest

import kit


def commands(text):
    """The `python ...` commands quoted in `text`, in order, without repeats."""
    found = []
    for command in re.findall(r"`(python [^`]+)`", text):
        if command not in found:
            found.append(command)
    return found


@pytest.fixture(scope="module")
def student_kit(tmp_path_factory):
    from grading import packaging
    folder = tmp_path_factory.mktemp("student")
    tarball = folder / "machinelearning.tar.gz"
    packaging.make_student_kit(str(tarball), "cs188", kit.questions("cs188"))
    with tarfile.open(str(tarball)) as archive:
        archive.extractall(str(folder))
    return folder / "machinelearning"


def run(folder, command):
    words = command.split()
    assert words[0] == "python"
    return subprocess.run([sys.executable] + words[1:], cwd=str(folder),
                          env=kit.grader_environment(), capture_output=True, text=True,
                          encoding="utf-8", timeout=600)


SPANISH, ENGLISH, NEXT = "## Para estudiantes", "## For students", "## Dónde seguir"


def repository_student_sections():
    """The Spanish and the English student sections of README.md, together."""
    text = (kit.ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SPANISH)
    end = text.index(NEXT)
    assert start < text.index(ENGLISH) < end
    return text[start:end]


def test_the_readmes_give_the_students_steps():
    # The control: the scan finds what students are told to type.
    theirs = commands(repository_student_sections())
    assert "python autograder.py --check-dependencies" in theirs
    assert "python autograder.py -q q1" in theirs
    assert "python autograder.py --layout cs188 -q q4" in theirs
    assert len(theirs) >= 6
    # Both languages tell students to type the same commands, in the same order.
    sections = repository_student_sections()
    spanish, english = sections.split(ENGLISH)
    assert commands(spanish) == commands(english) == theirs


@pytest.mark.slow
def test_every_command_of_the_student_readme_works_in_a_fresh_kit(student_kit):
    text = (student_kit / "README.md").read_text(encoding="utf-8")
    for command in commands(text):
        result = run(student_kit, command)
        assert result.returncode == 0, "{}\n{}\n{}".format(command, result.stdout,
                                                           result.stderr)
        assert "Traceback" not in result.stderr, command


@pytest.mark.slow
def test_every_command_of_the_repository_readme_for_students_works(student_kit):
    for command in commands(repository_student_sections()):
        result = run(student_kit, command)
        assert result.returncode == 0, "{}\n{}\n{}".format(command, result.stdout,
                                                           result.stderr)
        assert "Traceback" not in result.stderr, command
        if command.startswith("python autograder.py") and "--check-dependencies" not in command:
            assert re.search(r"^Total: \d+/\d+$", result.stdout, flags=re.M), command


def test_the_perceptron_update_the_readmes_quote_works():
    import numpy as np

    import nn
    quoted = re.findall(r"`(self\.w\.update\([^`]+\))`", repository_student_sections())
    assert quoted and set(quoted) == {"self.w.update(x, nn.as_scalar(y))"}, quoted
    w = nn.Parameter(1, 3)
    x, y = nn.Constant(np.ones((1, 3))), nn.Constant(np.array([[-1.0]]))
    before = w.data.copy()
    eval(quoted[0], {"self": type("Model", (), {"w": w}), "x": x, "y": y, "nn": nn})
    np.testing.assert_allclose(w.data, before - 1)
    with pytest.raises(TypeError):  # the control: what the README said before
        w.update(x, y)
