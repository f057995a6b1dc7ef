"""The kit as files: which files make it, the students' skeleton of
models.py, and what instructors hand out and upload.

    python autograder.py --make-student-kit machinelearning.tar.gz [--layout L]
    python autograder.py --make-gradescope-zip autograder.zip [--layout L]
    python -m grading.packaging models.py > skeleton.py     # the skeleton alone

Which files make the kit is one list (KIT, CODE, PACKAGE, DATA, SUMS), read
by the child's folder (runner.py), the packages below, the submission
finder and the tests. The skeleton: solution lines sit between
`# BEGIN SOLUTION` and `# END SOLUTION`, each on a line of its own; the
block becomes `"*** YOUR CODE HERE ***"` at the indentation of its BEGIN
line, and everything outside the fences is kept as it is.

The student kit is one folder (named after the tarball) with models.py cut to
the skeleton, nn.py, backend.py, the autograder with the layout as its
default, the data and a README for students. The Gradescope zip holds the
kit (with the solved models.py left out) and, at its root, setup.sh and
run_autograder from gradescope/.
"""

import io
import os
import re
import sys
import tarfile
import time
import zipfile

KIT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODE = ("nn.py", "backend.py", "plots.py", "spanish.py", "autograder.py")  # with grading/
PACKAGE = "grading"
DATA = ("mnist.npz", "lang_id.npz")              # in data/, with README.md and SHA256SUMS
SUMS = "SHA256SUMS"


def read_sums(path):
    """{file name: SHA-256} from a SHA256SUMS file (`sha256sum`'s format)."""
    sums = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                digest, name = line.split()
                sums[name] = digest
    return sums

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
PLACEHOLDER = '"*** YOUR CODE HERE ***"'


def cut_solutions(source):
    """The skeleton of `source`; raises ValueError on unbalanced fences."""
    lines, inside = [], None
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside is not None:
                raise ValueError("line {}: BEGIN SOLUTION inside the block opened at line {}"
                                 .format(number, inside))
            inside = number
            indent = line[:len(line) - len(line.lstrip())]
            lines.append(indent + PLACEHOLDER + "\n")
        elif marker == END:
            if inside is None:
                raise ValueError("line {}: END SOLUTION without BEGIN SOLUTION".format(number))
            inside = None
        elif inside is None:
            lines.append(line)
    if inside is not None:
        raise ValueError("the block opened at line {} is never closed".format(inside))
    return "".join(lines)


HERE = os.path.join(KIT, PACKAGE)
KIT_FILES = tuple(name for name in CODE if name != "autograder.py") + (
    "requirements.txt",)
DATA_FILES = DATA + ("README.md", SUMS)
GRADING_FILES = sorted(name for name in os.listdir(HERE) if name.endswith(".py"))


def autograder_source(layout):
    """autograder.py with `layout` as its default."""
    with open(os.path.join(KIT, "autograder.py"), encoding="utf-8") as f:
        source = f.read()
    source, count = re.subn(r'(?m)^DEFAULT_LAYOUT = "\w+"$',
                            'DEFAULT_LAYOUT = "{}"'.format(layout), source)
    assert count == 1, "DEFAULT_LAYOUT not found in autograder.py"
    return source


def kit_files(layout):
    """[(path inside the kit, bytes)] common to both packages, models.py excepted."""
    files = []
    for name in KIT_FILES:
        files.append((name, _read(os.path.join(KIT, name))))
    files.append(("autograder.py", autograder_source(layout).encode("utf-8")))
    for name in GRADING_FILES:
        files.append(("grading/" + name, _read(os.path.join(HERE, name))))
    for name in DATA_FILES:
        files.append(("data/" + name, _read(os.path.join(KIT, "data", name))))
    return files


