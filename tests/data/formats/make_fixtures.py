#!/usr/bin/python3
"""Generates the image-format fixtures in this folder (see README.md).

Run with Debian's Python (Pillow 9.4 and numpy):   /usr/bin/python3 make_fixtures.py

Every image is a small synthetic pattern (gradients, checkers, stripes) computed below; no
photograph or third-party content is involved. Next to each image the script writes
NAME.rgba: the 8-bit RGBA pixels (row-major, R G B A, not premultiplied) that Aegis's
ImageDecoder must produce for it, computed from the source arrays, not from any decoder:

  lossless 8-bit formats     exactly the source (grey replicated to R=G=B, alpha 255 when the
                             format has none, palette indices expanded to their colours,
                             1-bit as 0/255)
  16-bit grey PNG            the 16-bit sample clipped to 0..255, min(v, 255), as Pillow does
  16-bit grey+alpha/colour   the high byte of every sample (alpha included), as Pillow does
  GIF (two frames)           the first frame
  JPEG (lossy)               jpeg-source.rgba is the source the two JPEGs were encoded from;
                             decoders are only required to come close to it

The 16-bit PNGs are written by the small encoder below (Pillow cannot write 16-bit colour or
interlaced PNGs). It cycles the five PNG filter types row by row so that a decoder's unfiltering
is exercised. Each file is read back with Pillow and checked against the expectation before the
script finishes, so a fixture whose .rgba is wrong is never written silently.
"""

import io
import os
import struct
import sys
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))

# Odd sizes on purpose: not a multiple of 8 (JPEG blocks, Adam7 passes, 1-bit row padding).
W, H = 37, 29

y, x = np.mgrid[0:H, 0:W].astype(np.int64)


def u8(a):
    a = np.asarray(a)
    assert a.min() >= 0 and a.max() <= 255, (a.min(), a.max())
    return a.astype(np.uint8)


# ---- source patterns -------------------------------------------------------------------

