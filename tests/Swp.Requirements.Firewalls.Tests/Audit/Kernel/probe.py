#!/usr/bin/python3
"""The kernel oracle's prober: run INSIDE a private network namespace (unshare -rn), never outside.

Reads one JSON job (argv[1]):
  {"format": "iptables" | "nftables", "rules": TEXT, "timeoutMs": 300,
   "probes": [[ID, "tcp" | "udp", SOURCE, DESTINATION, PORT], ...]}
and, in this namespace only: brings lo up, adds every probed address to lo as a /32, loads the
rules with the real tool (iptables-nft-restore or nft -f), prints them back (iptables-nft-save or
nft -j list ruleset), then sends every probe at once: a TCP connect from SOURCE (bound) to a
listener on DESTINATION:PORT, or a UDP datagram carrying its ID from SOURCE to a receiver there.
A TCP probe passed when the connect completed; refused (REJECT), an error (EPERM of a local DROP)
or no answer within the time limit did not. A UDP probe passed when its datagram arrived in time.
Writes one JSON object on stdout: {"loaded": bool, "error": TEXT, "printBack": TEXT,
"passed": [ID...], "failed": {ID: why}}.
Debian's python3 standard library only; every packet stays on this namespace's lo.
"""
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


def run(argv, stdin=None):
    return subprocess.run(argv, input=stdin, capture_output=True, text=True)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    out = {"loaded": False, "error": "", "printBack": "", "passed": [], "failed": {}}
    probes = job["probes"]
    timeout = job.get("timeoutMs", 300) / 1000.0

    # Never the machine's own firewall: the caller names its network namespace, and this one must differ.
    outside = job.get("outsideNetns", "")
    here = os.readlink("/proc/self/ns/net")
    if not outside or here == outside:
        out["error"] = "refusing to run: not inside a private network namespace (run it only through unshare -rn, as the test does)"
        return out

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 2 * len(probes) + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

    r = run(["ip", "link", "set", "lo", "up"])
    if r.returncode != 0:
        out["error"] = "ip link set lo up: " + r.stderr
        return out
    addresses = sorted({p[2] for p in probes} | {p[3] for p in probes})
    batch = "".join("address add %s/32 dev lo\n" % a for a in addresses if not a.startswith("127."))
    if batch:
        r = run(["ip", "-batch", "-"], batch)
        if r.returncode != 0:
            out["error"] = "ip -batch (address add): " + r.stderr
            return out

    with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False) as f:
        f.write(job["rules"])
        path = f.name
    try:
        if job["format"] == "iptables":
            load, save = ["iptables-nft-restore", path], ["iptables-nft-save"]
        else:
            load, save = ["nft", "-f", path], ["nft", "-j", "list", "ruleset"]
        r = run(load)
        if r.returncode != 0:
            out["error"] = " ".join(load[:-1]) + ": " + r.stderr.strip()
            return out
        out["loaded"] = True
        r = run(save)
        if r.returncode != 0:
            out["error"] = " ".join(save) + ": " + r.stderr.strip()
            return out
        out["printBack"] = r.stdout
    finally:
        os.unlink(path)

    if not probes:
        return out

    # Listeners on the wildcard address: one per port and protocol reaches every local address.
    listeners = {}
    for _, proto, _, _, port in probes:
        if (proto, port) in listeners:
            continue
        if proto == "tcp":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", port))
            s.listen(4096)
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            s.bind(("0.0.0.0", port))
        s.setblocking(False)
        listeners[(proto, port)] = s

    sel = selectors.DefaultSelector()
    for (proto, _), s in listeners.items():
        sel.register(s, selectors.EVENT_READ, ("listen", proto, None))

    passed = set()
    failed = {}
    pending_tcp = 0
    pending_udp = set()
    for pid, proto, src, dst, port in probes:
        if proto == "tcp":
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            c.setblocking(False)
            try:
                c.bind((src, 0))
                rc = c.connect_ex((dst, port))
            except OSError as e:
                rc = e.errno
            if rc == 0:
                passed.add(pid)
                c.close()
            elif rc == errno.EINPROGRESS:
                sel.register(c, selectors.EVENT_WRITE, ("connect", proto, pid))
                pending_tcp += 1
            else:
                failed[pid] = errno.errorcode.get(rc, str(rc))
                c.close()
        else:
            c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                c.bind((src, 0))
                c.sendto(str(pid).encode(), (dst, port))
                pending_udp.add(pid)
            except OSError as e:
                failed[pid] = errno.errorcode.get(e.errno, str(e.errno))
            finally:
                c.close()

    probeloop.settle(sel, passed, failed, pending_tcp, pending_udp, timeout)
    out["passed"] = sorted(passed)
    out["failed"] = {str(k): v for k, v in failed.items()}
    return out


if __name__ == "__main__":
    json.dump(main(), sys.stdout)
