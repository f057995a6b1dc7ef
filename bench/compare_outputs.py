"""Do two versions of the kit write the same grades? Compares, byte for byte
with times and dates masked, what each writes for the same submissions:

- a batch of q1 (two attempts) and one of q2, over tests/helpers/example_batch.py's
  class: summary.csv and every <student>.json;
- Gradescope's results.json for three submissions (a full mark, a
  sys.exit, no models.py).

    python bench/compare_outputs.py --before REV [--after REV] [--keep DIR]

REV is a git revision of this repository (`--after` defaults to the working
tree). Each version runs from its own copy, `python autograder.py ...`, on
the same submission folder. Masked: seconds and time limits (they depend on
the machine's speed), the time of day, and the kit's checksum (`key` and
`settings.kit` in a JSON: a changed kit changes them by design). A JSON is
compared as data: the order of an object's keys carries no meaning, so
both sides are written with their keys sorted.

The one change of format on purpose: older kits called the status code
"completed" (graded to the end) "ok". Where the older kit writes "ok",
OLD_NAMES maps it back before the comparison, and only in the status fields
(the CSV's status column, the JSON's "status" keys); every other byte must
match.

Then it checks that the newer kit resumes from a folder the older one wrote
(exit 0, no "ok" left in summary.csv). A changed kit grades every submission
again by design (the kit's checksum is part of each grade's key), so here
they are all graded again; tests/test_resume.py checks that a kept grade's
"ok" is read as "completed". Exits 1 on any difference.
"""

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "helpers"))

import example_batch  # noqa: E402

OLD_NAMES = {"completed": "ok"}  # status codes renamed since: new -> old
STUDENTS_FOR_GRADESCOPE = ("ana", "perceptron_sys_exit", "no_models_py")
BATCHES = {"q1": ["-q", "q1", "--attempts", "2"], "q2": ["-q", "q2", "--attempts", "1"]}
COMMON = ["--time-limit", "10", "--sandbox", "bwrap", "--lang", "en", "--jobs", "2"]