def make_student_kit(path, layout, questions):
    """Write the students' tarball at `path` for `layout`, whose questions are
    [(name, Question)]; return the list of its files."""
    top = re.sub(r"(\.tar\.gz|\.tgz)$", "", os.path.basename(path)) or "machinelearning"
    with open(os.path.join(KIT, "models.py"), encoding="utf-8") as f:
        skeleton = cut_solutions(f.read())
    files = kit_files(layout) + [
        ("models.py", skeleton.encode("utf-8")),
        ("README.md", student_readme(questions).encode("utf-8")),
    ]
    stamp = time.time()
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files:
            info = tarfile.TarInfo("{}/{}".format(top, name))
            info.size, info.mtime, info.mode = len(content), stamp, 0o644
            tar.addfile(info, io.BytesIO(content))
    return [name for name, _ in files]


def make_gradescope_zip(path, layout, timeout=600):
    """Write the zip to upload as a Gradescope autograder; return its files.
    `timeout`: the autograder timeout set on Gradescope, in seconds; the
    grading runs within it, a minute to spare (run_autograder's TIME_BUDGET)."""
    files = kit_files(layout)
    files.append(("setup.sh", _read(os.path.join(KIT, "gradescope", "setup.sh"))))
    files.append(("run_autograder", run_autograder_source(timeout).encode("utf-8")))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            executable = name in ("setup.sh", "run_autograder")
            info.external_attr = (0o755 if executable else 0o644) << 16
            archive.writestr(info, content)
    return [name for name, _ in files]


GRADESCOPE_MARGIN = 60  # seconds of Gradescope's timeout left for starting up and reporting


def run_autograder_source(timeout):
    """gradescope/run_autograder with its time budget fitted to `timeout`."""
    if timeout < 2 * GRADESCOPE_MARGIN:
        raise ValueError("a Gradescope timeout of {} s leaves no time to grade; set at least "
                         "{} s".format(timeout, 2 * GRADESCOPE_MARGIN))
    with open(os.path.join(KIT, "gradescope", "run_autograder"), encoding="utf-8") as f:
        source = f.read()
    source, count = re.subn(r"(?m)^TIME_BUDGET=\d+", "TIME_BUDGET={}".format(
        timeout - GRADESCOPE_MARGIN), source)
    assert count == 1, "TIME_BUDGET not found in gradescope/run_autograder"
    return source


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def question_list(questions, language):
    """'Q1 perceptron, Q2 ... (18 points)' for [(name, Question)]; language 0 Spanish, 1 English."""
    listed = ", ".join("{} {}".format(name.upper(), question.title[language])
                       for name, question in questions)
    total = sum(question.points for _, question in questions)
    return "{} ({} {})".format(listed, total, ("puntos", "points")[language])


def student_readme(questions):
    """The students' README for the layout's [(name, Question)]."""
    return """# Proyecto 3b: Aprendizaje automático

## Español

Preguntas: {es}.

1. Instala lo necesario (Python 3.9 o posterior): `python -m pip install -r requirements.txt`
2. Comprueba la instalación: `python autograder.py --check-dependencies`
3. Completa `models.py` donde dice `"*** YOUR CODE HERE ***"`. Lee `nn.py` y `backend.py`,
   pero no los modifiques: el calificador usa sus propias copias.
4. Califica una pregunta: `python autograder.py -q q1`; todas: `python autograder.py`.
   Sin ventanas: `--no-graphics`. Mensajes en inglés: `--lang en`.

Un error en tu código solo cuesta los puntos de esa pregunta. Cada pregunta tiene un límite
de tiempo: si tu entrenamiento no termina, el calificador lo detiene y te lo dice.

## English

Questions: {en}.

1. Install what is needed (Python 3.9 or newer): `python -m pip install -r requirements.txt`
2. Check your set-up: `python autograder.py --check-dependencies`
3. Complete `models.py` where it says `"*** YOUR CODE HERE ***"`. Read `nn.py` and
   `backend.py`, but do not change them: the grader uses its own copies.
4. Grade one question: `python autograder.py -q q1`; all of them: `python autograder.py`.
   No windows: `--no-graphics`. Messages in Spanish: `--lang es`.

A mistake in your code costs only that question's points. Each question has a time limit:
if your training never ends, the grader stops it and tells you.

Data: `data/README.md` (MNIST, CC BY-SA 3.0; word lists from wordfreq, CC BY-SA 4.0).
""".format(es=question_list(questions, 0), en=question_list(questions, 1))


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        sys.stdout.write(cut_solutions(file.read()))
