#!/usr/bin/python3
"""The behaviour tests' prober: run INSIDE a private network namespace (unshare -rn), never outside.

Reads one JSON job (argv[1]):
  {"outsideNetns": "net:[...]", "timeoutMs": 1500,
   "hostAddresses": [A...], "peerAddresses": [B...],
   "files": {NAME: TEXT}, "commands": {NAME: PATH}, "script": SH, "printBack": SH,
   "probes": [[ID, "tcp" | "udp", "out" | "in" | "lo", SOURCE, DESTINATION, PORT], ...]}
and, in this namespace only (the "host"): makes a second private network namespace (the "peer",
the rest of the world) joined to it by a veth pair, h0 here and p0 there; puts hostAddresses on h0
and peerAddresses on p0 (each a /32; a default route through the pair on each side); writes the
files into a temporary folder (and links named after "commands" into its bin/, first on PATH)
and runs the script there with sh -e (the host's firewall: its own
rules, then the render applied as a user would); runs printBack (what the kernel holds); then
sends every probe at once: "out" from the host (bound to SOURCE) to a listener in the peer, "in"
from the peer to a listener in the host, "lo" within the host. A TCP probe passed when the
connect completed; a UDP probe when its datagram arrived in time.
Writes one JSON object on stdout: {"ok": bool, "error": TEXT, "scriptOutput": TEXT,
"printBack": TEXT, "passed": [ID...], "failed": {ID: why}}.
Debian's python3 standard library (ctypes for setns) only; no packet leaves the two namespaces.
"""
import ctypes
import errno
import json
import os
import resource
import selectors
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tools"))
import probeloop  # noqa: E402  (Tools/probeloop.py: the probe loop the probers share)

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns: " + os.strerror(e))


def run(argv, stdin=None, cwd=None):
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, cwd=cwd)


def must(argv, stdin=None):
    r = run(argv, stdin)
    if r.returncode != 0:
        raise RuntimeError(" ".join(argv) + ": " + r.stderr.strip())


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    out = {"ok": False, "error": "", "scriptOutput": "", "printBack": "", "passed": [], "failed": {}}
    timeout = job.get("timeoutMs", 1500) / 1000.0

    # Never the machine's own firewall: the caller names its network namespace, and this one must differ.
    outside = job.get("outsideNetns", "")
    if not outside or os.readlink("/proc/self/ns/net") == outside:
        out["error"] = "refusing to run: not inside a private network namespace (run it only through unshare -rn, as the test does)"
        return out

    probes = job["probes"]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * len(probes) + 256)), hard))

    # The peer: a network namespace of its own, held by a sleeping child; its fd lets sockets be made there.
    peer_proc = subprocess.Popen(["unshare", "-n", "sleep", "600"])
    host_fd = os.open("/proc/self/ns/net", os.O_RDONLY)
    peer_fd = None
    try:
        for _ in range(200):
            peer_ns = os.readlink("/proc/%d/ns/net" % peer_proc.pid)
            if peer_ns != os.readlink("/proc/self/ns/net"):
                break
            time.sleep(0.01)
        else:
            out["error"] = "the peer namespace did not appear"
            return out
        if peer_ns == outside:
            out["error"] = "refusing to run: the peer namespace is the caller's"
            return out
        peer_fd = os.open("/proc/%d/ns/net" % peer_proc.pid, os.O_RDONLY)

        must(["ip", "link", "set", "lo", "up"])
        must(["ip", "link", "add", "h0", "type", "veth", "peer", "name", "p0", "netns", str(peer_proc.pid)])
        must(["ip", "-batch", "-"], "".join("address add %s/32 dev h0\n" % a for a in job["hostAddresses"])
             + "link set h0 up\nroute add default dev h0\n")
        setns(peer_fd)
        try:
            must(["ip", "link", "set", "lo", "up"])
            must(["ip", "-batch", "-"], "".join("address add %s/32 dev p0\n" % a for a in job["peerAddresses"])
                 + "link set p0 up\nroute add default dev p0\n")
        finally:
            setns(host_fd)

        folder = tempfile.mkdtemp(prefix="swp-host-")
        # Commands named as a user types them (iptables, iptables-restore): links to the tools the test chose.
        bin_dir = os.path.join(folder, "bin")
        os.mkdir(bin_dir)
        for name, target in job.get("commands", {}).items():
            os.symlink(target, os.path.join(bin_dir, name))
        env_path = bin_dir + os.pathsep + os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        for name, text in job.get("files", {}).items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(text)
        env = dict(os.environ, PATH=env_path)
        r = subprocess.run(["sh", "-e", "-c", job["script"]], capture_output=True, text=True, cwd=folder, env=env)
        out["scriptOutput"] = r.stdout + r.stderr
        if r.returncode != 0:
            out["error"] = "the host's script failed (exit %d): %s" % (r.returncode, (r.stdout + r.stderr).strip())
            return out
        r = subprocess.run(["sh", "-c", job.get("printBack", "true")], capture_output=True, text=True, cwd=folder, env=env)
        out["printBack"] = r.stdout + r.stderr

        # Listeners: one per namespace, protocol and port, on the wildcard address.
        def side_of_listener(kind):
            return {"out": "peer", "in": "host", "lo": "host"}[kind]

        def side_of_client(kind):
            return {"out": "host", "in": "peer", "lo": "host"}[kind]

        def enter(side):
            setns(peer_fd if side == "peer" else host_fd)

        sel = selectors.DefaultSelector()
        listeners = {}
        for _, proto, kind, _, _, port in probes:
            key = (side_of_listener(kind), proto, port)
            if key in listeners:
                continue
            enter(key[0])
            try:
                if proto == "tcp":
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind(("0.0.0.0", port))
                    s.listen(4096)
                else:
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.bind(("0.0.0.0", port))
            finally:
                setns(host_fd)
            s.setblocking(False)
            listeners[key] = s
            sel.register(s, selectors.EVENT_READ, ("listen", proto, None))

        passed, failed = set(), {}
        pending_tcp, pending_udp = 0, set()
        for pid, proto, kind, src, dst, port in probes:
            enter(side_of_client(kind))
            try:
                c = socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
            finally:
                setns(host_fd)
            c.setblocking(False)
            try:
                c.bind((src, 0))
                if proto == "tcp":
                    rc = c.connect_ex((dst, port))
                else:
                    c.sendto(str(pid).encode(), (dst, port))
                    rc = None
            except OSError as e:
                rc = e.errno
            if proto == "udp" and rc is None:
                pending_udp.add(pid)
                c.close()
            elif rc == 0:
                passed.add(pid)
                c.close()
            elif rc == errno.EINPROGRESS:
                sel.register(c, selectors.EVENT_WRITE, ("connect", proto, pid))
                pending_tcp += 1
            else:
                failed[pid] = errno.errorcode.get(rc, str(rc))
                c.close()

        probeloop.settle(sel, passed, failed, pending_tcp, pending_udp, timeout)
        out["passed"] = sorted(passed)
        out["failed"] = {str(k): v for k, v in failed.items()}
        out["ok"] = True
        return out
    except (OSError, RuntimeError) as e:
        out["error"] = str(e)
        return out
    finally:
        peer_proc.kill()
        peer_proc.wait()


if __name__ == "__main__":
    json.dump(main(), sys.stdout)
