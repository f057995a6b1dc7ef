"""A class graded in shards on a real Slurm: a one-node cluster on this machine (Debian's
slurm-wlm and munge, which .ci/run installs best effort), started by the
fixture from a minimal slurm.conf in a temporary folder, on localhost only,
and stopped after; the script of --make-slurm-script grades the example
batch in shards there, and the merged summary.csv is the single machine's.

Skipped, with the reason, where Slurm is not installed, the tests do not run
as root (slurmd starts the jobs as their user), or the daemons do not start.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
from test_shards import GRADING, read_grades  # q1 of the example batch, quickly

import example_batch
import kit

DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scontrol", "scancel")
NODE = "kitnode"
START_TIMEOUT = 60      # seconds for munged, slurmctld and slurmd to be up and the node idle
JOB_TIMEOUT = 600       # seconds for a test's jobs to end


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _memory_mb():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    return 1024


class Cluster:
    """A one-node Slurm on localhost, its files in `root`: munged with its own
    key and socket, slurmctld and slurmd on free ports. Every process it
    starts is stopped by stop(), jobs included."""

    def __init__(self, root):
        self.root = str(root)
        self.conf = os.path.join(self.root, "slurm.conf")
        self.logs = os.path.join(self.root, "log")
        self.socket = os.path.join(self.root, "munge", "munge.socket")
        self.env = dict(os.environ, SLURM_CONF=self.conf)
        for name in list(self.env):  # a Slurm job's own variables would confuse sbatch
            if name.startswith("SLURM_") and name != "SLURM_CONF":
                del self.env[name]
        self.daemons = []

    def start(self):
        for folder in ("munge", "state", "spool", "log"):
            os.makedirs(os.path.join(self.root, folder), mode=0o700, exist_ok=True)
        key = os.path.join(self.root, "munge", "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(128))
        os.chmod(key, 0o600)
        self._daemon("munged", ["munged", "--foreground", "--force", "--socket", self.socket,
                                "--key-file", key, "--log-file",
                                os.path.join(self.logs, "munged.log"),
                                "--pid-file", os.path.join(self.root, "munge", "munged.pid"),
                                "--seed-file", os.path.join(self.root, "munge", "seed")])
        self._until(lambda: os.path.exists(self.socket), "munged to create its socket")
        self._write_conf()
        self._daemon("slurmctld", ["slurmctld", "-D", "-f", self.conf])
        self._daemon("slurmd", ["slurmd", "-D", "-N", NODE, "-f", self.conf])
        self._until(lambda: self.run("sinfo", "-h", "-n", NODE, "-o", "%T",
                                     check=False).stdout.strip() == "idle",
                    "the node to be idle")

    def _write_conf(self):
        r = self.root
        lines = [
            "ClusterName=kit", "SlurmctldHost=localhost(127.0.0.1)",
            "SlurmctldPort={}".format(_free_port()), "SlurmdPort={}".format(_free_port()),
            "SlurmUser=root", "SlurmdUser=root", "AuthType=auth/munge", "CredType=cred/munge",
            "AuthInfo=socket={}".format(self.socket), "MailProg=/bin/true",
            "StateSaveLocation={}/state".format(r), "SlurmdSpoolDir={}/spool".format(r),
            "SlurmctldPidFile={}/slurmctld.pid".format(r),
            "SlurmdPidFile={}/slurmd.pid".format(r),
            "SlurmctldLogFile={}/log/slurmctld.log".format(r),
            "SlurmdLogFile={}/log/slurmd.log".format(r),
            # No cgroups (a container may have none to give): plain process tracking.
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none", "JobCompType=jobcomp/none",
            "MpiDefault=none", "SwitchType=switch/none", "SchedulerType=sched/backfill",
            "SelectType=select/cons_tres", "SelectTypeParameters=CR_Core",
            "ReturnToService=2", "InactiveLimit=0", "MinJobAge=600", "KillWait=5",
            "Waittime=0",
            "NodeName={} NodeHostname=localhost NodeAddr=127.0.0.1 CPUs={} RealMemory={} "
            "State=UNKNOWN".format(NODE, os.cpu_count() or 1, _memory_mb() - 256),
            "PartitionName=kit Nodes={} Default=YES MaxTime=INFINITE State=UP".format(NODE),
        ]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")

    def _daemon(self, name, command):
        with open(os.path.join(self.logs, name + ".out"), "wb") as log:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, env=self.env,
                                       start_new_session=True)
        self.daemons.append((name, process))

    def _until(self, ready, what, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.daemons:
                if process.poll() is not None:
                    raise RuntimeError("{} stopped (exit {}) while waiting for {}:\n{}".format(
                        name, process.returncode, what, self.log_tail(name)))
            if ready():
                return
            time.sleep(0.5)
        raise RuntimeError("gave up after {} s waiting for {}:\n{}".format(
            timeout, what, "\n".join(self.log_tail(name) for name, _ in self.daemons)))

    def log_tail(self, name, lines=15):
        text = ""
        for suffix in (".out", ".log"):
            path = os.path.join(self.logs, name + suffix)
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    text += "".join(f.readlines()[-lines:])
        return "--- {} ---\n{}".format(name, text)

    def run(self, *command, check=True, timeout=30, **kwargs):
        return subprocess.run(command, env=self.env, capture_output=True, text=True,
                              check=check, timeout=timeout, **kwargs)

    def jobs(self):
        """The IDs of the jobs still queued or running."""
        out = self.run("squeue", "-h", "-o", "%i", check=False).stdout
        return out.split()

    def wait(self, timeout=JOB_TIMEOUT):
        """Wait until no job is left in the queue; False on time-out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.jobs():
                return True
            time.sleep(1)
        return False

    def state(self, job):
        """The state of a finished (or running) job: COMPLETED, FAILED, ..."""
        out = self.run("scontrol", "-o", "show", "job", str(job), check=False).stdout
        states = {field.split("=", 1)[1] for line in out.splitlines()
                  for field in line.split() if field.startswith("JobState=")}
        return ",".join(sorted(states))

    def stop(self):
        """Cancel every job, stop the daemons (SIGTERM, then SIGKILL after 10 s),
        then kill what is left of this cluster's jobs: the processes whose
        environment names this cluster's slurm.conf."""
        if any(process.poll() is None for _, process in self.daemons):
            self.run("scancel", "--user", "root", check=False)
            deadline = time.monotonic() + 20
            while self.jobs() and time.monotonic() < deadline:
                time.sleep(0.5)
        for _name, process in reversed(self.daemons):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
        for pid in self._leftovers():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def _leftovers(self):
        mark = ("SLURM_CONF=" + self.conf).encode() + b"\0"
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                with open("/proc/{}/environ".format(entry), "rb") as f:
                    if mark in f.read():
                        found.append(int(entry))
            except OSError:
                pass
        return found


