"""The probe loop the three probers share (Audit/Kernel/probe.py, Render/Behaviour/hostprobe.py,
Render/Hosts/hostprobe.py): waits, up to a time limit, for the TCP connects started without
blocking and the UDP datagrams sent, accepting on the listeners meanwhile; then a connect that
neither completed nor failed is "timed out" and a datagram not received is "not received".
Standard library only; it opens no socket and touches no firewall: the caller runs it inside its
private network namespace."""

import errno
import socket
import time


def settle(sel, passed, failed, pending_tcp, pending_udp, timeout):
    """sel holds the listeners (data ("listen", proto, None)) and the pending connects (data
    ("connect", proto, pid)); pending_tcp counts the connects, pending_udp is the set of probe IDs
    whose datagram is awaited (its payload is the ID). Fills passed (a set) and failed (a dict of
    ID -> reason), and closes every socket in sel."""
    deadline = time.monotonic() + timeout
    while (pending_tcp > 0 or pending_udp) and time.monotonic() < deadline:
        for key, _ in sel.select(max(0.0, deadline - time.monotonic())):
            kind, proto, pid = key.data
            s = key.fileobj
            if kind == "listen" and proto == "tcp":
                try:
                    while True:
                        a, _ = s.accept()
                        a.close()
                except (BlockingIOError, InterruptedError):
                    pass
            elif kind == "listen":
                try:
                    while True:
                        data, _ = s.recvfrom(64)
                        got = int(data.decode())
                        if got in pending_udp:
                            pending_udp.discard(got)
                            passed.add(got)
                except (BlockingIOError, InterruptedError, ValueError):
                    pass
            else:
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                sel.unregister(s)
                s.close()
                pending_tcp -= 1
                if err == 0:
                    passed.add(pid)
                else:
                    failed[pid] = errno.errorcode.get(err, str(err))
    for key in list(sel.get_map().values()):
        if key.data[0] == "connect":
            failed[key.data[2]] = "timed out"
        key.fileobj.close()
    for pid in pending_udp:
        failed[pid] = "not received"
