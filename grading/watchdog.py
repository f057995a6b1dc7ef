"""A watchdog that ends a child's processes if its grader dies first, and
the functions that end them (the grader uses the same ones at the end of
every question: grading/seals.py).

A grader ends every child it starts, and everything the child started, when
the question ends, on Ctrl-C, SIGTERM and SIGHUP (grading/runner.py). The
kernel kills the child itself when the grader dies (PR_SET_PDEATHSIG,
grading/seals.py). What the student's code started in a session of its own
is left: a SIGKILL of the grader runs no code of the grader's. This process
does that part. The grader starts one beside each child (grading/guards.py:
POSIX, every mode but bwrap, whose PID namespace ends with it) and keeps the
write end of its standard input; the watchdog reads

    PID\\n     the child has started, as process (and process group) PID
    done\\n    the grader has ended the child itself: exit

and if its input ends without "done" (the grader died, however it died:
the kernel closes a dead process's files) it ends the child's process group,
the processes that carry the child's mark in their environment (Linux),
and, given a user id (mode user, where the watchdog runs as root), every
process of that user id. It is in a session of its own, so a signal to the
grader's process group or terminal does not reach it.

Run as a script, importing little more than os, signal and sys until it
has to act, so it starts fast and small:

    python -I -S grading/watchdog.py MARK [UID]
"""

import os
import signal
import sys

MARK = "KIT_GRADING_CHILD"  # the environment variable that marks a child's processes
ROUNDS = 50  # kill rounds at most: a process that forks fast is caught in a later round


def main():
    mark = sys.argv[1]
    uid = int(sys.argv[2]) if len(sys.argv) > 2 else None
    group = None
    for line in sys.stdin:
        line = line.strip()
        if line == "done":
            return
        if line.isdigit():
            group = int(line)
    # The grader died before it said "done".
    end_all(group, mark, uid)


def end_all(group, mark, uid=None):
    """Kill the process group `group` (if not None), every process marked
    with `mark`, and every process of user id `uid` (if not None; as root),
    each until none is left."""
    if group is not None:
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass  # none left
    _until_none(lambda: marked(mark))
    if uid is not None:
        end_user(uid)


def end_user(uid):
    """Kill every process of user id `uid` (as root): rounds over /proc,
    which no process of that user can stop; then kill -1 as that user, which
    the kernel delivers to all of them at once, a chain of processes that
    fork and exit faster than /proc is read included; then rounds again."""
    _until_none(lambda: processes_of(uid))
    kill_all_as(uid)
    _until_none(lambda: processes_of(uid))


def kill_all_as(uid):
    """SIGKILL to every process of `uid`, from a process that becomes that
    user only to make the call (kill -1). Each process of the user could
    kill it first: end_user finds and kills them as root before."""
    import shutil
    import subprocess
    program = shutil.which("kill") or "/bin/kill"
    command = [program, "-9", "-1"] if os.path.exists(program) else \
        [sys.executable, "-I", "-S", "-c", "import os; os.kill(-1, 9)"]
    try:
        subprocess.run(command, user=uid, group=uid, extra_groups=[], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
    except (OSError, subprocess.SubprocessError):
        pass  # killed by one of them, or none left to signal


def _until_none(find):
    """SIGKILL every process `find()` lists, again, until it lists none."""
    for _ in range(ROUNDS):
        found = find()
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass  # gone already


def marked(mark):
    """The processes (this one aside) whose environment holds MARK=mark
    (Linux: read in /proc; elsewhere none are found)."""
    needle = "{}={}".format(MARK, mark).encode() + b"\0"
    found = []
    for pid in _processes():
        try:
            with open("/proc/{}/environ".format(pid), "rb") as f:
                if needle in f.read() + b"\0":
                    found.append(pid)
        except OSError:
            pass  # gone, or not ours to read
    return found


def processes_of(uid):
    """The live processes of user id `uid` (real, effective or saved), found
    in /proc. The caller stays who it is: had it become that user to signal
    them (kill -1), they could kill it first."""
    found = []
    for pid in _processes():
        try:
            with open("/proc/{}/status".format(pid)) as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue  # gone
        if fields.get("State", "Z").split()[0] == "Z":
            continue  # dead already, waiting for its parent
        if str(uid) in fields.get("Uid", "").split():
            found.append(pid)
    return found


def _processes():
    """The ids of the processes in /proc, this one aside ([] without /proc)."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    me = os.getpid()
    return [int(entry) for entry in entries if entry.isdigit() and int(entry) != me]


if __name__ == "__main__":
    main()
