"""Which submissions look alike: `--batch DIR --similarity [--reference KNOWN]`.

Every pair of submissions' models.py is compared, and each against the known
solutions in KNOWN (public ones an instructor collected, say), with
copydetect: winnowed fingerprints of the code with names, strings and
comments left out, as MOSS does, so renamed variables and reordered
functions still match. The students' skeleton (grading/skeleton.py, cut
from the kit's models.py) is boilerplate: code every submission starts
from never counts. copydetect is for instructors only, in
requirements-instructor.txt.

A pair is flagged when at least `threshold` of either side's code (after
the boilerplate) matches the other side, and the matching code is at least
MINIMUM characters long (as copydetect counts them: with every name one
character): a skeleton with only the short perceptron filled in matches
most of a full solution's perceptron, which is no sign of copying.

One odd file must not stop the batch: a models.py over LARGEST bytes (weights
pasted as a list, say), or one that cannot be read or fingerprinted, is left
out, and so is a pair whose comparison fails; each with a note (the
Comparison's `notes`) that the command line prints and report.html shows.
"""

import csv
import io
import os

from grading.kitfiles import KIT
from grading.messages import say
from grading.results import write_whole
from grading.skeleton import cut_solutions
from grading.submissions import find_submission, find_submissions

THRESHOLD = 0.5  # the reference against an independent solution shares about 0.25
NOISE = 25       # copydetect's defaults: matches shorter than NOISE characters are ignored,
GUARANTEE = 25   # and any match of GUARANTEE characters is found
# The matching code a flagged pair needs, in copydetect's characters. Measured
# against the reference: its perceptron alone, copied with names changed,
# matches 210; an independent solution (tests/alt_solution) 310 in all; each
# other question copied alone 460 to 580; a whole copy 1660.
MINIMUM = 400
LARGEST = 1_000_000  # bytes: a larger models.py is not compared
REQUIREMENTS = "requirements-instructor.txt"


class Pair:
    """Two similar models.py: `first`, a submission; `second`, a submission or,
    if `reference`, a known solution; `shares`, the fraction of each side's
    code that matches; `matched`, how much code matches (copydetect's
    characters, see MINIMUM); `regions`, each side's matching (start, end)
    character ranges; `sources`, their text."""

    def __init__(self, first, second, reference, shares, matched, regions, sources):
        self.first, self.second, self.reference = first, second, reference
        self.shares, self.matched = shares, matched
        self.regions, self.sources = regions, sources


class Comparison:
    """What was compared and the pairs over the threshold, most similar first;
    `notes`: what was left out and why (sentences to show)."""

    def __init__(self, pairs, threshold, submissions, references, reference_folder=None,
                 notes=()):
        self.pairs, self.threshold = pairs, threshold
        self.submissions, self.references = submissions, references
        self.reference_folder = reference_folder
        self.notes = list(notes)


def missing():
    """None when copydetect can be imported; else what to say."""
    try:
        import copydetect  # noqa: F401
    except ImportError:
        return say("--similarity needs copydetect, a package for instructors only. Install it "
                   "with: python -m pip install -r {requirements}", requirements=REQUIREMENTS)
    return None


def skeleton():
    """The students' skeleton: the kit's models.py cut by grading/skeleton.py
    (already a skeleton in a student's kit)."""
    with open(os.path.join(KIT, "models.py"), encoding="utf-8") as f:
        return cut_solutions(f.read())


def read_models(submissions, notes, reference=False):
    """[(name, text of its models.py)] for each (name, path) of a submission
    (grading/submissions.py's find_submissions; known solutions if `reference`);
    those without one are left out, and those over LARGEST bytes or that
    cannot be read too, with a note added to `notes`."""
    found = []
    for name, path in submissions:
        try:
            models, _ = find_submission(path)
            size = os.path.getsize(models)
            if size > LARGEST:
                notes.append(say("{name}: not compared, its models.py has {size} bytes (more "
                                 "than {largest}).", name=_label(name, reference), size=size,
                                 largest=LARGEST))
                continue
            with open(models, encoding="utf-8", errors="replace") as f:
                found.append((name, f.read()))
        except FileNotFoundError:
            continue  # no models.py: its grade says so
        except Exception as error:
            notes.append(_failed(_label(name, reference), error))
    return found


def _label(name, reference):
    """How a note names a submission, or a known solution if `reference`."""
    return say("{name} (known solution)", name=name) if reference else name


