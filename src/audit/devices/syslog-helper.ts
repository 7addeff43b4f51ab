/**
 * The long-lived helper the syslog device writes through. The syslog socket (/dev/log) is an
 * AF_UNIX datagram socket, which Node cannot open (`dgram` is UDP only, `net` stream only; see
 * src/server/notify.ts), so a small Python program holds the connection, as Go's log/syslog does
 * in Vault: datagram first, then stream, on /dev/log, /var/run/syslog, /var/run/log.
 *
 * Why not util-linux `logger` reading stdin: it gives no answer per message (a failed send is a
 * warning on stderr, the exit status stays 0 while it can reconnect), so a lost entry could not
 * reject the request. This helper acknowledges every entry.
 *
 * Protocol: argv is priority, tag, the server's PID, then the socket paths to try. The helper
 * answers `ready` once connected (or `err <reason>` and exits 1). Then each entry arrives as a
 * 4-byte big-endian length and the bytes; it is sent as Go's log/syslog sends to a local socket,
 * `<PRI>Mmm dd hh:mm:ss tag[pid]: entry`, newline-terminated; on a failed send the helper reconnects
 * and sends once more; it answers `ok` or `err <reason>` per entry, in order.
 */
export const SYSLOG_HELPER = String.raw`import socket, struct, sys, time
pri, tag, pid, paths = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode(), sys.argv[4:]
inp, out = sys.stdin.buffer, sys.stdout.buffer

def reply(text):
    out.write(text.encode("utf-8", "replace") + b"\n")
    out.flush()

def connect():
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        for path in paths:
            s = socket.socket(socket.AF_UNIX, kind)
            try:
                s.settimeout(2)
                s.connect(path)
                return s, kind == socket.SOCK_STREAM
            except OSError:
                s.close()
    raise OSError("Unix syslog delivery error")

def read(n):
    buf = b""
    while len(buf) < n:
        chunk = inp.read(n - len(buf))
        if not chunk:
            sys.exit(0)
        buf += chunk
    return buf

def send(conn, stream, line):
    if stream:
        conn.sendall(line)
    elif conn.send(line) != len(line):
        raise OSError("short write")

try:
    conn, stream = connect()
except OSError as e:
    reply("err " + str(e))
    sys.exit(1)
reply("ready")
while True:
    (size,) = struct.unpack(">I", read(4))
    msg = read(size)
    t = time.localtime()
    stamp = (time.strftime("%b ", t) + "%2d " % t.tm_mday + time.strftime("%H:%M:%S", t)).encode()
    line = b"<%d>%s %s[%s]: %s" % (pri, stamp, tag, pid, msg)
    if not line.endswith(b"\n"):
        line += b"\n"
    try:
        send(conn, stream, line)
        reply("ok")
        continue
    except OSError:
        conn.close()
    try:
        conn, stream = connect()
        send(conn, stream, line)
        reply("ok")
    except OSError as e:
        reply("err " + str(e))
`;
