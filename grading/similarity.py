"""Which submissions look alike: `--batch DIR --similarity [--reference KNOWN]
[--boilerplate FILE]...`.

Every pair of submissions' models.py is compared, and each against the known
solutions in KNOWN (public ones an instructor collected, say), with
copydetect: fingerprints (every k-gram of NOISE characters) of the code with
names, strings and comments left out, as MOSS does, so renamed variables,
new comments and reordered functions still match. copydetect is for
instructors only, in requirements-instructor.txt.

Left out of every comparison, as boilerplate: the students' skeleton
(grading/packaging.py, cut from the kit's models.py), also as students who
delete its docstrings hand it in (dictated()), each --boilerplate FILE
(another skeleton, a hint handed out), and code found in more than COMMON
of the submissions, and in COMMON_FROM at least (MOSS's -m): what most of a
class writes alike, or was given, is no sign of copying. Copies must not
make their own code common: students flagged together count as one, and
the class is compared again until those groups stay the same. (So a
solution that more than half of the class copied is not found, not even
against --reference: the class's picture is all the rule has.)

The solution space of this assignment is small: most lines of any correct
solution look like every other's, so independent solutions share many
short stretches of code (`nn.ReLU(nn.AddBias(nn.Linear(x, w), b))`).
Copying shows as long stretches. So a pair is scored by its code in shared
fragments of FRAGMENT characters or more (as copydetect counts them, with
each name one character: about three lines): `copied`, the smaller of the
two sides' counts (JPlag's minimum match length, and Dolos's longest
fragment, rest on the same idea). A pair is flagged when its score stands
above the class's typical pair (the median over all pairs) by MINIMUM
characters or more, and by OUTLIER robust standard deviations (1.4826
times the median absolute deviation, at least SPREAD): the class's own
picture decides, so a fragment everyone shares lifts the typical pair with
it; but a pair with CEILING characters or more is flagged in any class (in a
small one where most pairs are copies, the typical pair is a copy too).
bench/bench_similarity.py measured the constants on a class of independent
solutions and disguised copies. A flag is a reason to look at the two
files, not a verdict.

Every pair is kept (similarity.csv, most similar first, with its signals:
the score, the longest fragment, the shares, how far above the class it
stands); report.html shows the top pairs, why each flagged one is, and a
histogram of the class.

One odd file must not stop the batch: a models.py over LARGEST bytes (weights
pasted as a list, say), or one that cannot be read or fingerprinted, is left
out, and so is a pair whose comparison fails; each with a note (the
Comparison's `notes`) that the command line prints and report.html shows.
"""

import ast
import bisect
import collections
import csv
import io
import os
import statistics

from grading.packaging import BEGIN, END, KIT, cut_solutions
from grading.report import say
from grading.submissions import find_submission, find_submissions
from grading.summaries import write_whole

NOISE = 25       # copydetect's k: code is fingerprinted by every k-gram of NOISE characters
GUARANTEE = 25   # copydetect's defaults: any match of GUARANTEE characters is found
FRAGMENT = 100   # shared code counts in fragments of at least this many characters
MINIMUM = 250    # a flagged pair's score is above the class's typical pair's by this much,
OUTLIER = 3.5    # and by this many robust standard deviations (the Iglewicz-Hoaglin cut),
SPREAD = 25      # the deviation taken as at least this many characters;
CEILING = 600    # and from this score on, flagged whatever the class (where copies are typical)
COMMON = 0.5     # code in more than this share of the submissions is the class's,
COMMON_FROM = 5  # if it is in this many or more (a ring of four copies is never left out)
THRESHOLD = None  # no share flags a pair by itself, unless --similarity-threshold says so:
# --similarity-threshold SHARE keeps the rule before issue 20 beside this one:
# also flag a pair where SHARE of one side's code matches, OLD_MINIMUM characters or more.
OLD_MINIMUM = 400
LARGEST = 1_000_000  # bytes: a larger models.py is not compared
REQUIREMENTS = "requirements-instructor.txt"


