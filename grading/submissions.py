"""Finding submissions: those in a folder (a folder or a .py file per
student), the models.py of each, and the kit files that came with it."""

import hashlib
import os
import unicodedata

from grading import packaging
from grading.packaging import KIT
from grading.report import say


def find_submissions(folder):
    """[(student, path)] for every submission in `folder`, sorted by student.

    A student is named after the folder, or after the file without its .py.
    Names are unique: when a folder and a file would share one (`ana/` and
    `ana.py`), the folder keeps it and the file keeps its .py ("ana.py")."""
    entries = []  # (name, the entry's full name, path)
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if entry.startswith("."):
            continue
        if os.path.isdir(path):
            entries.append((entry, entry, path))
        elif entry.endswith(".py"):
            entries.append((entry[:-3], entry, path))
    folders = {name for name, full, path in entries if os.path.isdir(path)}
    found, taken = [], set()
    for name, full, path in entries:
        if name in folders and not os.path.isdir(path):
            name = full
        name = unused_name(name, taken, "{} ({})")
        taken.add(name)
        found.append((name, path))
    return sorted(found)


def unused_name(name, taken, pattern, fold=str):
    """`name`, or the first of pattern.format(name, 2), ... whose fold(...)
    is not in `taken`."""
    number, candidate = 1, name
    while fold(candidate) in taken:
        number += 1
        candidate = pattern.format(name, number)
    return candidate


def find_submission(path):
    """The models.py of a submission (a file or a folder) and notes on the kit
    files that came with it; raises FileNotFoundError with a message."""
    path = os.path.abspath(path)
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    models = os.path.join(path, "models.py") if os.path.isdir(path) else path
    if os.path.isdir(path) and not os.path.isfile(models):
        # e.g. a Gradescope upload of the whole folder: the only models.py below
        found = [os.path.join(root, "models.py") for root, _, files in os.walk(path)
                 if "models.py" in files]
        if len(found) == 1:
            models = found[0]
            folder = os.path.dirname(models)
    if not os.path.isfile(models):
        raise FileNotFoundError(say("No models.py at {path}: give the path of a models.py, or of "
                                    "a folder holding one.", path=path))
    notes = []
    for name in packaging.CODE:
        theirs = os.path.join(folder, name)
        if os.path.isfile(theirs) and os.path.abspath(theirs) != os.path.join(KIT, name):
            with open(theirs, "rb") as a, open(os.path.join(KIT, name), "rb") as b:
                if a.read() != b.read():
                    notes.append(say("Note: the submission's {name} differs from the kit's; it "
                                     "is ignored, and the kit's own {name} is used.", name=name))
    return models, notes


# --------------------------------------------------------------------------
# Which students a shard grades (grading/shards.py)
# --------------------------------------------------------------------------

def shard_of(student, count):
    """The shard (1 to `count`) that grades `student`: the SHA-256 of the
    name (in Unicode's NFC form, so a name typed on macOS and on Linux is the
    same name) modulo `count`. The same on every machine and Python version."""
    name = unicodedata.normalize("NFC", student).encode("utf-8")
    return int.from_bytes(hashlib.sha256(name).digest()[:8], "big") % count + 1


def select_shard(students, shard, count):
    """The students of `students` (names) that shard `shard` of `count` grades,
    in their order."""
    return [student for student in students if shard_of(student, count) == shard]


def shard_sizes(students, count):
    """[how many of `students` each shard 1..count grades]."""
    sizes = [0] * count
    for student in students:
        sizes[shard_of(student, count) - 1] += 1
    return sizes
