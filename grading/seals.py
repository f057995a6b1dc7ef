"""How a child process running someone else's code is sealed.

When the kit grades a submission (--submission, --batch, Gradescope), the
student's part of each question runs sealed with the strongest mechanism
this machine offers:

  bwrap    Linux with bubblewrap: the child sees only its own folder (as
           /sandbox), read-only Python and its packages, a private /tmp; no
           network; its own PID namespace (it cannot see or signal the
           grader); it dies with the grader.
  user     Running as root without a usable bwrap (Gradescope's image): the
           child runs as an unprivileged user id of its own that can read
           nothing of the grader's (the kit's data/ must not be readable by
           other users: gradescope/setup.sh sees to it).
  process  Elsewhere: a child process with an environment scrubbed of paths
           that lead back to the kit. Partial: the child runs as the grader's
           user and can read what that user reads.

In every mode the child is limited in time (the grader), memory (the child
sets RLIMIT_AS on itself, Linux) and number of processes (a cgroup or
RLIMIT_NPROC where the machine has one), and when the question ends every
process it started is ended (the PID namespace, every process of its user
id, or its process group and the processes that carry its mark). If the
grader dies first, however it dies: the kernel kills the child (bwrap's
--die-with-parent, PR_SET_PDEATHSIG), and a guard (grading/lifetime.py: a
watchdog process; on Windows a job object) ends what the child started.

A student grading their own models.py gets the `none` mode: a plain child
process with the grader's environment (live windows work).

Each mode is one class with the same small interface, used in this order by
grading/runner.py for each child (the runner never looks at a mode's name):

    child = seal.prepare(folder)          # this child's own seal (mode user: a user id)
    env = child.environment(settings)     # its environment, marked with child.mark
    process = child.start(command, env)   # its guard, then the child (grading/launch.py:
                                          # wrap(command) run with limits())
    child.started(process)                # it runs (before it gets its token)
    child.end(process)                    # end it and everything it started
    child.release()                       # give back what prepare and start took

A new mode is one more subclass of Seal: its `mode` (a name for --sandbox),
`describe()`, `problem()` and whichever of the steps above differ; listed in
STRONGEST_FIRST (and MODES), --sandbox offers it and `auto` tries it.
"""


import copy
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import threading

import backend
from grading import lifetime, watchdog
from grading.packaging import KIT
from grading.report import say

MODES = ("bwrap", "user", "process", "none")  # the classes below, strongest first
MOUNT = "/sandbox"        # where the child's folder appears inside bwrap
PROCESS_LIMIT = 256       # processes a child may have at once, all of its descendants
FIRST_UID = 61000         # the user ids of mode `user`: FIRST_UID, FIRST_UID + 1, ...
UIDS = 4096               # at most this many (--jobs defaults to the core count)
MARK = watchdog.MARK      # the environment variable that marks a child's processes

# Environment variables a sealed child keeps: what Python, numpy and the
# locale need. Everything else (PWD, OLDPWD, HOME, paths of the grader's) goes.
KEPT = ("PATH", "LANG", "LANGUAGE", "TZ", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT",
        "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS")