class Pair:
    """Two models.py compared: `first`, a submission; `second`, a submission
    or, if `reference`, a known solution; `shares`, the fraction of each
    side's code that matches (all matches, short ones too); `matched`, how
    much code matches (copydetect's characters); `copied`, the score: code in
    shared fragments of FRAGMENT characters or more (the smaller side's
    count); `longest`, the longest shared fragment's characters and
    `longest_lines`, its (first, last) line on each side; `regions`, each
    side's (start, end) character ranges in fragments of FRAGMENT or more;
    `sources`, their text. Set by the class (rank): `typical`, `excess`
    (copied - typical), `deviations` (the robust z-score), `percentile`,
    `flagged` and `reasons`."""

    def __init__(self, first, second, reference, shares, matched, regions, sources,
                 copied=0, longest=0, longest_lines=None):
        self.first, self.second, self.reference = first, second, reference
        self.shares, self.matched = shares, matched
        self.regions, self.sources = regions, sources
        self.copied, self.longest, self.longest_lines = copied, longest, longest_lines
        self.typical = self.excess = self.deviations = self.percentile = 0
        self.flagged, self.reasons = False, []


class Comparison:
    """What was compared: every pair, most similar first; `flagged`, those
    flagged; `typical`, `spread` and `cut`: the class's median score, its
    robust standard deviation and the score a pair needs to be flagged;
    `common`: how many submissions a fragment must be in to be left out
    as the class's own (None when the class is too small); `boilerplate`:
    the --boilerplate files; `notes`: what was left out and why."""

    def __init__(self, pairs, threshold, submissions, references, reference_folder=None,
                 notes=(), boilerplate=(), rank=None):
        self.pairs, self.threshold = pairs, threshold
        self.submissions, self.references = submissions, references
        self.reference_folder = reference_folder
        self.notes = list(notes)
        self.boilerplate = list(boilerplate)
        rank = rank or Rank(pairs)
        self.typical, self.spread, self.cut = rank.typical, rank.spread, rank.cut
        self.common = rank.common

    @property
    def flagged(self):
        return [pair for pair in self.pairs if pair.flagged]

    def closest(self, names):
        """{name: its most similar Pair} for each of `names` compared."""
        found = {}
        for pair in self.pairs:  # most similar first
            for name in (pair.first,) if pair.reference else (pair.first, pair.second):
                if name in names and name not in found:
                    found[name] = pair
        return found


class Rank:
    """The class's picture of a list of pairs: `typical` (median score),
    `spread` (robust standard deviation, at least SPREAD) and `cut`."""

    def __init__(self, pairs, common=None):
        scores = [pair.copied for pair in pairs]
        self.typical = statistics.median(scores) if scores else 0
        deviation = statistics.median(abs(s - self.typical) for s in scores) if scores else 0
        self.spread = max(1.4826 * deviation, SPREAD)
        self.cut = min(self.typical + max(MINIMUM, OUTLIER * self.spread), CEILING)
        self.common = common


def missing():
    """None when copydetect can be imported; else what to say."""
    try:
        import copydetect  # noqa: F401
    except ImportError:
        return say("--similarity needs copydetect, a package for instructors only. Install it "
                   "with: python -m pip install -r {requirements}", requirements=REQUIREMENTS)
    return None


def skeleton():
    """The students' skeleton: the kit's models.py cut by grading/packaging.py
    (already a skeleton in a student's kit)."""
    with open(os.path.join(KIT, "models.py"), encoding="utf-8") as f:
        return cut_solutions(f.read())


def kit_boilerplate():
    """What every comparison leaves out: the skeleton, as handed out and
    without its docstrings (dictated())."""
    return [skeleton(), dictated()]


