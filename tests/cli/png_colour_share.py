#!/usr/bin/env python3
"""Share of a PNG's pixels that have a given colour (stdlib only: zlib + PNG unfiltering).
Usage: png_colour_share.py [--min S] <file.png> <rrggbb> ... ; prints one share per colour and, with
--min, exits 1 when the shares sum to less than S."""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, plte = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"PLTE":
            plte = [body[i:i + 3] for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 3, 6), f"unsupported PNG: depth {depth}, colour type {ctype}"
    bpp = {2: 3, 3: 1, 6: 4}[ctype]
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
    for y in range(h):
        f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= min(abs(p - b), abs(p - c)) else (b if abs(p - b) <= abs(p - c) else c)][f]
            row[i] = (row[i] + pred) & 0xFF
        prev = row
        for x in range(w):
            px = row[x * bpp:(x + 1) * bpp]
            out.append(bytes(plte[px[0]]) if ctype == 3 else bytes(px[:3]))
    return out


def main():
    args, least = sys.argv[1:], None
    if args[0] == "--min":
        least, args = float(args[1]), args[2:]
    px = pixels(args[0])
    shares = [sum(p == bytes.fromhex(c) for p in px) / len(px) for c in args[1:]]
    print(" ".join(f"{s:.4f}" for s in shares))
    if least is not None and sum(shares) < least:
        sys.exit(f"{args[0]}: colours {args[1:]} cover {sum(shares):.4f} of the pixels, expected >= {least}")


if __name__ == "__main__":
    main()
