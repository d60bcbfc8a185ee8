#!/usr/bin/env python3
"""Memory of `aegis serve` under a burst of large-image uploads (issue 11).

Starts `aegis serve` on a fresh SQLite data directory, sends N concurrent uploads of one benign
W×H image — a flat grey PNG (a few hundred KB), or with --bmp a 24-bit BMP (3·W·H bytes: a large
body) — to POST /v1/media, or with --hma to HMA's POST /h/hash (multipart), and reports the
answers, the server's RSS before, its peak (VmHWM) and its RSS after it has been idle a while.

Usage: bench/decode_burst.py AEGIS_DLL [--uploads 8] [--size 9000] [--bmp] [--hma] [--idle 30] [--env KEY=VALUE ...]
e.g.   bench/decode_burst.py src/Aegis.Cli/bin/Release/net10.0/aegis.dll --uploads 24 --env AEGIS_DECODE__BUDGETBYTES=2000000000
Standard library only.
"""
import argparse, collections, http.client, os, socket, struct, subprocess, sys, tempfile, threading, time, zlib


def png(width, height):
    """A flat mid-grey RGB PNG: every row is filter 0 and the same bytes, so it deflates ~1000:1."""
    row = b"\x00" + b"\x80" * (width * 3)
    z = zlib.compressobj(9)
    data = b"".join(z.compress(row) for _ in range(height)) + z.flush()

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def bmp(width, height):
    """A 24-bit bottom-up BMP of one grey: the body is as large as the pixels."""
    row = b"\x80" * (width * 3) + b"\x00" * ((4 - width * 3 % 4) % 4)
    return (b"BM" + struct.pack("<IHHI", 54 + len(row) * height, 0, 0, 54)
            + struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(row) * height, 2835, 2835, 0, 0) + row * height)


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("aegis")
    ap.add_argument("--uploads", type=int, default=8)
    ap.add_argument("--size", type=int, default=9000)
    ap.add_argument("--bmp", action="store_true", help="send a BMP (a body as large as the pixels) instead of a PNG")
    ap.add_argument("--hma", action="store_true", help="upload to HMA's POST /h/hash instead of POST /v1/media")
    ap.add_argument("--idle", type=int, default=30, help="seconds to watch RSS after the burst")
    ap.add_argument("--env", action="append", default=[])
    args = ap.parse_args()

    body = bmp(args.size, args.size) if args.bmp else png(args.size, args.size)
    work = tempfile.mkdtemp(prefix="decode-burst-")
    data = os.path.join(work, "data")
    key = subprocess.run(["dotnet", args.aegis, "apikey", "create", "burst", "--role", "platform", "--data", data],
                         check=True, capture_output=True, text=True).stdout.strip()
    port = free_port()
    env = dict(os.environ, AEGIS_RATELIMIT__REQUESTSPERSECOND="0")
    env.update(kv.split("=", 1) for kv in args.env)
    server = subprocess.Popen(["dotnet", args.aegis, "serve", "--data", data, "--urls", f"http://127.0.0.1:{port}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        time.sleep(2)
        idle_before = status_kb(server.pid, "VmRSS")

        answers = collections.Counter()
        retry_after = []

        def upload(i):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            headers = {"Authorization": f"Bearer {key}"}
            if args.hma:
                boundary = "decodeburst"
                payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"x\"\r\n"
                           f"Content-Type: application/octet-stream\r\n\r\n").encode() + body + f"\r\n--{boundary}--\r\n".encode()
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
                c.request("POST", "/h/hash", payload, headers)
            else:
                headers["Content-Type"] = "application/octet-stream"
                c.request("POST", f"/v1/media?content_id=burst-{i}", body, headers)
            r = c.getresponse()
            r.read()
            answers[r.status] += 1
            if r.status == 503:
                retry_after.append(r.getheader("Retry-After"))

        started = time.monotonic()
        threads = [threading.Thread(target=upload, args=(i,)) for i in range(args.uploads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - started
        after = status_kb(server.pid, "VmRSS")
        peak = status_kb(server.pid, "VmHWM")
        lowest = after
        for _ in range(args.idle):
            time.sleep(1)
            lowest = min(lowest, status_kb(server.pid, "VmRSS"))
        mb = lambda kb: f"{kb / 1024:,.0f} MB"
        print(f"{args.uploads} uploads of a {args.size}x{args.size} {'BMP' if args.bmp else 'PNG'} ({len(body):,} bytes) to "
              f"{'/h/hash' if args.hma else '/v1/media'}, env {args.env or 'default'}")
        print(f"  answers {dict(sorted(answers.items()))}, Retry-After {sorted(set(retry_after))}, {took:.1f} s")
        print(f"  RSS idle before {mb(idle_before)}, peak (VmHWM) {mb(peak)}, right after {mb(after)}, "
              f"lowest in the {args.idle} s after {mb(lowest)}")
    finally:
        server.kill()
        server.wait()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