def dictated():
    """The skeleton as a student who deletes its docstrings hands it in,
    with the one line each get_loss is told to write (`use nn.SquareLoss`):
    `def get_loss(self, x, y): return nn.SquareLoss(self.run(x), y)` then
    `def train(self, dataset):` stands in every correct solution without
    docstrings, so it is boilerplate too. Made from the kit's models.py:
    its fenced solutions cut but get_loss's, its docstrings left out."""
    with open(os.path.join(KIT, "models.py"), encoding="utf-8") as f:
        source = f.read()
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines, method, inside = [], None, False
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker.startswith("def "):
            method = marker[4:].split("(")[0]
        if marker in (BEGIN, END):
            inside = marker == BEGIN
        elif number not in docstrings and (not inside or method == "get_loss"):
            lines.append(line)
    return "".join(lines)


def read_boilerplate(paths):
    """The text of each --boilerplate file; an OSError or UnicodeDecodeError
    names the file."""
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    return texts


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


def compare(submissions, boilerplate, references=(), threshold=None, notes=None, rank=None):
    """Every pair among `submissions` [(name, source)], and between each of
    them and `references` [(name, source)], with the code of `boilerplate`
    (a source, or a list of sources) left out, and the class's common code
    too; ranked and flagged against the class (most similar first). A
    `threshold` (a share) also flags the pairs the rule before issue 20
    did. A source that cannot be fingerprinted, or a pair that cannot be
    compared, is left out with a note added to `notes` (a list). `rank`, a
    list, receives the class's Rank."""
    notes = [] if notes is None else notes
    if isinstance(boilerplate, str):
        boilerplate = [boilerplate]
    skip = set()
    for text in boilerplate:
        skip |= _fingerprint(text).hashes
    mine = _fingerprints(submissions, skip, notes)
    known = _fingerprints(references, skip, notes, reference=True)
    failed = set()
    # Code in more than COMMON of the submissions is the class's. Copies must not
    # make their own code common: students flagged together count once, and the
    # class is compared again until the groups stay the same (a few rounds).
    groups, before = [[index] for index in range(len(mine))], None
    for _ in range(4):
        common, shared = _common(mine, groups)
        if shared == before:
            break  # the same code left out: the same pairs
        _leave_out_common(mine, known, shared)
        pairs = _pairs(mine, known, notes, failed)
        found = Rank(pairs, common)
        _judge(pairs, found, threshold)
        before, again = shared, _groups(len(mine), [
            (p.first_index, p.second_index) for p in pairs if p.flagged and not p.reference])
        if again == groups:
            break
        groups = again
    pairs.sort(key=lambda pair: (-pair.copied, -max(pair.shares), pair.first, pair.second))
    if rank is not None:
        rank.append(found)
    return pairs


def _common(mine, groups):
    """(how many submissions, the hashes): the code that more than COMMON
    of the submissions `mine` have, and COMMON_FROM at least, each of
    `groups` (lists of indexes) counted once; (None, empty) where the class
    is too small."""
    if len(mine) < COMMON_FROM:
        return None, set()
    counts = collections.Counter()
    for group in groups:
        counts.update(set().union(*(mine[index][2].whole[0] for index in group)))
    common = max(int(COMMON * len(groups)) + 1, COMMON_FROM)  # more than COMMON of them
    return common, {h for h, count in counts.items() if count >= common}


def _leave_out_common(mine, known, shared):
    """Take the hashes `shared` out of every fingerprint of `mine` and
    `known`, as they were fingerprinted (not after an earlier round)."""
    for _, _, prints in mine + known:
        prints.hashes, prints.hash_idx, prints.token_coverage = prints.whole
        _leave_out(prints, shared)


