"""What the grader keeps beside each child, so that whatever ends the grader
(SIGKILL included) ends what the child started too.

    guard = lifetime.guard(mark, uid, spare, held)  # before the child starts
    guard.watch(child)                # once it runs, before it gets its token
    guard.dismiss()                   # once the grader has ended it: nothing to do
    guard.dismiss(done=False)         # the grader could not end it: end it all now

POSIX: a Watchdog, grading/watchdog.py run as a process of its own.
Windows: a Job, a job object the system closes with the grader.
"""

import ctypes
import os
import subprocess
import sys

from grading import watchdog

DISMISS_WAIT = 5.0  # seconds a dismissed watchdog may take to exit before it is killed


def guard(mark, uid=None, spare=None, held=()):
    """A Watchdog (POSIX) or a Job (Windows) for the child marked `mark`
    (mode user: running as user id `uid`, with `spare` a user id no process
    runs as: grading/watchdog.py, end_user; `held`, the open files whose
    locks hold both ids, which the watchdog keeps open until it exits)."""
    return Job() if os.name == "nt" else Watchdog(mark, uid, spare, held)


class Watchdog:
    """grading/watchdog.py as a process of its own, in a session of its own;
    its standard input is a pipe whose write end only this process holds.
    It inherits the open files `held` (and nothing else), and so their locks."""

    def __init__(self, mark, uid=None, spare=None, held=()):
        argv = [sys.executable, "-I", "-S", os.path.abspath(watchdog.__file__), mark]
        if uid is not None:
            argv += [str(uid), str(spare)]
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True,
                                        pass_fds=tuple(held))

    def watch(self, child):
        self._say("{}\n".format(child.pid))

    def dismiss(self, done=True):
        """It exits: at once if `done` (the grader ended the child itself),
        else once it has ended everything, as if the grader had died.
        Whether it exited by itself (False: it was killed, so what it was to
        end may still run)."""
        if done:
            self._say("done\n")
        try:
            self.process.stdin.close()
        except (OSError, ValueError):
            pass
        try:
            self.process.wait(timeout=DISMISS_WAIT)
        except subprocess.TimeoutExpired:  # stopped (SIGSTOP) by the student's code, say
            self.process.kill()
            self.process.wait()
            return False
        return True

    def _say(self, line):
        try:
            self.process.stdin.write(line.encode())
            self.process.stdin.flush()
        except (OSError, ValueError):
            pass  # it is gone (killed by hand), or told already


class Job:
    """Windows: a job object that the child, and every process it starts,
    belongs to. Its handle closes with the grader, whatever ends the grader,
    and then the system kills every process in the job
    (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE); dismiss() closes it too, so ends
    whatever is left in the job, done or not. Where a
    job cannot be made or joined, nothing (the grader still ends the child's
    process tree at the end of each question)."""

    def __init__(self):
        self.kernel32 = _kernel32()
        self.handle = windows_job(self.kernel32)

    def watch(self, child):
        if not self.handle:
            return
        # Popen._handle: CPython's handle of the child's process (Windows).
        if not self.kernel32.AssignProcessToJobObject(self.handle, int(child._handle)):
            self.dismiss()  # cannot join it (a job that forbids nesting): the tree kill remains

    def dismiss(self, done=True):
        """Closes the job, which ends whatever is left in it (True: done)."""
        if self.handle:
            self.kernel32.CloseHandle(self.handle)
            self.handle = None
        return True


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