def kit_copy(revision, into):
    """The kit at `revision` (None: the working tree) in the folder `into`."""
    if revision is None:
        shutil.copytree(ROOT, into, ignore=shutil.ignore_patterns(
            ".git", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache"))
        return into
    os.makedirs(into)
    archive = subprocess.run(["git", "-C", ROOT, "archive", revision], check=True,
                             stdout=subprocess.PIPE).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return into


def run(kit, args, cwd):
    result = subprocess.run([sys.executable, os.path.join(kit, "autograder.py"), *args],
                            cwd=cwd, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def grade_everything(kit, submissions, work):
    """Run the batches and the Gradescope runs with `kit`; {name: bytes} of
    what they wrote."""
    written = {}
    for name, args in BATCHES.items():
        output = os.path.join(work, "grades-" + name)
        code, log = run(kit, ["--batch", submissions, "--batch-output", output, *args,
                              *COMMON], work)
        if code != 0:
            raise SystemExit("{} --batch failed ({}):\n{}".format(kit, code, log))
        for file in sorted(os.listdir(output)):
            if file.endswith((".csv", ".json")):
                with open(os.path.join(output, file), "rb") as f:
                    written["{}/{}".format(name, file)] = f.read()
    for student in STUDENTS_FOR_GRADESCOPE:
        folder = os.path.join(work, "gradescope-" + student)
        os.makedirs(folder)
        run(kit, ["--submission", os.path.join(submissions, student), "--gradescope-output",
                  "-q", "q1", *COMMON], folder)
        with open(os.path.join(folder, "results.json"), "rb") as f:
            written["gradescope/{}/results.json".format(student)] = f.read()
    return written


SECONDS = re.compile(r"\d+(\.\d+)? s\b")
CLOCK = re.compile(r"Finished at \d+:\d\d:\d\d")


def masked_text(text):
    return CLOCK.sub("Finished at H:MM:SS", SECONDS.sub("# s", text))


def masked_json(value, new):
    """`value` (parsed JSON) with times, the kit's checksum and, if `new`,
    the renamed status codes masked."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("seconds", "execution_time", "limit", "key", "kit"):
                item = "#"
            elif key == "status" and new:
                item = OLD_NAMES.get(item, item)
            out[key] = masked_json(item, new)
        return out
    if isinstance(value, list):
        return [masked_json(item, new) for item in value]
    if isinstance(value, str):
        return masked_text(value)
    return value


def masked(name, data, new):
    """The bytes of file `name` with what may differ masked."""
    text = data.decode("utf-8")
    if name.endswith(".json"):
        indent = 2 if text.startswith("{\n") else None
        return json.dumps(masked_json(json.loads(text), new), ensure_ascii=False,
                          indent=indent, sort_keys=True) + ("\n" if text.endswith("\n") else "")
    lines = text.splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    out = [lines[0]]
    for line in lines[1:]:  # summary.csv: names hold no comma in this class but one
        cells = line.rstrip("\r\n").split(",")
        cells[-2] = "#"  # seconds
        if new:
            cells[-1] = OLD_NAMES.get(cells[-1], cells[-1])
        out.append(",".join(cells) + line[len(line.rstrip("\r\n")):])
    assert header[-2:] == ["seconds", "status"], header
    return "".join(out)


def uses_old_names(written):
    """Whether the older kit's files hold a status under its old name."""
    return any(b'"ok"' in data or b",ok\r\n" in data or b",ok\n" in data
               for data in written.values())


def compare(before, after, renaming=True):
    """How many files differ; `renaming`: statuses renamed back (OLD_NAMES)."""
    global OLD_NAMES
    if not renaming:
        OLD_NAMES = {}  # the older kit writes today's status names: nothing to rename
    differences = 0
    for name in sorted(set(before) | set(after)):
        if name not in before or name not in after:
            print("only {}: {}".format("before" if name in before else "after", name))
            differences += 1
            continue
        old, new = masked(name, before[name], False), masked(name, after[name], True)
        if before[name] == after[name]:
            print("same bytes: {}".format(name))
            continue
        if old == new:
            renamed = new != masked(name, after[name], False)
            print("same once {}: {}".format(
                "times masked and the status renamed back" if renamed else "times masked",
                name))
            continue
        differences += 1
        print("DIFFERENT: {}".format(name))
        sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                   "before/" + name, "after/" + name, n=1))
    return differences


def resumes(after_kit, submissions, work):
    """Whether the newer kit keeps every grade of a batch folder the older kit
    wrote (work/grades-q1), grading none again."""
    output = os.path.join(work, "grades-q1")
    code, log = run(after_kit, ["--batch", submissions, "--batch-output", output,
                                *BATCHES["q1"], *COMMON], work)
    graded_again = [line for line in log.splitlines() if line.startswith("[")]
    print("resuming from the older kit's q1 folder: exit {}, {} graded again".format(
        code, len(graded_again)))
    for line in log.splitlines():
        if "graded before" in line or "graded again" in line:
            print("  " + line)
    with open(os.path.join(output, "summary.csv"), encoding="utf-8") as f:
        statuses = sorted({line.rstrip("\n").split(",")[-1] for line in list(f)[1:]})
    print("  its summary.csv's statuses now: {}".format(", ".join(statuses)))
    return code == 0 and not set(statuses) & set(OLD_NAMES.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="a git revision: the older kit")
    parser.add_argument("--after", help="a git revision (default: the working tree)")
    parser.add_argument("--keep", help="a folder to keep everything in (default: removed)")
    args = parser.parse_args()
    top = args.keep or tempfile.mkdtemp(prefix="compare-outputs-")
    try:
        submissions = os.path.join(top, "entregas")
        example_batch.write(submissions)
        kits, written = {}, {}
        for side, revision in (("before", args.before), ("after", args.after)):
            kits[side] = kit_copy(revision, os.path.join(top, side + "-kit"))
            work = os.path.join(top, side)
            os.makedirs(work)
            written[side] = grade_everything(kits[side], submissions, work)
        renaming = uses_old_names(written["before"])
        renamed = ", and status {} read as {}".format(*next(iter(OLD_NAMES.items())))
        print("{} files each; compared with seconds, time limits, the clock and the kit's "
              "checksum masked{}:".format(len(written["after"]), renamed if renaming else ""))
        differences = compare(written["before"], written["after"], renaming)
        resumed = resumes(kits["after"], submissions, os.path.join(top, "before"))
        print("{} files differ; resuming {}".format(differences,
                                                     "works" if resumed else "FAILED"))
        return 1 if differences or not resumed else 0
    finally:
        if not args.keep:
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
