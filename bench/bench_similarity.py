"""How well `--similarity` tells copies from solutions written independently,
on this assignment, whose solution space is small. Prints figures.

    python bench/bench_similarity.py            # the whole class, both rules
    python bench/bench_similarity.py --pairs 40 # and its 40 most similar pairs
    python bench/bench_similarity.py --sweep    # and other fragment lengths
    python bench/bench_similarity.py --page similarity.html   # and the page's section

The class it builds (everything rebuilt from files, so the figures rerun):
- independent solutions: the reference models.py, tests/helpers/alt_solution, the
  five bench/students (one DigitClassificationModel each; four of them are
  variants of one file with other numbers, see their docstrings) and the
  twelve in bench/similarity_corpus/independent, written independently in
  different styles;
- disguised copies of some of them (bench/similarity_corpus/disguise.py):
  names changed, classes and methods reordered, comments and blank lines
  changed, all three at once, names and hyperparameters changed, and a
  copy with one extra layer
  (bench/similarity_corpus/copies/);
- two students who copied one question alone into their own solution.

Each file knows who wrote each of its classes. A pair is a full copy when
every class of one of them was written by the author of the same class in
the other; a copied question when some were; independent when none.
The figures: for the rule in grading/similarity.py and for the old fixed
threshold (share >= 0.5 and >= 400 matching characters), the independent
pairs flagged, the copies found, and whether every full copy ranks above
every independent pair.
"""

import argparse
import collections
import glob
import os
import random
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "bench", "similarity_corpus")
sys.path.insert(0, ROOT)
sys.path.insert(0, CORPUS)

import disguise  # noqa: E402

from grading import similarity  # noqa: E402

CLASSES = ("PerceptronModel", "RegressionModel", "DigitClassificationModel", "LanguageIDModel")
OLD_SHARE, OLD_MINIMUM = 0.5, 400  # the rule before issue 20


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _authors(source, author):
    """{class: author} for the classes of CLASSES that `source` defines."""
    return {name: author for name in CLASSES if "class {}(".format(name) in source}


def independent():
    """{name: (source, {class: author})} of the solutions written independently."""
    reference = re.sub(r"(?m)^[ \t]*# (BEGIN|END) SOLUTION\n", "",
                       _read(os.path.join(ROOT, "models.py")))
    found = {"reference": reference,
             "alt_solution": _read(os.path.join(ROOT, "tests", "helpers", "alt_solution",
                                                       "models.py"))}
    for folder in ("bench/students", "bench/similarity_corpus/independent"):
        for path in sorted(glob.glob(os.path.join(ROOT, folder, "*.py"))):
            found[os.path.splitext(os.path.basename(path))[0]] = _read(path)
    return {name: (source, _authors(source, name)) for name, source in found.items()}


def the_class():
    """{name: (source, {class: author})}: the independent solutions, the
    disguised copies, and two students who took one question from another."""
    found = independent()
    copies = {
        "javier_renamed": disguise.rename(found["javier"][0]),
        "camila_reordered": disguise.reorder(found["camila"][0]),
        "lucia_recommented": disguise.recomment(found["lucia"][0]),
        "andres_disguised": disguise.recomment(disguise.reorder(disguise.rename(
            found["andres"][0]))),
        "reference_disguised": disguise.recomment(disguise.reorder(disguise.rename(
            found["reference"][0]))),
        "sofia_renumbered": disguise.renumber(disguise.rename(found["sofia"][0])),
    }
    for name, source in copies.items():
        of = name.split("_")[0]
        found[name] = (source, dict(found[of][1]))
    found["elena_extra_layer"] = (_read(os.path.join(CORPUS, "copies", "elena_extra_layer.py")),
                                  dict(found["elena"][1]))
    # One question copied alone (renamed) into the copier's own solution,
    # which takes the place of the copier's original in the class.
    for copier, owner, question in (("tomas", "nicolas", "DigitClassificationModel"),
                                    ("marco", "valentina", "RegressionModel")):
        source, authors = found.pop(copier)
        source = disguise.take_class(source, disguise.rename(found[owner][0]), question)
        found["{}_with_{}_{}".format(copier, owner, question[:-5].lower())] = (
            source, dict(authors, **{question: owner}))
    return found


