"""What scripts/azurite-server and scripts/gcs-server share: install into a cache dir, start one throw-away
emulator per env file on 127.0.0.1, wait until it answers, write the env file, stop only that process group.

Python 3 standard library only; modelled on scripts/s3-server. Imported by those scripts, never run on its own.
"""

import argparse
import fcntl
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

EXIT_FAIL = 1
EXIT_DOWN = 3
MARKER_NAME = ".camel-labelstudio-install-complete"


class Failure(Exception):
    """A failure reported as one line on stderr with exit code 1."""


class Emulator:
    """What one script defines; the functions below drive it.

    name        script name, used in messages and as prefix of the run state dir
    process_tag a string the server's command line contains (so a reused pid is never taken for ours)
    install()   -> installs if needed (under cache_dir()), returns what launch needs
    command(installed, port) -> argv of the server; port is None when the server picks its own ports
    ports(proc, state) -> dict of service name -> port once the server listens on them, else None
    healthy(ports) -> True when the server answers
    env(ports, proc) -> dict of env file values (must be safe for bash `source` and java.util.Properties)
    url(ports) -> the main URL printed on start and by status
    """

    name = "emulator"
    process_tag = ""
    picks_own_ports = False
    timeout_variable = "EMULATOR_START_TIMEOUT"
    help_epilog = ""
    description = ""

    def install(self):
        raise NotImplementedError

    def command(self, installed, port):
        raise NotImplementedError

    def ports(self, proc, state, port):
        raise NotImplementedError

    def healthy(self, ports):
        raise NotImplementedError

    def env(self, ports, proc):
        raise NotImplementedError

    def url(self, ports):
        raise NotImplementedError

    def server_env(self):
        env = dict(os.environ)
        for k in list(env):
            if k.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
                del env[k]
        return env


def log(name, msg):
    print("%s: %s" % (name, msg), file=sys.stderr, flush=True)