def _failed(name, error):
    """The note on `name` (a submission, or a pair) left out after `error`."""
    return say("{name}: not compared, {error}", name=name,
               error="{}: {}".format(type(error).__name__, error))


def compare(submissions, boilerplate, references=(), threshold=THRESHOLD, minimum=MINIMUM,
            notes=None):
    """The pairs over `threshold` with `minimum` characters or more matching
    among `submissions` [(name, source)], and between each of them and
    `references` [(name, source)], with the code of `boilerplate` (a source)
    left out; most similar first. A source that cannot be fingerprinted, or
    a pair that cannot be compared, is left out with a note added to `notes`
    (a list)."""
    notes = [] if notes is None else notes
    skip = _fingerprint(boilerplate).hashes
    mine = _fingerprints(submissions, skip, notes)
    known = _fingerprints(references, skip, notes, reference=True)
    pairs = []
    for index, (first, source, prints) in enumerate(mine):
        others = [(other, True) for other in known] + [(other, False)
                                                       for other in mine[index + 1:]]
        for (second, other_source, other_prints), reference in others:
            try:
                pair = _pair(first, source, prints, second, other_source, other_prints,
                             reference)
            except Exception as error:
                notes.append(_failed(say("{first} and {second}", first=first,
                                         second=_label(second, reference)), error))
                continue
            if max(pair.shares) >= threshold and pair.matched >= minimum:
                pairs.append(pair)
    pairs.sort(key=lambda pair: (-max(pair.shares), pair.first, pair.second))
    return pairs


def _pair(first, source, prints, second, other_source, other_prints, reference):
    """The Pair of two fingerprinted sources, with their matching regions."""
    from copydetect.detector import compare_files
    matched, shares, slices = compare_files(prints, other_prints)
    # pygments strips a file's leading blank lines: their characters are added back
    regions = [[(start + blank, end + blank)
                for start, end in zip(s[0].tolist(), s[1].tolist())] if len(s) else []
               for s, blank in zip(slices, (_leading(source), _leading(other_source)))]
    return Pair(first, second, reference, tuple(float(s) for s in shares), int(matched),
                regions, (source, other_source))


def _fingerprints(sources, skip, notes, reference=False):
    """[(name, source, fingerprint)] for each (name, source) of `sources`
    (known solutions if `reference`) that can be fingerprinted; a note in
    `notes` on each that cannot."""
    found = []
    for name, source in sources:
        try:
            found.append((name, source, _fingerprint(source, skip)))
        except Exception as error:
            notes.append(_failed(_label(name, reference), error))
    return found


def _leading(source):
    """How many newlines start `source` (pygments leaves them out)."""
    return len(source) - len(source.lstrip("\n"))


def _fingerprint(source, skip=frozenset()):
    """copydetect's fingerprint of `source`, without the hashes in `skip`.
    copydetect 0.5 removes a boilerplate itself with np.intersect1d(...,
    assume_unique=True) on hashes that repeat, and so keeps all but the first
    of each repeated piece of the boilerplate: it is removed here instead."""
    from copydetect.detector import CodeFingerprint
    from copydetect.utils import get_token_coverage
    prints = CodeFingerprint("models.py", NOISE, GUARANTEE - NOISE + 1, fp=io.StringIO(source))
    prints.hashes = prints.hashes - skip
    prints.hash_idx = {h: where for h, where in prints.hash_idx.items() if h not in skip}
    prints.token_coverage = get_token_coverage(prints.hash_idx, NOISE,
                                               len(prints.filtered_code))
    return prints


def write_csv(path, comparison):
    """similarity.csv: one row per pair over the threshold, written whole or
    not at all."""
    def write(f):
        writer = csv.writer(f)
        writer.writerow(["student", "other", "other_is", "share_student", "share_other",
                         "matched_characters"])
        for pair in comparison.pairs:
            writer.writerow([pair.first, pair.second,
                             "known solution" if pair.reference else "submission",
                             "{:.3f}".format(pair.shares[0]), "{:.3f}".format(pair.shares[1]),
                             pair.matched])
    write_whole(path, write, newline="")


def compare_folder(folder, reference_folder=None, threshold=THRESHOLD):
    """The Comparison of the submissions in `folder` (as --batch finds them)
    with each other and with those in `reference_folder`."""
    notes = []
    submissions = read_models(find_submissions(folder), notes)
    references = []
    if reference_folder:
        references = read_models(find_submissions(reference_folder), notes, reference=True)
    return Comparison(compare(submissions, skeleton(), references, threshold, notes=notes),
                      threshold, len(submissions), len(references), reference_folder, notes)