def kind(first, second):
    """'full' (a whole copy), 'question' (some classes copied) or
    'independent', for two {class: author}."""
    shared = [name for name in first if name in second]
    same = [name for name in shared if first[name] == second[name]]
    if not same:
        return "independent"
    smaller = first if len(first) <= len(second) else second
    return "full" if len(same) == len(smaller) else "question"


def evaluate(found, pairs, flagged):
    """The figures of one rule: `flagged(pair)` says whether it flags a pair."""
    kinds = collections.Counter()
    hits = collections.Counter()
    false = []
    for pair in pairs:
        k = kind(found[pair.first][1], found[pair.second][1])
        kinds[k] += 1
        if flagged(pair):
            hits[k] += 1
            if k == "independent":
                false.append(pair)
    return kinds, hits, false


def compared(found, fragment=None, common=True, old=False):
    """(pairs, Rank) of the class `found`, with the constants of
    grading/similarity.py, or FRAGMENT as `fragment`, and without leaving out
    the class's common code unless `common`; if `old`, with only the
    skeleton left out, as before issue 20."""
    saved = similarity.FRAGMENT, similarity.COMMON_FROM
    similarity.FRAGMENT = fragment or similarity.FRAGMENT
    similarity.COMMON_FROM = similarity.COMMON_FROM if common else float("inf")
    try:
        rank = []
        pairs = similarity.compare([(name, source) for name, (source, _) in found.items()],
                                   [similarity.skeleton()] if old
                                   else similarity.kit_boilerplate(), rank=rank)
        return pairs, rank[0]
    finally:
        similarity.FRAGMENT, similarity.COMMON_FROM = saved


def small_classes(size, count):
    """(pairs flagged, pairs) in `count` classes of `size` independent
    solutions drawn at random (the rule has less of a class to go by)."""
    solutions = sorted(independent().items())
    chance = random.Random(0)
    flagged = total = 0
    for _ in range(count):
        chosen = dict(chance.sample(solutions, size))
        pairs, _ = compared(chosen)
        flagged += sum(1 for pair in pairs if pair.flagged)
        total += len(pairs)
    return flagged, total