def cache_dir():
    d = os.environ.get("CAMEL_LABELSTUDIO_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "camel-labelstudio")
    return os.path.abspath(os.path.expanduser(d))


def plain_version(value, variable):
    if not re.fullmatch(r"[0-9A-Za-z.+-]+", value):
        raise Failure("%s %r is not a plain version number" % (variable, value))
    return value


class State:
    """Run state of the server that belongs to one env file."""

    def __init__(self, name, env_file):
        self.env_file = os.path.abspath(os.path.expanduser(env_file))
        key = hashlib.sha256(self.env_file.encode()).hexdigest()[:12]
        self.dir = os.path.join(cache_dir(), "run", "%s-state-%s" % (name, key))
        self.pid_file = os.path.join(self.dir, "server.pid")
        self.info_file = os.path.join(self.dir, "server.json")
        self.log_file = os.path.join(self.dir, "server.log")

    def read_info(self):
        try:
            with open(self.info_file) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def write_info(self, info):
        with open(self.info_file, "w") as f:
            json.dump(info, f)

    def read_pid(self):
        try:
            with open(self.pid_file) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def clear(self):
        for p in (self.pid_file, self.info_file):
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass


# --------------------------------------------------------------------------- processes


def proc_stat(pid):
    """(state, pgrp, starttime) of a process from /proc/<pid>/stat, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except (OSError, ValueError):
        return None
    rest = data[data.rfind(")") + 2:].split()
    return rest[0], int(rest[2]), rest[19]


def pid_alive(pid):
    st = proc_stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def proc_cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def group_members(pgid):
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = proc_stat(int(name))
            if st and st[1] == pgid and st[0] not in ("Z", "X"):
                pids.append(int(name))
    return pids


def our_server_pid(emu, state):
    """The pid recorded for this state if it is still that server process, else None."""
    pid = state.read_pid()
    if pid is None or not pid_alive(pid):
        return None
    info = state.read_info()
    st = proc_stat(pid)
    if info.get("starttime") and st and st[2] != info["starttime"]:
        return None  # pid was reused by another process
    if emu.process_tag not in proc_cmdline(pid):
        return None
    return pid


def terminate_group(emu, pid, grace=10.0):
    """SIGTERM the process group led by pid, wait up to grace seconds, then SIGKILL it."""
    try:
        pgid = os.getpgid(pid)
    except ProcessLookupError:
        return
    if pgid != pid:
        targets = lambda: [pid] if pid_alive(pid) else []  # noqa: E731
        kill = lambda sig: os.kill(pid, sig)  # noqa: E731
    else:
        targets = lambda: group_members(pgid)  # noqa: E731
        kill = lambda sig: os.killpg(pgid, sig)  # noqa: E731
    try:
        kill(signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not targets():
            return
        time.sleep(0.1)
    log(emu.name, "server did not stop within %.0f s, sending SIGKILL" % grace)
    try:
        kill(signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while targets() and time.monotonic() < deadline:
        time.sleep(0.1)


def listening_ports(pid):
    """TCP ports in LISTEN state held by the process group of pid (via /proc fd inode matching)."""
    inodes = set()
    for member in group_members(pid) or [pid]:
        try:
            fds = os.listdir("/proc/%d/fd" % member)
        except OSError:
            continue
        for fd in fds:
            try:
                m = re.fullmatch(r"socket:\[(\d+)\]", os.readlink("/proc/%d/fd/%s" % (member, fd)))
            except OSError:
                continue
            if m:
                inodes.add(m.group(1))
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


# --------------------------------------------------------------------------- install / http / ports


def locked_install(emu, what, is_done, do_install):
    """Runs do_install() under a lock in the cache dir unless is_done(); returns nothing."""
    cache = cache_dir()
    os.makedirs(cache, exist_ok=True)
    if is_done():
        return
    with open(os.path.join(cache, "%s.lock" % what), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            log(emu.name, "another %s is installing %s, waiting" % (emu.name, what))
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_done():
            do_install()


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_status(url):
    """The HTTP status a GET of url gets (also 4xx/5xx), or None if nothing answers."""
    try:
        with _OPENER.open(urllib.request.Request(url, method="GET"), timeout=3) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, OSError, ValueError):
        return None


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        if s.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def choose_port(port_variable):
    wanted = os.environ.get(port_variable) if port_variable else None
    if wanted:
        try:
            start = int(wanted)
        except ValueError:
            raise Failure("%s %r is not a number" % (port_variable, wanted))
        for port in range(start, min(start + 100, 65536)):
            if port_free(port):
                return port
        raise Failure("no free port in %d..%d" % (start, start + 99))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, n=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def write_env_file(emu, path, values):
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, ".%s.tmp-%d" % (os.path.basename(path), os.getpid()))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write("# written by scripts/%s start; removed by stop\n" % emu.name)
            for k, v in values.items():
                if re.search(r"[\s'\"\\$`#;&|<>()]", str(v)):
                    raise Failure("refusing to write unsafe value for %s" % k)
                f.write("%s=%s\n" % (k, v))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --------------------------------------------------------------------------- commands


def launch(emu, installed, state, port):
    cmd = emu.command(installed, port)
    with open(state.log_file, "ab") as out:
        out.write(("\n==== %s %s: starting %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), emu.name, " ".join(cmd))).encode())
        out.flush()
        proc = subprocess.Popen(cmd, cwd=state.dir, env=emu.server_env(), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
    st = proc_stat(proc.pid)
    with open(state.pid_file, "w") as f:
        f.write("%d\n" % proc.pid)
    state.write_info({"pid": proc.pid, "starttime": st[2] if st else None, "env_file": state.env_file,
                      "log": state.log_file})
    return proc


def wait_ready(emu, proc, state, port, deadline):
    """The service ports once the server answers; None if it exited (port taken meanwhile?)."""
    while True:
        if proc.poll() is not None:
            return None
        ports = emu.ports(proc, state, port)
        if ports and emu.healthy(ports):
            return ports
        if time.monotonic() > deadline:
            raise Failure("%s did not answer within %s s (end of its log %s above)\n%s"
                          % (emu.name, os.environ.get(emu.timeout_variable, "60"), state.log_file,
                             tail(state.log_file)))
        time.sleep(0.2)


def hint_arg(state, default_env_file):
    return "" if state.env_file == os.path.abspath(default_env_file) else " --env-file " + state.env_file


def cmd_start(emu, state, default_env_file):
    t0 = time.monotonic()
    os.makedirs(state.dir, exist_ok=True)
    with open(os.path.join(state.dir, "lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise Failure("another %s command is running for %s" % (emu.name, state.env_file))
        pid = our_server_pid(emu, state)
        if pid is not None:
            raise Failure("a server for %s is already running (pid %d, %s); stop it first with: scripts/%s stop%s"
                          % (state.env_file, pid, state.read_info().get("url", "?"), emu.name,
                             hint_arg(state, default_env_file)))
        state.clear()
        if os.path.exists(state.log_file):
            os.replace(state.log_file, state.log_file + ".1")
        try:
            os.unlink(state.env_file)
        except FileNotFoundError:
            pass
        installed = emu.install()
        try:
            timeout = float(os.environ.get(emu.timeout_variable) or 60)
        except ValueError:
            raise Failure("%s must be a number of seconds" % emu.timeout_variable)
        deadline = time.monotonic() + timeout
        proc = None
        try:
            for attempt in range(5):
                port = None if emu.picks_own_ports else choose_port(emu.port_variable)
                log(emu.name, "starting on 127.0.0.1%s (log %s)" % ("" if port is None else ":%d" % port,
                                                                    state.log_file))
                proc = launch(emu, installed, state, port)
                ports = wait_ready(emu, proc, state, port, deadline)
                if ports:
                    break
                log(emu.name, "server exited with code %s (port taken meanwhile?), retrying" % proc.returncode)
                proc = None
            else:
                raise Failure("%s did not start (end of its log %s above)\n%s"
                              % (emu.name, state.log_file, tail(state.log_file)))
            url = emu.url(ports)
            info = state.read_info()
            info.update({"url": url, "ports": ports})
            state.write_info(info)
            write_env_file(emu, state.env_file, emu.env(ports, proc))
        except BaseException:
            if proc is not None and proc.poll() is None:
                log(emu.name, "stopping the half-started server (pid %d); its log is kept in %s"
                    % (proc.pid, state.log_file))
                terminate_group(emu, proc.pid)
            state.clear()
            raise
    log(emu.name, "up at %s (%.1f s); env file %s" % (url, time.monotonic() - t0, state.env_file))
    print(url)
    print(state.env_file)
    return 0


def cmd_stop(emu, state, default_env_file):
    if not os.path.isdir(state.dir):
        log(emu.name, "no server is running for %s" % state.env_file)
        return 0
    with open(os.path.join(state.dir, "lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise Failure("another %s command is running for %s" % (emu.name, state.env_file))
        recorded = state.read_pid()
        pid = our_server_pid(emu, state)
        if pid is None:
            if recorded is not None:
                log(emu.name, "server pid %d from %s is no longer running (or is not ours); cleaning up"
                    % (recorded, state.pid_file))
            else:
                log(emu.name, "no server is running for %s" % state.env_file)
        else:
            log(emu.name, "stopping the server (pid %d, process group %d)" % (pid, pid))
            terminate_group(emu, pid)
            if pid_alive(pid):
                raise Failure("server pid %d is still alive after SIGKILL" % pid)
            log(emu.name, "stopped")
        state.clear()
        try:
            os.unlink(state.env_file)
        except FileNotFoundError:
            pass
    return 0


def cmd_status(emu, state, default_env_file):
    pid = our_server_pid(emu, state)
    info = state.read_info()
    url, ports = info.get("url"), info.get("ports")
    if pid is None:
        print("down (no running server for %s)" % state.env_file)
        return EXIT_DOWN
    if not url or not ports:
        print("down (pid %d is still starting)" % pid)
        return EXIT_DOWN
    if not emu.healthy(ports):
        print("down (pid %d alive but %s does not answer)" % (pid, url))
        return EXIT_DOWN
    print("up %s (pid %d, env file %s)" % (url, pid, state.env_file))
    return 0


def main(emu, argv, default_env_name):
    default_env_file = os.path.join(cache_dir(), "run", default_env_name)
    parser = argparse.ArgumentParser(
        prog=emu.name, usage="%(prog)s {start,stop,status} [--env-file PATH]",
        description=emu.description, epilog=emu.help_epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("start", "stop", "status"), help=argparse.SUPPRESS)
    parser.add_argument("--env-file", metavar="PATH", default=None,
                        help="env file to write (start) or read (status, stop); default <cache>/run/%s"
                        % default_env_name)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        state = State(emu.name, args.env_file or default_env_file)
        return {"start": cmd_start, "stop": cmd_stop, "status": cmd_status}[args.command](
            emu, state, default_env_file)
    except Failure as e:
        first, _, rest = str(e).partition("\n")
        if rest:
            print(rest.rstrip(), file=sys.stderr)
        log(emu.name, "error: " + first)
        return EXIT_FAIL
    except KeyboardInterrupt:
        log(emu.name, "interrupted")
        return 130