class Seal:
    """The `process` mode, and what every mode shares: a child process in a
    process group (Windows: a process group) of its own, with an environment
    scrubbed of paths that lead back to the kit, at most PROCESS_LIMIT
    processes, ended with every process that carries its mark (MARK=mark in
    the environment), by the grader or by a watchdog if the grader dies
    first. `why`: what the report says about the choice of the mode."""

    mode = "process"
    sealed = False  # whether the child is kept from the grader's files and display

    uid = None    # the user id the child runs as, where it has one of its own (mode user)
    spare = None  # with it, an id no process runs as, to end uid's processes (watchdog.py)
    cgroup = None  # the pids cgroup made for the child (root), while it may run

    def __init__(self, why=""):
        self.why, self.folder, self.mark, self.guard = why, None, None, None

    @staticmethod
    def problem():
        """None if this mode can work on this machine, else why not."""
        return None

    def describe(self):
        """The report's first line when grading a submission: how it is sealed."""
        return say("Isolation: partial. The student's code runs in a child process as the "
                   "grader's user, with an environment that does not lead back to the kit; it "
                   "could still read what this user can read, or signal the grader. Why not "
                   "more: {why}.", why=self.why)

    def prepare(self, folder):
        """The seal of one child that runs in `folder`: a copy of this one,
        holding what that child alone uses; give it back with release()."""
        child = copy.copy(self)
        child.folder = folder
        child.mark = secrets.token_hex(16)  # its own value: not the token of its events
        return child

    def home(self):
        """The child's folder as the child sees it."""
        return self.folder

    def environment(self, settings):
        """The child's environment: only KEPT and LC_* variables, HOME its own
        folder, and `settings` (a dict)."""
        settings = dict(settings, MPLCONFIGDIR=os.path.join(self.home(), ".matplotlib"))
        return scrubbed_environment(self.home(), settings)

    def start(self, command, env):
        """Start `command` in the child's folder with environment `env`; the
        Popen (standard input a pipe, output and errors one pipe). Starts
        the child's guard first (make_guard), so a grader that dies between
        the two leaves nothing. POSIX: through grading/launch.py, which
        applies limits() and dies with the grader; never a fork here (see
        launch.py: vfork and exec, with no preexec_fn, user or group)."""
        self.guard = self.make_guard()
        argv, options = self.wrap(command), {}
        if os.name == "nt":
            options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:  # its own session and process group, to kill it whole
            argv = launch_command(argv, self.limits())
            options["start_new_session"] = True
        return subprocess.Popen(argv, cwd=self.folder, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **options)

    def wrap(self, command):
        """The command that runs `command` sealed (bwrap wraps it)."""
        return command

    def limits(self):
        """The limits grading/launch.py applies to the child before it runs
        (a dict of its options): at most PROCESS_LIMIT processes for the
        child and its descendants, where the machine gives a way. Root
        ignores RLIMIT_NPROC, so a child of root's joins a pids cgroup
        (made here, where the machine allows one); any other user gets
        RLIMIT_NPROC, which counts every task of that user, so its limit is
        what the user already runs plus PROCESS_LIMIT."""
        if os.geteuid() != 0:
            return {"--processes": _tasks_of(os.getuid()) + PROCESS_LIMIT}
        self.cgroup = _make_pids_cgroup()
        return {} if self.cgroup is None else {"--cgroup": os.path.join(self.cgroup,
                                                                          "cgroup.procs")}

    def make_guard(self):
        """What ends the child's processes if the grader dies first
        (grading/lifetime.py), or None where the mode needs none."""
        return lifetime.guard(self.mark, self.uid, self.spare, self.held())

    def started(self, child):
        """The child (a Popen) runs: its guard watches it."""
        if self.guard is not None:
            self.guard.watch(child)

    def end(self, child):
        """Kill the child and every process it started: its process group,
        on Linux every process that carries the mark in its environment, in
        mode user every process of its user id (Windows: its process tree);
        dismiss its guard, with nothing left to guard; wait for the child
        (not before: until then its id is not reused, and a guard acting on
        it reaches no one else)."""
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(child.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            watchdog.end_all(child.pid, self.mark, self.uid, self.spare)
        self.dismiss(done=True)
        _reap(child)

    def held(self):
        """The open files that hold what this child uses (mode user: its
        user ids' locks), for its guard to inherit."""
        return ()

    def dismiss(self, done):
        """The guard goes: told the grader has ended the child (`done`), or
        not, and then it ends everything before it goes."""
        if self.guard is not None:
            guard, self.guard = self.guard, None
            if not guard.dismiss(done) and os.name != "nt":
                # Killed before it had ended everything (mode user: its user id
                # goes back to the pool next): the grader ends it all itself.
                watchdog.end_all(None, self.mark, self.uid, self.spare)

    def release(self):
        """Give back what prepare() and start() took. A guard still there
        (end() never ran, or was interrupted) ends everything first."""
        self.dismiss(done=False)
        if self.cgroup is not None:  # empty now, or soon: removed here or by a later child
            with _cgroups_lock:
                _cgroups_in_use.discard(self.cgroup)
            self.cgroup = None
            remove_empty_cgroups()


class NoSeal(Seal):
    """A student's own run: a child process with the grader's environment
    (live windows work), limited only in time and memory."""

    mode = "none"

    def describe(self):
        return ""

    def environment(self, settings):
        env = dict(os.environ)
        for name in ("PWD", "OLDPWD", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME"):
            env.pop(name, None)
        env.update(settings)
        return env

    def limits(self):
        return {}


class BwrapSeal(Seal):
    """Linux with bubblewrap: the child sees only its own folder (as /sandbox),
    read-only Python and its packages, a private /tmp; no network; its own PID
    namespace, which ends with it."""

    mode = "bwrap"
    sealed = True

    @staticmethod
    def problem():
        return _bwrap_problem()

    def describe(self):
        return say("Isolation: bwrap. The student's code sees only its own folder, read-only "
                   "Python and a private /tmp; no network; its own process namespace; at most "
                   "{processes} processes.", processes=PROCESS_LIMIT)

    def home(self):
        return MOUNT

    def wrap(self, command):
        return bwrap_command(command, self.folder)

    def make_guard(self):
        return None  # the PID namespace ends with bwrap, which dies with the grader


class UserSeal(Seal):
    """As root: the child runs as a user id of its own (one per child running
    at once, from FIRST_UID), which can read nothing of the grader's."""

    mode = "user"
    sealed = True

    def __init__(self, why=""):
        super().__init__(why)
        self.uids = UserIds()  # shared by the seals prepare() makes from this one
        self.ids = []          # a child's: its UserId and its spare's

    @staticmethod
    def problem():
        return _user_problem()

    def describe(self):
        return say("Isolation: another user. The student's code runs as a user id of its own "
                   "that cannot read the kit's data or signal the grader; at most {processes} "
                   "processes.", processes=PROCESS_LIMIT)

    def prepare(self, folder):
        child = super().prepare(folder)
        child.ids = [self.uids.take()]
        try:
            child.ids.append(self.uids.take())
            give_folder(folder, child.ids[0].uid)
        except BaseException:
            child.release()
            raise
        child.uid, child.spare = (held.uid for held in child.ids)
        return child

    def limits(self):
        # A user id of its own: nothing else runs as it.
        return {"--user": self.uid, "--processes": PROCESS_LIMIT}

    def held(self):
        return tuple(held.handle for held in self.ids)

    def release(self):
        super().release()  # its guard gone, nothing runs as either id: they can be used again
        for held in self.ids:
            held.give_back()
        self.ids, self.uid, self.spare = [], None, None


# The modes that may not work on a machine, strongest first: --sandbox auto
# takes the first whose problem() is None; `process` always works.
STRONGEST_FIRST = (BwrapSeal, UserSeal)


def choose(requested="auto"):
    """The Seal to grade others' code with: `requested` one of MODES or
    'auto' (the strongest that works here). A requested mode that cannot work
    here falls back to `process`, and `why` says so."""
    if requested == "none":
        return NoSeal()
    reasons = []
    for kind in STRONGEST_FIRST:
        if requested in ("auto", kind.mode):
            problem = kind.problem()
            if problem is None:
                return kind(kind.mode)
            reasons.append(problem)
    if requested == "process":
        reasons.append("--sandbox process")
    return Seal("; ".join(reasons))


# --------------------------------------------------------------------------
# Can each mode work here?
# --------------------------------------------------------------------------

_probed = {}
_probing = threading.Lock()


def _bwrap_problem():
    """None if bwrap can run Python here, else why not."""
    with _probing:
        if "bwrap" not in _probed:
            _probed["bwrap"] = _probe_bwrap()
        return _probed["bwrap"]


def _probe_bwrap():
    if not sys.platform.startswith("linux"):
        return "bwrap: Linux only"
    if shutil.which("bwrap") is None:
        return "bwrap: not installed (Debian/Ubuntu package bubblewrap)"
    try:
        with tempfile.TemporaryDirectory(prefix="grading-probe-") as folder:
            result = subprocess.run(
                bwrap_command([sys.executable, "-c", "import numpy"], folder),
                stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                env=scrubbed_environment(MOUNT))
    except (OSError, subprocess.TimeoutExpired) as error:
        return "bwrap: {}".format(error)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        return "bwrap: {}".format(message[-1] if message else result.returncode)
    return None


def _user_problem():
    """None if a child can run as another user here, else why not."""
    if not sys.platform.startswith("linux") or not hasattr(os, "geteuid"):
        return "user: Linux only"
    if os.geteuid() != 0:
        return "user: the grader is not running as root"
    blocked = [path for path in (sys.executable, os.path.realpath(sys.executable))
               if not _others_can(path, os.X_OK)]
    if blocked:
        return "user: other users cannot run {}".format(blocked[0])
    readable = [path for path in _label_files() if _others_can(path, os.R_OK)]
    if readable:
        return ("user: other users can read {} (run gradescope/setup.sh, or "
                "chmod -R o-rwx the kit)".format(readable[0]))
    return None


def _label_files():
    found = []
    for name in ("mnist.npz", "lang_id.npz"):
        try:
            found.append(os.path.realpath(backend.get_data_path(name)))
        except FileNotFoundError:
            pass
    return found


def _others_can(path, access):
    """Whether a user who is neither the owner nor in the group can reach
    `path` (every folder above it searchable) and read or run it."""
    path = os.path.abspath(path)
    try:
        parts = path.split(os.sep)
        for depth in range(2, len(parts)):
            folder = os.sep.join(parts[:depth])
            if not os.stat(folder).st_mode & 0o001:
                return False
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & (0o004 if access == os.R_OK else 0o001))



# --------------------------------------------------------------------------
# Starting a sealed child
# --------------------------------------------------------------------------

def scrubbed_environment(home, extra=None):
    """The environment of a sealed child: only KEPT and LC_* variables,
    HOME set to its own folder."""
    env = {name: value for name, value in os.environ.items()
           if name in KEPT or name.startswith("LC_")}
    env["HOME"] = home
    if os.name == "nt":
        env["USERPROFILE"] = home
    env.update(extra or {})
    return env


def bwrap_command(command, folder):
    """`command` run by bwrap with `folder` as /sandbox (read-write, the
    working folder), the system's and Python's files read-only, nothing else."""
    argv = ["bwrap", "--die-with-parent", "--new-session", "--unshare-all",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
    for name in ("ld.so.cache", "alternatives", "localtime", "passwd", "group",
                 "nsswitch.conf", "fonts", "ssl"):
        path = os.path.join("/etc", name)
        if os.path.exists(path):
            argv += ["--ro-bind", path, path]
    for path in python_folders():
        argv += ["--ro-bind", path, path]
    argv += ["--bind", folder, MOUNT, "--chdir", MOUNT]
    return argv + ["--"] + command


def python_folders():
    """The folders Python and its packages live in, outside /usr (a pyenv
    or a virtual environment), to be seen read-only."""
    kit = os.path.realpath(KIT)
    found = set()
    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable))]
    candidates += [entry for entry in sys.path if entry and os.path.isdir(entry)]
    for path in candidates:
        path = os.path.realpath(path)
        if path.startswith("/usr/") or path == "/usr" or not os.path.isdir(path):
            continue
        if path == kit or kit.startswith(path + os.sep) or path.startswith(kit + os.sep):
            continue  # never the kit, nor a folder holding it
        found.add(path)
    # Nested folders are covered by the outer one.
    return sorted(path for path in found
                  if not any(path.startswith(other + os.sep) for other in found))