def _kinds(found, pairs):
    """{kind: [(place, pair)]} of the ranked `pairs`."""
    ordered = {"full": [], "question": [], "independent": []}
    for place, pair in enumerate(pairs, start=1):
        ordered[kind(found[pair.first][1], found[pair.second][1])].append((place, pair))
    return ordered


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=0, metavar="N",
                        help="also print the N most similar pairs")
    parser.add_argument("--sweep", action="store_true",
                        help="also the scores with other fragment lengths, and without "
                             "leaving out the class's common code")
    parser.add_argument("--page", metavar="FILE",
                        help="also write the class's similarity section, as report.html "
                             "shows it, into FILE (docs/similarity_report.png is its picture)")
    parser.add_argument("--small", type=int, default=100, metavar="N",
                        help="how many small classes to draw (default: %(default)s)")
    args = parser.parse_args()
    found = the_class()
    start = time.perf_counter()
    pairs, rank = compared(found)
    seconds = time.perf_counter() - start
    alone = sum(1 for name in found if name in independent())
    questions = sum(1 for name in found if "_with_" in name)
    print("Class: {} models.py ({} written independently, {} with one question copied, {} "
          "disguised copies), {} pairs, compared in {:.1f} s.".format(
              len(found), alone, questions, len(found) - alone - questions, len(pairs),
              seconds))
    print("Class picture: typical pair (median) {:g} characters in long fragments, robust "
          "deviation {:.0f}; flagged from {:.0f}; code in {} or more submissions left out as "
          "the class's.".format(rank.typical, rank.spread, rank.cut, rank.common))
    # The rule before issue 20 saw the class as it was then: the skeleton left out, nothing else.
    old_pairs, _ = compared(found, common=False, old=True)
    rules = (("new rule (grading/similarity.py)", pairs, lambda pair: pair.flagged),
             ("old rule (share >= {:.0%} and >= {} matching characters, only the skeleton "
              "left out)".format(OLD_SHARE, OLD_MINIMUM), old_pairs,
              lambda pair: max(pair.shares) >= OLD_SHARE and pair.matched >= OLD_MINIMUM))
    for title, ranked, flagged in rules:
        kinds, hits, false = evaluate(found, ranked, flagged)
        print("\n" + title)
        print("  independent pairs flagged: {} of {} ({:.1%}); acceptance: at most 1 in 50"
              .format(hits["independent"], kinds["independent"],
                      hits["independent"] / kinds["independent"]))
        for pair in false:
            print("    false positive: {} ~ {} (share {:.2f}, matched {}, copied {})".format(
                pair.first, pair.second, max(pair.shares), pair.matched, pair.copied))
        print("  full copies flagged: {} of {}".format(hits["full"], kinds["full"]))
        print("  copied single questions flagged: {} of {}".format(hits["question"],
                                                                    kinds["question"]))
    ordered = _kinds(found, pairs)
    first = ordered["independent"][0]
    print("\nRanking (by code in long fragments): the full copies at places {}; the first "
          "independent pair at place {} ({} ~ {}, copied {}): every full copy above every "
          "independent pair: {}".format(
              ", ".join(str(place) for place, _ in ordered["full"]), first[0], first[1].first,
              first[1].second, first[1].copied,
              "yes" if max(place for place, _ in ordered["full"]) < first[0] else "NO"))
    print(_scores(ordered, "copied", "Scores"))
    print(_scores(ordered, "longest", "Longest fragment alone"))
    print(_scores(_kinds(found, old_pairs), "share", "Share (old rule's view)"))
    print("\nSmall classes ({} drawn at random from the independent solutions alone, "
          "seed 0):".format(args.small))
    for size in (3, 5, 8):
        flagged, total = small_classes(size, args.small)
        print("  of {} independent solutions: {} of {} pairs flagged ({:.1%})".format(
            size, flagged, total, flagged / total))
    if args.sweep:
        print("\nOther choices (score: code in shared fragments of at least FRAGMENT "
              "characters):")
        for fragment in (25, 50, 75, 100, 125):
            for common in (True, False):
                swept, swept_rank = compared(found, fragment, common)
                print("  FRAGMENT {:>3}, common code {:<8}: {}; flagged independent {}".format(
                    fragment, "left out" if common else "kept",
                    _scores(_kinds(found, swept), "copied", "").lstrip(": "),
                    sum(1 for p in swept if p.flagged
                        and kind(found[p.first][1], found[p.second][1]) == "independent")))
    if args.page:
        write_page(args.page, pairs, rank, len(found))
    if args.pairs:
        print("\n{:>4} {:<48} {:>6} {:>6} {:>7} {:>6} {:>5}  {}".format(
            "#", "pair", "copied", "z", "longest", "share", "flag", "truth"))
        for place, pair in enumerate(pairs[:args.pairs], start=1):
            print("{:>4} {:<48} {:>6} {:>6.1f} {:>7} {:>6.2f} {:>5}  {}".format(
                place, pair.first + " ~ " + pair.second, pair.copied, pair.deviations,
                pair.longest, max(pair.shares), "yes" if pair.flagged else "",
                kind(found[pair.first][1], found[pair.second][1])))


def write_page(path, pairs, rank, count):
    """The report.html of a batch with no grades and these pairs compared."""
    import autograder
    from grading import html_report
    comparison = similarity.Comparison(pairs, None, count, 0, rank=rank)
    page = html_report.render([], autograder.select_questions("proyecto3b"),
                              autograder.GradeOptions(), "bench_similarity", comparison)
    with open(path, "w", encoding="utf-8") as f:
        f.write(page)
    print("\nWrote {}.".format(path))


def _scores(ordered, signal, title):
    """One line: the range of `signal` for each kind of pair."""
    def value(pair):
        return max(pair.shares) if signal == "share" else getattr(pair, signal)

    def shown(number):
        return "{:.2f}".format(number) if signal == "share" else "{:g}".format(number)
    values = {k: [value(p) for _, p in v] for k, v in ordered.items()}
    return "{}: full copies {}..{}, copied questions {}..{}, independent pairs up to {} " \
           "(median {})".format(title, shown(min(values["full"])), shown(max(values["full"])),
                                shown(min(values["question"])), shown(max(values["question"])),
                                shown(max(values["independent"])),
                                shown(statistics.median(values["independent"])))


if __name__ == "__main__":
    main()
