"""Finding the models.py of a submission, and the kit files that came with it."""

import os

from grading import kitfiles
from grading.messages import say

KIT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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
    for name in kitfiles.CODE:
        theirs = os.path.join(folder, name)
        if os.path.isfile(theirs) and os.path.abspath(theirs) != os.path.join(KIT, name):
            with open(theirs, "rb") as a, open(os.path.join(KIT, name), "rb") as b:
                if a.read() != b.read():
                    notes.append(say("Note: the submission's {name} differs from the kit's; it "
                                     "is ignored, and the kit's own {name} is used.", name=name))
    return models, notes