def _pairs(mine, known, notes, failed):
    """Every Pair among the fingerprinted submissions `mine` and between
    them and `known`; a pair that cannot be compared gets a note in `notes`
    (once: `failed` holds those already noted)."""
    pairs = []
    for index, (first, source, prints) in enumerate(mine):
        others = [(other, True, None) for other in known] + [
            (other, False, index + 1 + k) for k, other in enumerate(mine[index + 1:])]
        for (second, other_source, other_prints), reference, other_index in others:
            try:
                pair = _pair(first, source, prints, second, other_source, other_prints,
                             reference)
            except Exception as error:
                if (first, second, reference) not in failed:
                    failed.add((first, second, reference))
                    notes.append(_failed(say("{first} and {second}", first=first,
                                             second=_label(second, reference)), error))
                continue
            pair.first_index, pair.second_index = index, other_index
            pairs.append(pair)
    return pairs


def _groups(count, links):
    """The groups (sorted lists) of `count` indexes joined by `links` [(a, b)]."""
    parent = list(range(count))

    def root(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    for a, b in links:
        parent[root(a)] = root(b)
    groups = collections.defaultdict(list)
    for index in range(count):
        groups[root(index)].append(index)
    return sorted(groups.values())


def _judge(pairs, rank, threshold):
    """Set each pair's standing in the class, whether it is flagged and why."""
    scores = sorted(pair.copied for pair in pairs)
    for pair in pairs:
        pair.typical = rank.typical
        pair.excess = pair.copied - rank.typical
        pair.deviations = pair.excess / rank.spread
        pair.percentile = 100.0 * bisect.bisect_left(scores, pair.copied) / len(scores)
        pair.reasons = []
        if pair.copied >= rank.cut:
            pair.reasons.append(say(
                "{copied} characters in long shared fragments, where the class's typical pair "
                "has {typical} ({deviations:.1f} robust standard deviations above it)",
                copied=pair.copied, typical=round(rank.typical), deviations=pair.deviations))
        if (threshold is not None and max(pair.shares) >= threshold
                and pair.matched >= OLD_MINIMUM):
            pair.reasons.append(say(
                "{share:.0f}% of one side's code matches the other (--similarity-threshold "
                "{threshold:.0f}%)", share=100 * max(pair.shares), threshold=100 * threshold))
        pair.flagged = bool(pair.reasons)


def _pair(first, source, prints, second, other_source, other_prints, reference):
    """The Pair of two fingerprinted sources, with their fragments."""
    from copydetect.detector import compare_files
    matched, shares, _ = compare_files(prints, other_prints)
    fragments = _fragments(prints, other_prints)
    long = [f for f in fragments if f[2] >= FRAGMENT]
    copied = min(_covered([(i, i + n) for i, _, n in long]),
                 _covered([(j, j + n) for _, j, n in long]))
    regions, longest_lines, longest = [[], []], None, 0
    sides = ((prints, source, 0), (other_prints, other_source, 1))
    for prints_, text, side in sides:
        spans = _merged([(f[side], f[side] + f[2]) for f in long])
        regions[side] = [_original(prints_, text, start, end) for start, end in spans]
    if fragments:
        i, j, longest = max(fragments, key=lambda f: (f[2], -f[0]))
        longest_lines = tuple(_line_span(text, *_original(prints_, text, start, start + longest))
                              for (prints_, text, _), start in zip(sides, (i, j)))
    return Pair(first, second, reference, tuple(float(s) for s in shares), int(matched),
                regions, (source, other_source), copied=int(copied), longest=int(longest),
                longest_lines=longest_lines)


def _fragments(prints, other_prints):
    """[(i, j, length)]: the maximal stretches of filtered code that both
    sides share, at i in the first and j in the second (a run of k-grams
    that match one after another on both sides); length in characters."""
    import numpy as np
    first, second = [], []
    for h in prints.hashes & other_prints.hashes:
        for i in prints.hash_idx[h]:
            for j in other_prints.hash_idx[h]:
                first.append(i)
                second.append(j)
    if not first:
        return []
    i, j = np.array(first), np.array(second)
    diagonal = j - i
    order = np.lexsort((i, diagonal))
    i, diagonal = i[order], diagonal[order]
    # A new fragment starts where the diagonal changes or the k-grams are not consecutive.
    starts = np.flatnonzero(np.r_[True, (np.diff(diagonal) != 0) | (np.diff(i) != 1)])
    ends = np.r_[starts[1:], len(i)] - 1
    k = prints.k
    return [(int(i[s]), int(i[s] + diagonal[s]), int(i[e] - i[s] + k))
            for s, e in zip(starts, ends)]


def _merged(spans):
    """`spans` [(start, end)] merged where they overlap, in order."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _covered(spans):
    """How many characters the `spans` [(start, end)] cover together."""
    return sum(end - start for start, end in _merged(spans))


def _original(prints, source, start, end):
    """The (start, end) in `source` of filtered code [start, end) (as
    copydetect maps its slices, and pygments strips leading blank lines)."""
    import numpy as np
    out = []
    for position in (start, end):
        if len(prints.offsets):
            where = np.clip(np.searchsorted(prints.offsets[:, 0], position), 0,
                            prints.offsets.shape[0] - 1)
            position += int(prints.offsets[where, 1])
        out.append(position + _leading(source))
    return tuple(out)


def _line_span(source, start, end):
    """The (first, last) line numbers (from 1) of source[start:end]."""
    return (source.count("\n", 0, start) + 1,
            source.count("\n", 0, max(end - 1, start)) + 1)


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
    prints = CodeFingerprint("models.py", NOISE, GUARANTEE - NOISE + 1, fp=io.StringIO(source))
    _leave_out(prints, skip)
    prints.whole = (prints.hashes, prints.hash_idx, prints.token_coverage)  # before any round
    return prints


def _leave_out(prints, skip):
    """Take the hashes in `skip` out of the fingerprint `prints`."""
    from copydetect.utils import get_token_coverage
    prints.hashes = prints.hashes - skip
    prints.hash_idx = {h: where for h, where in prints.hash_idx.items() if h not in skip}
    prints.token_coverage = get_token_coverage(prints.hash_idx, NOISE,
                                               len(prints.filtered_code))


COLUMNS = ["student", "other", "other_is", "flagged", "copied_characters", "typical_pair",
           "robust_z", "percentile", "longest_fragment_characters", "longest_fragment_lines",
           "share_student", "share_other", "matched_characters", "reasons"]


def write_csv(path, comparison):
    """similarity.csv: one row per pair compared, most similar first, with
    its signals; written whole or not at all."""
    def write(f):
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for pair in comparison.pairs:
            lines = ""
            if pair.longest_lines:
                (a, b), (c, d) = pair.longest_lines
                lines = "{}-{} / {}-{}".format(a, b, c, d)
            writer.writerow([pair.first, pair.second,
                             "known solution" if pair.reference else "submission",
                             "yes" if pair.flagged else "no", pair.copied,
                             "{:g}".format(pair.typical), "{:.1f}".format(pair.deviations),
                             "{:.1f}".format(pair.percentile), pair.longest, lines,
                             "{:.3f}".format(pair.shares[0]), "{:.3f}".format(pair.shares[1]),
                             pair.matched, "; ".join(pair.reasons)])
    write_whole(path, write, newline="")


def compare_folder(folder, reference_folder=None, threshold=None, boilerplate=()):
    """The Comparison of the submissions in `folder` (as --batch finds them)
    with each other and with those in `reference_folder`; `boilerplate`,
    the paths of more code to leave out."""
    notes = []
    submissions = read_models(find_submissions(folder), notes)
    references = []
    if reference_folder:
        references = read_models(find_submissions(reference_folder), notes, reference=True)
    rank = []
    pairs = compare(submissions, kit_boilerplate() + read_boilerplate(boilerplate), references,
                    threshold, notes=notes, rank=rank)
    return Comparison(pairs, threshold, len(submissions), len(references), reference_folder,
                      notes, boilerplate, rank[0])