def give_folder(folder, uid):
    """Make `folder` and everything in it the property of `uid`."""
    for root, folders, files in os.walk(folder):
        os.chown(root, uid, uid)
        for name in folders + files:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


def _tasks_of(uid):
    """The tasks (threads) that `uid` runs now, as RLIMIT_NPROC counts them."""
    return sum(int(fields.get("Threads", "1")) for _, fields in watchdog.statuses()
               if int(fields.get("Uid", "-1").split()[0]) == uid)


CGROUP_ROOTS = ("/sys/fs/cgroup/pids", "/sys/fs/cgroup")

# The pids cgroups made for children that may still run (the child joins
# its own in grading/launch.py, after Popen has returned): the clean-up of
# empty cgroups leaves them alone, so one child's clean-up in a batch never
# removes the new, still empty cgroup of another child about to join it.
_cgroups_in_use = set()
_cgroups_lock = threading.Lock()


def _make_pids_cgroup():
    """A new pids cgroup capped at PROCESS_LIMIT (cgroup v1 or v2), kept as
    in use; its path, or None where none can be made."""
    for root in CGROUP_ROOTS:
        if not os.path.exists(os.path.join(root, "cgroup.procs")):
            continue
        if root == "/sys/fs/cgroup" and not _v2_has_pids(root):
            continue
        group = os.path.join(root, "kit-grading-{}-{}".format(os.getpid(),
                                                               secrets.token_hex(8)))
        try:
            with _cgroups_lock:
                os.mkdir(group)
                _cgroups_in_use.add(group)
            with open(os.path.join(group, "pids.max"), "w") as f:
                f.write(str(PROCESS_LIMIT))
            return group
        except OSError:
            _cgroups_in_use.discard(group)
            try:
                os.rmdir(group)
            except OSError:
                pass
    return None


