// Aegis hashes a picture's pixels as coded, whatever its EXIF Orientation tag says (SkiaSharp's decoder is asked for
// the pixels, not the picture as a viewer turns it). Chromium turns the pixels to the tag even when createImageBitmap is
// given imageOrientation: "none" (measured with chromium 156; docs/architecture.md, "The protect page"). So the page
// decodes a copy of the file whose Orientation tag says 1 ("as coded"): the decoder then gives the pixels as coded, and
// the digests are still of the person's file, unchanged.

/** EXIF's Orientation tag. */
const OrientationTag = 0x0112;

/**
 * A copy of the file's bytes with every EXIF Orientation tag set to 1, or null when there is none other than 1 (decode
 * the file itself then). Reads JPEG (APP1 "Exif"), PNG (eXIf) and WebP (EXIF) containers; anything else is left as is.
 * @param {Uint8Array} bytes the file
 * @returns {Uint8Array | null}
 */
export function withoutOrientation(bytes) {
    const blocks = tiffBlocks(bytes);
    let copy = null;
    for (const start of blocks) {
        const at = orientationAt(bytes, start);
        if (at >= 0 && value(bytes, at, bytes[start] === 0x49) !== 1) {
            copy ??= bytes.slice();
            const little = bytes[start] === 0x49;
            copy[at] = little ? 1 : 0;
            copy[at + 1] = little ? 0 : 1;
        }
    }
    return copy;
}

/** Where each EXIF TIFF block starts in the file ("II" or "MM"). */
function tiffBlocks(b) {
    const found = [];
    if (b.length > 4 && b[0] === 0xFF && b[1] === 0xD8) {
        // JPEG: markers until the scan starts.
        let i = 2;
        while (i + 4 <= b.length && b[i] === 0xFF) {
            const marker = b[i + 1];
            if (marker === 0xD8 || marker === 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker === 0xFF) {
                i += marker === 0xFF ? 1 : 2;
                continue;
            }
            if (marker === 0xDA || marker === 0xD9) {
                break;
            }
            const length = (b[i + 2] << 8) | b[i + 3];
            if (marker === 0xE1 && isExifHeader(b, i + 4)) {
                found.push(i + 10);
            }
            i += 2 + length;
        }
    } else if (b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4E && b[3] === 0x47) {
        // PNG: chunks.
        let i = 8;
        while (i + 8 <= b.length) {
            const length = ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
            const type = String.fromCharCode(b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
            if (type === "eXIf") {
                found.push(isExifHeader(b, i + 8) ? i + 14 : i + 8);
            }
            if (type === "IEND") {
                break;
            }
            i += 12 + length;
        }
    } else if (b.length > 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") {
        // WebP: RIFF chunks.
        let i = 12;
        while (i + 8 <= b.length) {
            const length = b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | ((b[i + 7] << 24) >>> 0);
            if (ascii(b, i, 4) === "EXIF") {
                found.push(isExifHeader(b, i + 8) ? i + 14 : i + 8);
            }
            i += 8 + length + (length & 1);
        }
    }
    return found.filter((start) => start + 8 <= b.length);
}

function ascii(b, at, n) {
    return String.fromCharCode(...b.subarray(at, at + n));
}

function isExifHeader(b, at) {
    return at + 6 <= b.length && ascii(b, at, 4) === "Exif" && b[at + 4] === 0 && b[at + 5] === 0;
}

function value(b, at, little) {
    return little ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
}

function value32(b, at, little) {
    return little
        ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0
        : ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** The offset of the Orientation tag's value in IFD0 of the TIFF block at start, or -1. */
function orientationAt(b, start) {
    const little = b[start] === 0x49 && b[start + 1] === 0x49;
    const big = b[start] === 0x4D && b[start + 1] === 0x4D;
    if ((!little && !big) || value(b, start + 2, little) !== 42) {
        return -1;
    }
    const ifd = start + value32(b, start + 4, little);
    if (ifd + 2 > b.length) {
        return -1;
    }
    const count = value(b, ifd, little);
    for (let n = 0; n < count; n++) {
        const entry = ifd + 2 + n * 12;
        if (entry + 12 > b.length) {
            return -1;
        }
        if (value(b, entry, little) === OrientationTag && value(b, entry + 2, little) === 3) {
            return entry + 8;
        }
    }
    return -1;
}
