#!/usr/bin/python3
"""The squid behaviour test's prober: run INSIDE a private network namespace (unshare -rn), never outside.

Reads one JSON job (argv[1]):
  {"outsideNetns": "net:[...]", "squid": PATH, "proxy": [ADDRESS, PORT], "upstream": ADDRESS,
   "addresses": [A...], "files": {NAME: TEXT}, "config": NAME,
   "probes": [[ID, SOURCE, "name:port"], ...]}
and, in this namespace only: brings lo up and adds every address to it (/32); listens on
upstream:443 (a plain TCP socket that accepts: no TLS is needed for CONNECT's answer); writes
the files into a temporary folder; runs squid -N -f CONFIG there as an unprivileged user of a
nested user namespace (so squid never tries to change user); waits for its port; then, per probe,
connects from SOURCE to the proxy and sends "CONNECT name:port HTTP/1.1", and records the status
code of the answer. Writes {"ok": bool, "error": TEXT, "log": TEXT, "status": {ID: CODE}} on stdout.
Every packet stays on this namespace's lo.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    out = {"ok": False, "error": "", "log": "", "status": {}}
    outside = job.get("outsideNetns", "")
    if not outside or os.readlink("/proc/self/ns/net") == outside:
        out["error"] = "refusing to run: not inside a private network namespace (run it only through unshare -rn, as the test does)"
        return out

    batch = "link set lo up\n" + "".join("address add %s/32 dev lo\n" % a for a in job["addresses"])
    r = subprocess.run(["ip", "-batch", "-"], input=batch, capture_output=True, text=True)
    if r.returncode != 0:
        out["error"] = "ip -batch: " + r.stderr
        return out

    upstream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    upstream.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    upstream.bind((job["upstream"], 443))
    upstream.listen(128)

    folder = tempfile.mkdtemp(prefix="swp-squid-")
    for name, text in job["files"].items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text.replace("@DIR@", folder))
    log = os.path.join(folder, "squid.out")
    with open(log, "w") as log_file:
        # Uid 1000 of a nested user namespace: squid, not root there, keeps its user (no setuid).
        squid = subprocess.Popen(
            ["unshare", "--user", "--map-user=1000", "--map-group=1000", job["squid"], "-N", "-d", "1",
             "-f", os.path.join(folder, job["config"])],
            cwd=folder, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        host, port = job["proxy"]
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection((host, port), timeout=0.2).close()
                break
            except OSError:
                if squid.poll() is not None or time.monotonic() > deadline:
                    out["error"] = "squid did not listen on %s:%d (exit %s)" % (host, port, squid.poll())
                    return out
                time.sleep(0.05)

        for pid, source, target in job["probes"]:
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            c.settimeout(10)
            try:
                c.bind((source, 0))
                c.connect((host, port))
                c.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target, target)).encode())
                answer = b""
                while b"\r\n" not in answer:
                    chunk = c.recv(512)
                    if not chunk:
                        break
                    answer += chunk
                words = answer.split(b"\r\n")[0].split()
                out["status"][str(pid)] = int(words[1]) if len(words) > 1 and words[1].isdigit() else 0
            except OSError as e:
                out["status"][str(pid)] = -1
                out["error"] += "probe %d: %s; " % (pid, e)
            finally:
                c.close()
        out["ok"] = True
        return out
    finally:
        squid.terminate()
        try:
            squid.wait(10)
        except subprocess.TimeoutExpired:
            squid.kill()
            squid.wait()
        with open(log, encoding="utf-8", errors="replace") as f:
            out["log"] = f.read()[-20000:]
        upstream.close()


if __name__ == "__main__":
    json.dump(main(), sys.stdout)
