#!/usr/bin/python3
"""Behaviour test of a host firewall manager (firewalld or ufw): run INSIDE private user, network
and mount namespaces (unshare -rnm), never outside.

Reads one JSON job (argv[1]):
  {"manager": "firewalld" | "ufw", "root": UNPACKED PACKAGES, "work": PRIVATE FOLDER,
   "outsideNetns": NS, "script": TEXT, "offline": bool, "timeoutMs": 400,
   "local": [ADDRESS...], "probes": [[ID, "tcp" | "udp", SOURCE, DESTINATION, PORT], ...]}
In these namespaces only: a tmpfs over /run (a private D-Bus socket, firewalld's state), the
manager's configuration copied into WORK (firewalld: --system-config; ufw: --datadir), and the
programs run from ROOT (the unpacked Debian packages) through wrappers named as the real commands
on PATH. A second network namespace is the rest of the network, joined by a veth pair: LOCAL
addresses are the host's (on swp0), every other probed address is the peer's (on swp1). The
host is hardened as an admin would (firewalld: its stock zone public plus a policy HOST -> ANY
with target REJECT; ufw: default deny incoming and outgoing, enabled), the script is applied with
`sh FILE` twice (firewalld: with FIREWALL_CMD=firewall-offline-cmd before the daemon starts when
"offline"), and every probe is sent at once: a TCP connect or a UDP datagram from SOURCE (bound)
to a listener on DESTINATION:PORT, across the veth pair.
Writes {"loaded": bool, "error": TEXT, "printBack": TEXT, "log": TEXT, "passed": [ID...],
"failed": {ID: why}} on stdout. Debian's python3 standard library only.
"""
import ctypes
import errno
import json
import os
import selectors
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tools"))
import probeloop  # noqa: E402  (Tools/probeloop.py: the probe loop the probers share)

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def run(argv, env=None, check=True, log=None, stdin=None):
    start = time.monotonic()
    r = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, timeout=60)
    if log is not None:
        log.append("$ %s -> %d (%.1f s)\n%s%s" % (" ".join(argv), r.returncode, time.monotonic() - start, r.stdout[-2000:], r.stderr[-2000:]))
    if check and r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s %s" % (" ".join(argv), r.returncode, r.stdout.strip()[-1500:], r.stderr.strip()[-1500:]))
    return r


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns")


def wrapper(path, body):
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, 0o755)


