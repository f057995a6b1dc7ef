"""What the data-building scripts share: reproducible .npz files and data/SHA256SUMS."""

import hashlib
import io
import os
import sys
import zipfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from grading import packaging  # noqa: E402  (the kit's own reading of SHA256SUMS)

DATA = os.path.join(ROOT, "data")
SUMS = os.path.join(DATA, packaging.SUMS)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def npz_bytes(arrays):
    """A compressed .npz of `arrays` ({key: array}, in that order) whose bytes
    depend only on the arrays: every zip entry carries the same fixed timestamp."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for key, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compresslevel=9)
    return out.getvalue()


def read_sums():
    """{file name: SHA-256} from data/SHA256SUMS ({} if there is none)."""
    return packaging.read_sums(SUMS) if os.path.exists(SUMS) else {}


def write_sum(name, digest):
    sums = read_sums()
    sums[name] = digest
    with open(SUMS, "w", newline="\n") as f:
        for key in sorted(sums):
            f.write("{}  {}\n".format(sums[key], key))


def write_data_file(name, arrays):
    """Write data/<name> from `arrays` (reproducibly), record its sum in
    data/SHA256SUMS, and say so."""
    data = npz_bytes(arrays)
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, name)
    with open(path, "wb") as f:
        f.write(data)
    write_sum(name, sha256(data))
    print("wrote {} ({:.2f} MB, SHA-256 {})".format(path, len(data) / 1e6, sha256(data)))


def check_sum(name):
    """Exit with a message unless data/<name> has the sum data/SHA256SUMS gives."""
    import sys
    expected = read_sums().get(name)
    with open(os.path.join(DATA, name), "rb") as f:
        actual = sha256(f.read())
    if actual != expected:
        sys.exit("data/{} has SHA-256 {}, data/SHA256SUMS says {}".format(name, actual, expected))
    print("ok  {}  {}".format(actual, name))