def remove_empty_cgroups():
    """Remove this grader's pids cgroups that no process is in any more and
    no child is about to join."""
    prefix = "kit-grading-{}-".format(os.getpid())
    with _cgroups_lock:
        for root in CGROUP_ROOTS:
            try:
                names = [name for name in os.listdir(root) if name.startswith(prefix)]
            except OSError:
                continue
            for name in names:
                if os.path.join(root, name) in _cgroups_in_use:
                    continue
                try:
                    os.rmdir(os.path.join(root, name))
                except OSError:
                    pass  # processes still in it, ending


def _v2_has_pids(root):
    try:
        with open(os.path.join(root, "cgroup.subtree_control")) as f:
            return "pids" in f.read().split()
    except OSError:
        return False


LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "launch.py")


def launch_command(command, limits):
    """`command` run by grading/launch.py, which applies `limits` (its
    options, a dict) and ties the child's life to this process's."""
    argv = [sys.executable, "-I", "-S", LAUNCHER, str(os.getpid())]
    for option, value in limits.items():
        argv += [option, str(value)]
    return argv + ["--"] + list(command)


# --------------------------------------------------------------------------
# User ids for mode `user`, one per child running at once
# --------------------------------------------------------------------------

# Where mode user's user ids are locked: a folder of root's only.
LOCKS = os.path.join("/run" if os.path.isdir("/run") else tempfile.gettempdir(),
                     "kit-grading-uids")