def main(out, log, procs):
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    outside = job.get("outsideNetns", "")
    if not outside or os.readlink("/proc/self/ns/net") == outside:
        raise RuntimeError("refusing to run: not inside a private network namespace (run it only through unshare -rnm, as the test does)")
    root, work, manager = job["root"], job["work"], job["manager"]
    py = "/usr/bin/python3"
    run(["mount", "-t", "tmpfs", "tmpfs", "/run"])
    os.makedirs("/run/dbus")
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir)
    env = dict(os.environ)
    env["PATH"] = bindir + ":/usr/sbin:/usr/bin:/sbin:/bin"
    env["PYTHONPATH"] = os.path.join(root, "usr/lib/python3/dist-packages")
    env.pop("FIREWALL_CMD", None)
    env.pop("UFW", None)
    if manager == "firewalld":
        etc = os.path.join(work, "etc-firewalld")
        shutil.copytree(os.path.join(root, "etc/firewalld"), etc)
        lib = os.path.join(root, "usr/lib/firewalld")
        wrapper(os.path.join(bindir, "firewall-cmd"), 'exec %s %s/usr/bin/firewall-cmd "$@"' % (py, root))
        wrapper(os.path.join(bindir, "firewall-offline-cmd"),
                'exec %s %s/usr/bin/firewall-offline-cmd --system-config %s --default-config %s "$@"' % (py, root, etc, lib))
    else:
        # a private copy of the unpacked tree is both ufw's root and its data (ufw-init reads
        # ROOTDIR/etc/ufw/ufw.conf), with what the package's postinst installs into etc/ufw
        data = os.path.join(work, "ufw-root")
        shutil.copytree(root, data, symlinks=True)
        share = os.path.join(data, "usr/share/ufw")
        for name in ("ufw.conf", "before.init", "after.init"):
            shutil.copy(os.path.join(share, name), os.path.join(data, "etc/ufw", name))
        for name in os.listdir(os.path.join(share, "iptables")):
            shutil.copy(os.path.join(share, "iptables", name), os.path.join(data, "etc/ufw", name))
        # ufw's own test hooks: programs from ROOT (read only), configuration and state in DATA
        wrapper(os.path.join(bindir, "ufw"), 'exec %s %s/usr/sbin/ufw --rootdir=%s --datadir=%s "$@"' % (py, data, data, data))

    # ---- the network: this namespace is the host, a second one the rest of the network
    run(["ip", "link", "set", "lo", "up"])
    peer = subprocess.Popen(["unshare", "-n", "sleep", "600"])
    procs.append(peer)
    here = os.readlink("/proc/self/ns/net")
    for _ in range(200):
        try:
            if os.readlink("/proc/%d/ns/net" % peer.pid) != here:
                break
        except OSError:
            pass
        time.sleep(0.01)
    peer_ns = "/proc/%d/ns/net" % peer.pid
    host_fd = os.open("/proc/self/ns/net", os.O_RDONLY)
    peer_fd = os.open(peer_ns, os.O_RDONLY)
    run(["ip", "link", "add", "swp0", "type", "veth", "peer", "name", "swp1", "netns", str(peer.pid)])
    local = set(job["local"])
    remote = sorted(({p[2] for p in job["probes"]} | {p[3] for p in job["probes"]}) - local)
    batch = "".join("address add %s/32 dev swp0\n" % a for a in sorted(local))
    batch += "link set swp0 up\nroute add default dev swp0\n"
    run(["ip", "-batch", "-"], stdin=batch)
    pbatch = "link set lo up\n" + "".join("address add %s/32 dev swp1\n" % a for a in remote) + "link set swp1 up\nroute add default dev swp1\n"
    run(["nsenter", "--net=" + peer_ns, "ip", "-batch", "-"], stdin=pbatch)

    # ---- the host that already filters
    script = os.path.join(work, "swp." + manager + ".sh")
    with open(script, "w") as f:
        f.write(job["script"])
    if manager == "firewalld":
        offline_env = dict(env, FIREWALL_CMD="firewall-offline-cmd")
        # the admin's hardening, as firewalld stores it: outgoing traffic rejected unless allowed
        with open(os.path.join(etc, "policies", "deny-out.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="utf-8"?>\n<policy target="REJECT"><short>deny-out</short>'
                    '<ingress-zone name="HOST"/><egress-zone name="ANY"/></policy>\n')
        if job.get("offline"):
            run(["sh", script], env=offline_env, log=log)
            run(["sh", script], env=offline_env, log=log)
        conf = os.path.join(work, "dbus.conf")
        with open(conf, "w") as f:
            f.write('<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" '
                    '"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">\n<busconfig><type>system</type>'
                    '<listen>unix:path=/run/dbus/system_bus_socket</listen><auth>EXTERNAL</auth>'
                    '<policy context="default"><allow user="*"/><allow own="*"/><allow send_type="method_call"/>'
                    '<allow send_destination="*"/><allow receive_sender="*"/></policy></busconfig>\n')
        dlog = open(os.path.join(work, "dbus.log"), "w")
        procs.append(subprocess.Popen(["dbus-daemon", "--config-file=" + conf, "--nofork", "--nopidfile"], stdout=dlog, stderr=dlog))
        for _ in range(200):
            if os.path.exists("/run/dbus/system_bus_socket"):
                break
            time.sleep(0.02)
        flog = open(os.path.join(work, "firewalld.log"), "w")
        procs.append(subprocess.Popen([py, os.path.join(root, "usr/sbin/firewalld"), "--nofork", "--nopid",
                                       "--system-config", etc, "--default-config", lib, "--log-target", "console"],
                                      env=env, stdout=flog, stderr=flog))
        for _ in range(300):
            if run(["firewall-cmd", "--state"], env=env, check=False).returncode == 0:
                break
            if procs[-1].poll() is not None:
                break
            time.sleep(0.05)
        run(["firewall-cmd", "--state"], env=env, log=log)
        if not job.get("offline"):
            run(["sh", script], env=env, log=log)
            run(["sh", script], env=env, log=log)
        run(["firewall-cmd", "--policy=swp-ingress", "--list-rich-rules"], env=env, check=False, log=log)
        out["printBack"] = run(["nft", "list", "ruleset"], env=env).stdout
    else:
        run(["ufw", "default", "deny", "incoming"], env=env, log=log)
        run(["ufw", "default", "deny", "outgoing"], env=env, log=log)
        run(["ufw", "--force", "enable"], env=env, log=log)
        run(["sh", script], env=env, log=log)
        run(["sh", script], env=env, log=log)
        run(["ufw", "status", "verbose"], env=env, log=log)
        out["printBack"] = run(["iptables-save"], env=env).stdout
    out["loaded"] = True

    # ---- the probes
    timeout = job.get("timeoutMs", 400) / 1000.0
    probes = job["probes"]

    def in_ns(fd, make):
        setns(fd)
        try:
            return make()
        finally:
            setns(host_fd)

    sel = selectors.DefaultSelector()
    listeners = {}
    for _, proto, src, dst, port in probes:
        fd = host_fd if dst in local else peer_fd
        key = (fd, proto, port)
        if key in listeners:
            continue

        def make(proto=proto, port=port):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", port))
            if proto == "tcp":
                s.listen(256)
            s.setblocking(False)
            return s
        s = in_ns(fd, make)
        listeners[key] = s
        sel.register(s, selectors.EVENT_READ, ("listen", proto, None))

    passed, failed, pending_udp, pending_tcp = set(), {}, set(), 0
    for pid, proto, src, dst, port in probes:
        fd = host_fd if src in local else peer_fd
        c = in_ns(fd, lambda proto=proto: socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM))
        c.setblocking(False)
        try:
            c.bind((src, 0))
            if proto == "tcp":
                rc = c.connect_ex((dst, port))
                if rc == errno.EINPROGRESS:
                    sel.register(c, selectors.EVENT_WRITE, ("connect", proto, pid))
                    pending_tcp += 1
                    continue
                (passed.add(pid) if rc == 0 else failed.__setitem__(pid, errno.errorcode.get(rc, str(rc))))
            else:
                c.sendto(str(pid).encode(), (dst, port))
                pending_udp.add(pid)
        except OSError as e:
            failed[pid] = errno.errorcode.get(e.errno, str(e.errno))
        c.close() if proto == "udp" or pid in failed or pid in passed else None

    probeloop.settle(sel, passed, failed, pending_tcp, pending_udp, timeout)
    out["passed"] = sorted(passed)
    out["failed"] = {str(k): v for k, v in failed.items()}


if __name__ == "__main__":
    result = {"loaded": False, "error": "", "printBack": "", "log": "", "passed": [], "failed": {}}
    log, procs = [], []
    try:
        main(result, log, procs)
    except Exception as e:  # reported to the test, which shows it
        result["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        result["log"] = "\n".join(log)[-20000:]
    json.dump(result, sys.stdout)