# Sharp-edged colour pattern for the lossless formats: each channel different, so a channel
# swap, a shifted row or a flipped image cannot go unnoticed.
RED = u8((x * 7) % 256)
GREEN = u8((y * 9 + 3) % 256)
BLUE = u8(((x // 3 + y // 3) % 2) * 150 + (x * y) % 61)
RGB = np.dstack([RED, GREEN, BLUE])

# Alpha from 0 to 255, with whole diagonals of 0 where the colour is not black: a decoder that
# premultiplies (or zeroes colour under transparent pixels) gets those pixels wrong.
ALPHA = u8(np.where((x + y) % 5 == 0, 0, (x * 11 + y * 17) % 256))
assert (ALPHA == 0).sum() > 100 and (RGB[ALPHA == 0].max(axis=1) > 0).sum() > 100

GREY = u8((x * 6 + y * 2 + ((x // 5 + y // 5) % 2) * 40) % 256)

# Palette: 24 colours, a grid of 4×4 cells.
PALETTE = np.array(
    [[(i * 37) % 256, (i * 91 + 40) % 256, (255 - i * 10) % 256] for i in range(24)], dtype=np.uint8)
INDICES = u8((x // 4 + 3 * (y // 4)) % 24)
PALETTE_ALPHA = np.array([0 if i % 6 == 0 else (255 if i % 2 else 40 + i * 8) for i in range(24)], dtype=np.uint8)

BITS = ((x // 3 + y // 3) % 2 == 0) | (x == y)  # checker plus a diagonal, True = white

# 16-bit samples. Grey mixes values below 255 (kept as they are) with values above it (clipped
# to 255), including ones whose low byte is small (e.g. 0x0101) so that a decoder keeping the
# low or high byte instead of clipping is caught.
GREY16 = np.where(x < W // 2, x * 9 + y * 3, 200 + (x * 29 + y * 331) * (1 + (x + y) % 3)).astype(np.int64)
assert GREY16.max() < 65536 and (GREY16 < 255).sum() > 100 and (GREY16 > 255).sum() > 100
assert ((GREY16 > 255) & ((GREY16 & 0xFF) < 0x40)).sum() > 10


def sixteen(high, salt):
    """16-bit samples with the given high byte and a varied low byte, so rounding (v/257) and
    keeping the high byte disagree on many pixels."""
    low = (x * 53 + y * 101 + salt * 71) % 256
    return (high.astype(np.int64) << 8) | low


RED16, GREEN16, BLUE16 = sixteen(RED, 1), sixteen(GREEN, 2), sixteen(BLUE, 3)
ALPHA16 = sixteen(ALPHA, 4)
GREYA16 = sixteen(GREY, 5)

# Smooth source for the lossy formats: low-frequency gradients and a soft blob, so a good JPEG
# decode is close to it.
blob = np.exp(-(((x - 24) ** 2) + ((y - 12) ** 2)) / 60.0)
JPEG_SRC = np.dstack([
    u8(30 + x * 5),
    u8(20 + y * 6),
    u8(np.round(60 + 150 * blob)),
])

# GIF frames: frame 1 is the palette picture; frame 2 is something else entirely (the palette
# reversed and the pattern transposed-ish), so decoding the wrong frame cannot pass.
GIF_INDICES_2 = u8((y // 2 + x // 6 + 7) % 24)


# ---- helpers ---------------------------------------------------------------------------

def rgba(rgb, alpha=None):
    a = np.full(rgb.shape[:2], 255, np.uint8) if alpha is None else alpha
    return np.dstack([rgb, a]).astype(np.uint8)


def grey_rgba(g, alpha=None):
    return rgba(np.dstack([g, g, g]), alpha)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def save_pillow(name, image, **options):
    buf = io.BytesIO()
    image.save(buf, **options)
    write(name, buf.getvalue())


def expect(stem, pixels):
    assert pixels.shape == (H, W, 4) and pixels.dtype == np.uint8
    write(stem + ".rgba", pixels.tobytes())


def pillow_rgba(name, frame=0):
    with Image.open(os.path.join(HERE, name)) as im:
        im.seek(frame)
        mode = im.mode
        if mode in ("I;16", "I;16B", "I"):
            # Pillow's own conversion of 16-bit grey to 8 bits: clip to 0..255.
            arr = np.clip(np.asarray(im, dtype=np.int64), 0, 255).astype(np.uint8)
            return grey_rgba(arr), mode
        return np.asarray(im.convert("RGBA")), mode


def check(name, stem):
    actual, mode = pillow_rgba(name)
    expected = np.fromfile(os.path.join(HERE, stem + ".rgba"), dtype=np.uint8).reshape(H, W, 4)
    if not np.array_equal(actual, expected):
        bad = np.argwhere(actual != expected)[0]
        sys.exit(f"{name}: Pillow ({mode}) reads {actual[bad[0], bad[1]]} at {bad[:2]}, "
                 f"expected {expected[bad[0], bad[1]]}")


# ---- a minimal PNG writer (for 16-bit and interlaced) -----------------------------------

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp, first_filter):
    """Filters each row with filter type (first_filter + row) % 5."""
    out = bytearray()
    prev = bytes(len(rows[0])) if rows else b""
    for i, row in enumerate(rows):
        ftype = (first_filter + i) % 5
        line = bytearray(len(row))
        for j, raw in enumerate(row):
            left = row[j - bpp] if j >= bpp else 0
            up = prev[j]
            up_left = prev[j - bpp] if j >= bpp else 0
            predictor = (0, left, up, (left + up) >> 1, paeth(left, up, up_left))[ftype]
            line[j] = (raw - predictor) & 0xFF
        out.append(ftype)
        out += line
        prev = row
    return bytes(out)


def chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png16(samples, color_type, interlaced):
    """samples: H×W×channels array of 0..65535."""
    channels = samples.shape[2]
    bpp = channels * 2
    be = samples.astype(">u2")
    passes = ADAM7 if interlaced else [(0, 0, 1, 1)]
    raw = b""
    for n, (x0, y0, dx, dy) in enumerate(passes):
        sub = be[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        rows = [sub[r].tobytes() for r in range(sub.shape[0])]
        raw += filter_rows(rows, bpp, first_filter=n)
    ihdr = struct.pack(">IIBBBBB", W, H, 16, color_type, 0, 0, 1 if interlaced else 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def clip16(v):
    return u8(np.minimum(v, 255))


def high(v):
    return u8(v >> 8)


# ---- the fixtures ------------------------------------------------------------------------

def main():
    for f in os.listdir(HERE):
        if f.split(".")[-1] in ("png", "jpg", "webp", "gif", "bmp", "rgba"):
            os.remove(os.path.join(HERE, f))

    lossless = []  # (file, stem)

    def add(file, stem):
        lossless.append((file, stem))

    # PNG, 8-bit and below, written by Pillow.
    save_pillow("png-grey8.png", Image.fromarray(GREY, "L"), format="PNG")
    expect("png-grey8", grey_rgba(GREY))
    add("png-grey8.png", "png-grey8")

    save_pillow("png-greyalpha8.png", Image.fromarray(np.dstack([GREY, ALPHA]), "LA"), format="PNG")
    expect("png-greyalpha8", grey_rgba(GREY, ALPHA))
    add("png-greyalpha8.png", "png-greyalpha8")

    save_pillow("png-rgb8.png", Image.fromarray(RGB, "RGB"), format="PNG")
    expect("png-rgb8", rgba(RGB))
    add("png-rgb8.png", "png-rgb8")

    save_pillow("png-rgba8.png", Image.fromarray(rgba(RGB, ALPHA), "RGBA"), format="PNG")
    expect("png-rgba8", rgba(RGB, ALPHA))
    add("png-rgba8.png", "png-rgba8")

    pal = Image.fromarray(INDICES, "P")
    pal.putpalette(PALETTE.flatten().tolist())
    save_pillow("png-palette.png", pal, format="PNG", optimize=False)
    expect("png-palette", rgba(PALETTE[INDICES]))
    add("png-palette.png", "png-palette")

    save_pillow("png-palette-trns.png", pal, format="PNG", optimize=False, transparency=PALETTE_ALPHA.tobytes())
    expect("png-palette-trns", rgba(PALETTE[INDICES], PALETTE_ALPHA[INDICES]))
    add("png-palette-trns.png", "png-palette-trns")

    save_pillow("png-1bit.png", Image.fromarray(u8(BITS * 255), "L").convert("1", dither=Image.Dither.NONE),
                format="PNG")
    expect("png-1bit", grey_rgba(u8(BITS * 255)))
    add("png-1bit.png", "png-1bit")

    # PNG, 16-bit, written by the encoder above.
    write("png-grey16.png", png16(GREY16[..., None], 0, interlaced=False))
    expect("png-grey16", grey_rgba(clip16(GREY16)))
    add("png-grey16.png", "png-grey16")

    write("png-grey16-interlaced.png", png16(GREY16[..., None], 0, interlaced=True))
    expect("png-grey16-interlaced", grey_rgba(clip16(GREY16)))
    add("png-grey16-interlaced.png", "png-grey16-interlaced")

    write("png-greyalpha16.png", png16(np.dstack([GREYA16, ALPHA16]), 4, interlaced=False))
    expect("png-greyalpha16", grey_rgba(high(GREYA16), high(ALPHA16)))
    add("png-greyalpha16.png", "png-greyalpha16")

    write("png-rgb16.png", png16(np.dstack([RED16, GREEN16, BLUE16]), 2, interlaced=False))
    expect("png-rgb16", rgba(np.dstack([high(RED16), high(GREEN16), high(BLUE16)])))
    add("png-rgb16.png", "png-rgb16")

    write("png-rgba16.png", png16(np.dstack([RED16, GREEN16, BLUE16, ALPHA16]), 6, interlaced=False))
    expect("png-rgba16", rgba(np.dstack([high(RED16), high(GREEN16), high(BLUE16)]), high(ALPHA16)))
    add("png-rgba16.png", "png-rgba16")

    write("png-rgba16-interlaced.png", png16(np.dstack([RED16, GREEN16, BLUE16, ALPHA16]), 6, interlaced=True))
    expect("png-rgba16-interlaced", rgba(np.dstack([high(RED16), high(GREEN16), high(BLUE16)]), high(ALPHA16)))
    add("png-rgba16-interlaced.png", "png-rgba16-interlaced")

    # WebP lossless; exact=True keeps the colour of fully transparent pixels.
    save_pillow("webp-lossless.webp", Image.fromarray(rgba(RGB, ALPHA), "RGBA"), format="WEBP",
                lossless=True, exact=True, method=6, quality=100)
    expect("webp-lossless", rgba(RGB, ALPHA))
    add("webp-lossless.webp", "webp-lossless")

    # GIF, two frames; the first is the one decoded.
    frame1 = Image.fromarray(INDICES, "P")
    frame1.putpalette(PALETTE.flatten().tolist())
    frame2 = Image.fromarray(GIF_INDICES_2, "P")
    frame2.putpalette(PALETTE[::-1].flatten().tolist())
    save_pillow("gif-two-frames.gif", frame1, format="GIF", save_all=True, append_images=[frame2],
                duration=100, loop=0, optimize=False, disposal=1)
    expect("gif-two-frames", rgba(PALETTE[INDICES]))
    add("gif-two-frames.gif", "gif-two-frames")
    second, _ = pillow_rgba("gif-two-frames.gif", frame=1)
    differing = (second[..., :3] != PALETTE[INDICES]).any(axis=2).sum()
    assert differing > W * H * 3 // 4, f"GIF frame 2 differs from frame 1 on only {differing} pixels"
    assert np.array_equal(second[..., :3], PALETTE[::-1][GIF_INDICES_2]), "GIF frame 2 is not what was drawn"

    # BMP, 24-bit.
    save_pillow("bmp-rgb24.bmp", Image.fromarray(RGB, "RGB"), format="BMP")
    expect("bmp-rgb24", rgba(RGB))
    add("bmp-rgb24.bmp", "bmp-rgb24")
    with open(os.path.join(HERE, "bmp-rgb24.bmp"), "rb") as f:
        assert struct.unpack("<H", f.read(30)[28:30])[0] == 24, "BMP is not 24-bit"

    # JPEG, baseline and progressive, same source and settings (4:2:0, quality 90).
    src = Image.fromarray(JPEG_SRC, "RGB")
    save_pillow("jpeg-baseline.jpg", src, format="JPEG", quality=90, subsampling=2, progressive=False)
    save_pillow("jpeg-progressive.jpg", src, format="JPEG", quality=90, subsampling=2, progressive=True)
    expect("jpeg-source", rgba(JPEG_SRC))

    # Checks: every lossless fixture reads back in Pillow as its expectation.
    for file, stem in lossless:
        check(file, stem)

    with Image.open(os.path.join(HERE, "png-grey16.png")) as im:
        assert im.mode.startswith("I"), im.mode
    with Image.open(os.path.join(HERE, "png-grey16-interlaced.png")) as im:
        assert im.info.get("interlace") == 1, im.info
    for name, progressive in (("jpeg-baseline.jpg", False), ("jpeg-progressive.jpg", True)):
        with Image.open(os.path.join(HERE, name)) as im:
            assert bool(im.info.get("progressive", 0)) == progressive, (name, im.info)
    base, _ = pillow_rgba("jpeg-baseline.jpg")
    prog, _ = pillow_rgba("jpeg-progressive.jpg")
    assert np.array_equal(base, prog), "baseline and progressive JPEGs decode differently in Pillow"
    mae = np.abs(base[..., :3].astype(int) - JPEG_SRC.astype(int)).mean()
    assert mae < 3, mae

    total = 0
    for f in sorted(os.listdir(HERE)):
        if f.split(".")[-1] in ("png", "jpg", "webp", "gif", "bmp", "rgba"):
            size = os.path.getsize(os.path.join(HERE, f))
            total += size
            print(f"{size:7d}  {f}")
    print(f"{total:7d}  total; JPEG mean abs error vs source (Pillow): {mae:.2f}")


if __name__ == "__main__":
    main()
