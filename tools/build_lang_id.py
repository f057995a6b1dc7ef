"""Build data/lang_id.npz from the word lists of the PyPI package wordfreq 3.1.1.

    python -m pip install -r tools/requirements-data.txt
    python tools/build_lang_id.py                # runs `pip download wordfreq==3.1.1`
    python tools/build_lang_id.py --wheel W.whl  # uses a wheel you already have
    python tools/build_lang_id.py --check        # verifies the committed data/lang_id.npz

For each language (English, Spanish, Finnish, Dutch, Polish) it reads the
"small" word list of wordfreq (words ranked by frequency) and keeps, most
frequent first, the words that
- are made only of the 47 letters in CHARS and have at most 10 of them, and
- appear in no other language's list (so no word is claimed by two languages).
The 3,700 most frequent such words of each language are shuffled with a fixed
seed and cut into 100 test, 100 dev and 3,500 training words, so no word is in
two splits. Each split is sorted by word length, and `*_buckets` gives the
[start, end) rows of each length. The output is reproducible byte for byte.
"""

import argparse
import gzip
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
SPLITS = [("test", 100), ("dev", 100), ("train", 3500)]  # words per language, cut in this order
SEED = 0


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


def select_words(lists):
    """{code: {split: [words]}} following the rules in the module docstring."""
    letters = set(CHARS)
    everyone = {code: set(words) for code, words in lists.items()}
    chosen = {}
    wanted = sum(size for _, size in SPLITS)
    for index, (code, _) in enumerate(LANGUAGES):
        others = set().union(*(words for other, words in everyone.items() if other != code))
        words = [w for w in lists[code]
                 if 0 < len(w) <= MAX_LENGTH and set(w) <= letters and w not in others]
        if len(words) < wanted:
            sys.exit("{} has only {} usable words, {} needed".format(code, len(words), wanted))
        words = words[:wanted]
        order = np.random.RandomState(SEED + index).permutation(wanted)
        splits, start = {}, 0
        for split, size in SPLITS:
            splits[split] = [words[i] for i in order[start:start + size]]
            start += size
        chosen[code] = splits
    return chosen


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
    """The rules of SPEC section 6; prints the counts; exits on any violation."""
    chars = "".join(arrays["chars"])
    if chars != CHARS:
        sys.exit("chars are {!r}, expected {!r}".format(chars, CHARS))
    seen = {}
    for split, size in (("train", 3500), ("dev", 100), ("test", 100)):
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
        print("ok  {:5s} {} words per language; words per length: {}".format(
            split, size, " ".join("{}:{}".format(lengths[s], e - s) for s, e in buckets)))
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
    arrays = build_arrays(select_words(lists))
    check_arrays(arrays)
    write_data_file("lang_id.npz", arrays)


if __name__ == "__main__":
    main()
