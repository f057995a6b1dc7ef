"""A watchdog that ends a child's processes if its grader dies first, and
the functions that end them (the grader uses the same ones at the end of
every question: grading/seals.py). They live in this script, not in a module
it imports: run with -I -S, it sees only the standard library.

A grader ends every child it starts, and everything the child started, when
the question ends, on Ctrl-C, SIGTERM and SIGHUP (grading/runner.py). The
kernel kills the child itself when the grader dies (PR_SET_PDEATHSIG,
grading/seals.py). What the student's code started in a session of its own
is left: a SIGKILL of the grader runs no code of the grader's. This process
does that part. The grader starts one beside each child (grading/lifetime.py:
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

    python -I -S grading/watchdog.py MARK [UID SPARE]      the watchdog
    python -I -S grading/watchdog.py kill-as UID SPARE     kill -1 as UID (see end_user)
"""

import os
import signal
import subprocess
import sys

MARK = "KIT_GRADING_CHILD"  # the environment variable that marks a child's processes
ROUNDS = 50  # kill rounds at most, each while a scan finds processes it has not killed yet


def main():
    if sys.argv[1] == "kill-as":
        kill_as(int(sys.argv[2]), int(sys.argv[3]))
        return
    mark = sys.argv[1]
    uid, spare = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (None, None)
    group = None
    for line in sys.stdin:
        line = line.strip()
        if line == "done":
            return
        if line.isdigit():
            group = int(line)
    # The grader died before it said "done".
    end_all(group, mark, uid, spare)


def end_all(group, mark, uid=None, spare=None):
    """Kill the process group `group` (if not None), every process marked
    with `mark`, and every process of user id `uid` (if not None; as root,
    with `spare`: see end_user)."""
    if group is not None:
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass  # none left
    _until_none(lambda: marked(mark))
    if uid is not None:
        end_user(uid, spare)


def end_user(uid, spare):
    """Kill every process of user id `uid` (as root). First rounds over
    /proc, which no process of that user can stop (it cannot signal root).
    Then kill -1 from a process whose effective user id is `uid`: the kernel
    delivers it to every process of that user at once, a chain of processes
    that fork and exit faster than /proc is read included. Its real and
    saved user id is `spare`, an id no process runs as, so no process of
    `uid` may signal it first (a process may signal another only if its
    real or effective id is the other's real or saved id). Then rounds again."""
    _until_none(lambda: processes_of(uid))
    try:
        subprocess.run([sys.executable, "-I", "-S", os.path.abspath(__file__), "kill-as",
                        str(uid), str(spare)], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pass
    _until_none(lambda: processes_of(uid))


def kill_as(uid, spare):
    """SIGKILL to every process of `uid`, from this process made real and
    saved `spare`, effective `uid` (run as root; nothing is run after it:
    exec would make the saved id `uid`, and the user's processes could
    signal it). Never spare 0, which would reach every process of root's."""
    if not spare:
        raise ValueError("kill-as needs a spare user id other than root's")
    os.setresuid(spare, uid, spare)
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass  # none left


def _until_none(find):
    """SIGKILL every process `find()` lists, again, until it lists none
    that was not killed already (a process dying slowly is listed a while)."""
    killed = set()
    for _ in range(ROUNDS):
        found = [pid for pid in find() if pid not in killed]
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass  # gone already
            killed.add(pid)


def marked(mark):
    """The processes (this one aside) whose environment holds MARK=mark
    (Linux: read in /proc; elsewhere none are found)."""
    needle = "{}={}".format(MARK, mark).encode() + b"\0"
    found, me = [], os.getpid()
    for pid in _processes():
        if pid == me:
            continue
        try:
            with open("/proc/{}/environ".format(pid), "rb") as f:
                if needle in f.read() + b"\0":
                    found.append(pid)
        except OSError:
            pass  # gone, or not ours to read
    return found


def processes_of(uid):
    """The live processes of user id `uid`, found in /proc: any of the Uid
    line's ids (real, effective, saved, file system) is `uid` (a process of
    that user can only move between its own ids; running a set-user-id
    program keeps its real id)."""
    found = []
    for pid, fields in statuses():
        if fields.get("State", "Z").split()[0] == "Z" and fields.get("Threads", "1").strip() == "1":
            continue  # dead already, waiting for its parent (with threads: still running)
        if str(uid) in fields.get("Uid", "").split():
            found.append(pid)
    return found


def statuses():
    """(pid, {field: value}) from /proc/PID/status, for every process that
    is still there when read (none without /proc)."""
    for pid in _processes():
        try:
            with open("/proc/{}/status".format(pid)) as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue  # gone
        yield pid, fields


def _processes():
    """The ids of the processes in /proc ([] without /proc)."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    return [int(entry) for entry in entries if entry.isdigit()]


if __name__ == "__main__":
    main()
