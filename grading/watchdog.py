"""A watchdog that ends a child's processes if its grader dies first.

A grader ends every child it starts, and everything the child started, when
the question ends, on Ctrl-C, SIGTERM and SIGHUP (grading/runner.py). The
kernel kills the child itself when the grader dies (PR_SET_PDEATHSIG,
grading/seals.py). What the student's code started in a session of its own
is left: a SIGKILL of the grader runs no code of the grader's. This process
does that part. The grader starts one beside each child (POSIX, every mode
but bwrap, whose PID namespace ends with it) and keeps the write end of
its standard input; the watchdog reads

    PID\\n     the child has started, as process (and process group) PID
    done\\n    the grader has ended the child itself: exit

and if its input ends without "done" (the grader died, however it died:
the kernel closes a dead process's files) it ends, until none is left, the
child's process group, the processes that carry the child's mark in their
environment (Linux), and, given --uid (mode user, the watchdog then runs as
root), every process of that user id. It is in a session of its own, so a
signal to the grader's process group or terminal does not reach it.

Run as a script, with only Python's standard library, so it starts fast:

    python -I -S grading/watchdog.py --mark MARK [--uid UID]

The grader's side is `guard(mark, uid)`: a Watchdog (POSIX) or, on Windows,
where a job object does the same in the kernel, a Job.
"""

import argparse
import ctypes
import os
import signal
import subprocess
import sys

MARK = "KIT_GRADING_CHILD"  # the environment variable that marks a child's processes
ROUNDS = 50  # kill rounds at most: a process that forks fast is caught in a later round


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mark", required=True)
    parser.add_argument("--uid", type=int)
    args = parser.parse_args()
    group = None
    for line in sys.stdin:
        line = line.strip()
        if line == "done":
            return
        if line.isdigit():
            group = int(line)
    # The grader died before it said "done".
    end_all(group, args.mark, args.uid)


def end_all(group, mark, uid=None):
    """Kill the process group `group` (if not None), every process marked
    with `mark`, and every process of `uid` (if not None), until none is left."""
    if group is not None:
        kill_group(group)
    for _ in range(ROUNDS):
        if not kill_marked(mark):
            break
    if uid is not None:
        kill_user(uid)


def kill_group(group):
    """SIGKILL to every process of the process group `group`."""
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass  # none left


def kill_marked(mark):
    """SIGKILL to every process (this one aside) whose environment holds
    MARK=mark (Linux: read in /proc; elsewhere nothing). The number found."""
    if not os.path.isdir("/proc/self"):
        return 0
    needle = "{}={}".format(MARK, mark).encode() + b"\0"
    me, found = os.getpid(), 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open("/proc/{}/environ".format(entry), "rb") as f:
                if needle in f.read() + b"\0":
                    os.kill(int(entry), signal.SIGKILL)
                    found += 1
        except OSError:
            pass  # gone, or not ours to read
    return found


def kill_user(uid):
    """SIGKILL to every process of user id `uid`: this process becomes that
    user (its last act) and signals every process it may (kill -1)."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    for _ in range(ROUNDS):
        try:
            os.kill(-1, signal.SIGKILL)  # every process of this user but this one
        except OSError:
            return  # none left


# --------------------------------------------------------------------------
# The grader's side
# --------------------------------------------------------------------------

def guard(mark, uid=None):
    """What ends a child's processes if the grader dies first, started
    before the child: call watch(child) once it has started, dismiss() once
    the grader has ended it."""
    return Job() if os.name == "nt" else Watchdog(mark, uid)


class Watchdog:
    """This module run as a process of its own (POSIX)."""

    def __init__(self, mark, uid=None):
        argv = [sys.executable, "-I", "-S", os.path.abspath(__file__), "--mark", mark]
        if uid is not None:
            argv += ["--uid", str(uid)]
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)

    def watch(self, child):
        self._say("{}\n".format(child.pid))

    def dismiss(self):
        self._say("done\n")
        try:
            self.process.stdin.close()
        except OSError:
            pass
        self.process.wait()

    def _say(self, line):
        try:
            self.process.stdin.write(line.encode())
            self.process.stdin.flush()
        except OSError:
            pass  # it is gone (killed by hand): nothing it could still do


class Job:
    """Windows: a job object that the child, and every process it starts,
    belongs to. Its handle closes with the grader, whatever ends the
    grader, and then the system kills every process in the job
    (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE); dismiss() closes it too. Where a
    job cannot be made or joined, nothing (the grader still ends the child's
    process tree at the end of each question)."""

    def __init__(self):
        self.kernel32 = _kernel32()
        self.handle = windows_job(self.kernel32)

    def watch(self, child):
        if self.handle:
            self.kernel32.AssignProcessToJobObject(self.handle, int(child._handle))

    def dismiss(self):
        if self.handle:
            self.kernel32.CloseHandle(self.handle)
            self.handle = None


JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9       # SetInformationJobObject's class
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000


def windows_job(kernel32):
    """A new job object that kills its processes when its last handle
    closes (a handle, as an int), or None."""
    handle = kernel32.CreateJobObjectW(None, None)
    if not handle:
        return None
    limits = ExtendedLimits()
    limits.basic.flags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    if not kernel32.SetInformationJobObject(handle, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                            ctypes.byref(limits), ctypes.sizeof(limits)):
        kernel32.CloseHandle(handle)
        return None
    return handle


def _kernel32():
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = ctypes.c_void_p
    kernel32.CreateJobObjectW.restype = handle
    kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, ctypes.c_wchar_p)
    kernel32.SetInformationJobObject.argtypes = (handle, ctypes.c_int, ctypes.c_void_p,
                                                 ctypes.c_uint32)
    kernel32.AssignProcessToJobObject.argtypes = (handle, handle)
    kernel32.CloseHandle.argtypes = (handle,)
    return kernel32


class BasicLimits(ctypes.Structure):
    """JOBOBJECT_BASIC_LIMIT_INFORMATION, in types of the same size on every
    system (ctypes.wintypes' DWORD is 8 bytes on 64-bit Linux), so that its
    layout can be checked on any 64-bit machine (tests/test_orphans.py)."""
    _fields_ = [("process_time", ctypes.c_int64), ("job_time", ctypes.c_int64),
                ("flags", ctypes.c_uint32), ("minimum_working_set", ctypes.c_size_t),
                ("maximum_working_set", ctypes.c_size_t),
                ("active_processes", ctypes.c_uint32), ("affinity", ctypes.c_size_t),
                ("priority_class", ctypes.c_uint32), ("scheduling_class", ctypes.c_uint32)]


class ExtendedLimits(ctypes.Structure):
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes on 64-bit Windows)."""
    _fields_ = [("basic", BasicLimits), ("io", ctypes.c_uint64 * 6),  # IO_COUNTERS
                ("process_memory", ctypes.c_size_t), ("job_memory", ctypes.c_size_t),
                ("peak_process_memory", ctypes.c_size_t), ("peak_job_memory", ctypes.c_size_t)]


if __name__ == "__main__":
    main()