@pytest.fixture(scope="module")
def slurm(tmp_path_factory):
    """A running one-node Slurm on localhost (Cluster), stopped after the module."""
    if not sys.platform.startswith("linux"):
        pytest.skip("a local Slurm cluster needs Linux")
    path = os.environ.get("PATH", os.defpath) + os.pathsep + "/usr/sbin"
    missing = [name for name in DAEMONS if shutil.which(name, path=path) is None]
    if missing:
        pytest.skip("Slurm is not installed here (missing {}): apt-get install slurm-wlm "
                    "munge, as .ci/run does".format(", ".join(missing)))
    if os.geteuid() != 0:
        pytest.skip("a local Slurm cluster needs root (slurmd runs the jobs as their user)")
    cluster = Cluster(tmp_path_factory.mktemp("slurm"))
    cluster.env["PATH"] = path
    try:
        cluster.start()
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        cluster.stop()
        pytest.skip("Slurm could not be started here: {}".format(error))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.mark.slow
def test_an_array_job_and_a_job_after_it_run(slurm, tmp_path):
    # The cluster works: three array tasks, each with its number, and a job
    # that starts only once all three have ended.
    script = tmp_path / "array.sh"
    script.write_text("#!/bin/bash\n#SBATCH --array=1-3\n#SBATCH --time=1\n"
                      "#SBATCH --output={}/task-%a.out\n"
                      "echo $SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT; date +%s.%N\n"
                      .format(tmp_path))
    array = slurm.run("sbatch", "--parsable", str(script)).stdout.strip().split(";")[0]
    after = slurm.run("sbatch", "--parsable", "--dependency=afterany:" + array,
                      "--output={}/after.out".format(tmp_path), "--time=1",
                      "--wrap", "date +%s.%N").stdout.strip().split(";")[0]
    assert slurm.wait(120), slurm.log_tail("slurmctld")
    tasks = {}
    for k in (1, 2, 3):
        first, stamp = (tmp_path / "task-{}.out".format(k)).read_text().splitlines()
        tasks[k] = float(stamp)
        assert first == "{} 3".format(k)
    assert float((tmp_path / "after.out").read_text()) >= max(tasks.values())
    assert slurm.state(after) == "COMPLETED"


@pytest.mark.slow
def test_the_slurm_script_grades_the_example_batch_as_one_machine_does(slurm, tmp_path):
    batch = tmp_path / "entregas"
    example_batch.write(str(batch))
    single, sharded = tmp_path / "single", tmp_path / "sharded"
    subprocess.run([sys.executable, "autograder.py", "--batch", str(batch), "--batch-output",
                    str(single), "--jobs", "2", *GRADING], cwd=str(kit.ROOT), check=True,
                   capture_output=True, timeout=600)
    script = tmp_path / "grade.sh"
    made = subprocess.run([sys.executable, "autograder.py", "--batch", str(batch),
                           "--batch-output", str(sharded), "--make-slurm-script", str(script),
                           "--shards", "3", "--jobs", "1", *GRADING], cwd=str(kit.ROOT),
                          capture_output=True, text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    submitted = slurm.run("bash", str(script), cwd=str(tmp_path))
    assert slurm.wait(), slurm.log_tail("slurmctld")
    logs = {path.name: path.read_text(errors="replace")
            for path in (sharded / "slurm").iterdir()}
    assert sorted(logs) == ["merge.out", "shard-1.out", "shard-2.out", "shard-3.out"], (
        submitted.stdout, logs)
    for k in (1, 2, 3):  # each shard's log says how its node seals the students' code
        log = logs["shard-{}.out".format(k)]
        assert log.startswith("Isolation: ") and "Shard {} of 3.".format(k) in log, logs
    assert "Merged the reports in {0}: {1} of {1} submissions graded.".format(
        sharded, len(example_batch.submissions())) in logs["merge.out"], logs["merge.out"]
    assert read_grades(sharded / "summary.csv") == read_grades(single / "summary.csv")
    assert not (sharded / "not_graded.csv").exists()