class UserIds:
    """The user ids of mode `user`: from FIRST_UID, those no account uses,
    each taken by locking a file of its own (flock) in LOCKS, a folder only
    root may write. The lock holds across processes: two graders on one
    machine (two batches, two shards) never take the same id. The lock is
    an open file of the grader's that the child's watchdog inherits
    (grading/lifetime.py), so an id stays taken until both have let go: a
    grader killed mid-question frees its ids only once its watchdog has
    ended their processes."""

    def __init__(self, folder=LOCKS):
        self.folder, self.accounts = folder, {}

    def take(self):
        """A UserId, locked for one child; give it back with its give_back()."""
        import fcntl  # POSIX only, as this mode is
        import pwd
        folder = locks_folder(self.folder)
        for uid in range(FIRST_UID, FIRST_UID + UIDS):
            if uid not in self.accounts:
                try:
                    pwd.getpwuid(uid)
                    self.accounts[uid] = True
                except KeyError:
                    self.accounts[uid] = False
            if self.accounts[uid]:
                continue
            handle = os.open(os.path.join(folder, "{}.lock".format(uid)),
                             os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # another child has it, of this grader or another
                os.close(handle)
                continue
            return UserId(uid, handle)
        raise RuntimeError("no free user id for another sealed child (all {} from {} are "
                           "taken)".format(UIDS, FIRST_UID))


class UserId:
    """A user id taken for one child: `uid`, and `handle`, the open file
    whose lock holds it."""

    def __init__(self, uid, handle):
        self.uid, self.handle = uid, handle

    def give_back(self):
        if self.handle is not None:
            os.close(self.handle)  # the lock goes with the last copy (the watchdog's, if any)
            self.handle = None


def locks_folder(folder):
    """`folder`, made if missing; refused unless it is a folder of this
    grader's user (root, in mode user) that no one else may write (a folder
    planted by a student's code would let it hold or free user ids)."""
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise RuntimeError("{} must be a folder of the grader's user (root) that no one else "
                           "may write, and it is not: remove it, and grade again".format(folder))
    return folder


# --------------------------------------------------------------------------
# Ending everything a child started
# --------------------------------------------------------------------------

def _reap(child):
    """Wait for the killed child."""
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()

