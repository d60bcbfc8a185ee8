// PDQ (Meta's perceptual image hash) in plain JavaScript, for hashing a picture on the person's own device: nothing
// but the hash need leave it. Bit-exact with Aegis's C# PdqHasher (src/Aegis.Hashing/Pdq) on the same RGBA pixels,
// which is bit-exact with python-threatexchange / HMA: luma in float64 rounded to float32, no pre-resize, a two-pass
// Jarosz box blur, 64×64 sampling at cell centres, a 16×16 DCT and a threshold at the lower median.
//
// Every step the C# does in float (32-bit) is done here in float too: a value stored in a Float32Array is rounded to
// float, and Math.fround rounds the running sums. JavaScript computes in float64 and rounds once; for +, −, ×, ÷ of
// two floats that is the correctly rounded float result, the same bits the C# gets. Sums run in the same order.
//
// Input: RGBA bytes (a canvas ImageData's Uint8ClampedArray, or any Uint8Array), width and height. Alpha is ignored
// and the colour is taken as stored: decode with createImageBitmap(blob, { imageOrientation: "none",
// premultiplyAlpha: "none", colorSpaceConversion: "none" }) to get the pixels Aegis's decoder gives (no EXIF rotation,
// no colour management; chromium 156 still applies the EXIF orientation despite "none", so the page decodes a copy with
// the tag set to 1: exif.js). Output: { hash: 64 lowercase hex characters, quality: 0..100 }.

const Size = 64;
const DctSize = 16;
const MinHashableDimension = 5;
/** Rows the row passes filter at once (independent running sums the processor can overlap). */
const RowsAtOnce = 4;
const LumaR = 0.299;
const LumaG = 0.587;
const LumaB = 0.114;

/** Hashes of quality below this are too weak to act on. */
export const MinimumUsefulQuality = 50;

/** The all-zero hash, what an image under 5 px on a side gets (with quality 0). */
export const ZeroHash = "0".repeat(64);

/** The 16×64 DCT matrix, row-major: D[i][j] = sqrt(2/64)·cos(π/128·(i+1)·(2j+1)), the scale in float, the product in double, stored as float. */
export const dctMatrix = (() => {
    const scale = Math.fround(Math.sqrt(2.0 / 64.0));
    const matrix = new Float32Array(DctSize * Size);
    for (let i = 0; i < DctSize; i++) {
        for (let j = 0; j < Size; j++) {
            matrix[i * Size + j] = scale * Math.cos(Math.PI / 2.0 / 64.0 * (i + 1) * (2 * j + 1));
        }
    }
    return matrix;
})();

/** Box window along a dimension: ceil(dimension / 128). */
const jaroszWindow = (dimension) => Math.trunc((dimension + 2 * Size - 1) / (2 * Size));

/** The source index sampled for output cell i (cell centres), computed in double and truncated as the C# does. */
const decimationSource = (i, dimension) => Math.trunc((i + 0.5) * dimension / Size);

/**
 * The PDQ hash and quality of an image's RGBA pixels (row-major, 4 bytes a pixel, no padding between rows).
 * @param {Uint8ClampedArray | Uint8Array} rgba the pixels: R, G, B, A (alpha ignored)
 * @param {number} width pixels across
 * @param {number} height pixels down
 * @returns {{ hash: string, quality: number }}
 */
export function pdqHash(rgba, width, height) {
    if (!(rgba instanceof Uint8ClampedArray || rgba instanceof Uint8Array)) {
        throw new TypeError("The pixels must be a Uint8ClampedArray or Uint8Array of RGBA bytes.");
    }
    if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 0 || height < 0) {
        throw new RangeError(`The width and height must be whole numbers ≥ 0; got ${width}×${height}.`);
    }
    if (rgba.length < width * height * 4) {
        throw new RangeError(`${width}×${height} RGBA needs ${width * height * 4} bytes; got ${rgba.length}.`);
    }
    if (width < MinHashableDimension || height < MinHashableDimension) {
        return { hash: ZeroHash, quality: 0 };
    }

    const downsampled = downsample(rgba, width, height);
    const quality = qualityOf(downsampled);
    return { hash: toHex(toBits(dct(downsampled))), quality };
}

/** The PDQ hash and quality of a canvas ImageData (or anything with data, width and height). */
export function pdqHashImageData(imageData) {
    return pdqHash(imageData.data, imageData.width, imageData.height);
}

/** Luma of every pixel, row-major: R·0.299 + G·0.587 + B·0.114 in double, left to right, rounded to float. */
function luma(rgba, count) {
    const out = new Float32Array(count);
    for (let i = 0, p = 0; i < count; i++, p += 4) {
        out[i] = rgba[p] * LumaR + rgba[p + 1] * LumaG + rgba[p + 2] * LumaB;
    }
    return out;
}

/** The 64×64 float buffer: luma, two passes of the box blur along rows then columns, sampled at cell centres. */
function downsample(rgba, width, height) {
    const plane = luma(rgba, width * height);
    if (width === Size && height === Size) {
        // As the reference: an image already 64×64 is not blurred.
        return plane;
    }

    const alongRows = jaroszWindow(width);
    const alongCols = jaroszWindow(height);
    const rowSamples = new Int32Array(Size);
    const colSamples = new Int32Array(Size);
    for (let i = 0; i < Size; i++) {
        rowSamples[i] = decimationSource(i, height);
        colSamples[i] = decimationSource(i, width);
    }

    // Pass 1: along rows into scratch, then along columns back into the plane.
    const scratch = new Float32Array(width * height);
    const sums = new Float32Array(Math.max(width, Size));
    for (let y = 0; y < height; y += RowsAtOnce) {
        boxRows(plane, y * width, scratch, y * width, width, Math.min(RowsAtOnce, height - y), alongRows);
    }
    boxColumns(scratch, plane, width, height, alongCols, sums);

    // Pass 2 along rows: rows filtered in full (the running sums need them) into a few cache-warm rows, of which only
    // the 64 sampled columns are kept (64 × height).
    const rows = new Float32Array(RowsAtOnce * width);
    const narrow = new Float32Array(Size * height);
    for (let y = 0; y < height; y += RowsAtOnce) {
        const count = Math.min(RowsAtOnce, height - y);
        boxRows(plane, y * width, rows, 0, width, count, alongRows);
        for (let r = 0; r < count; r++) {
            for (let k = 0; k < Size; k++) {
                narrow[(y + r) * Size + k] = rows[r * width + colSamples[k]];
            }
        }
    }

    // Pass 2 along columns: only the 64 sampled rows of the 64 sampled columns are read.
    const out = new Float32Array(Size * Size);
    boxColumns(narrow, out, Size, height, alongCols, sums, rowSamples);
    return out;
}

/**
 * Filters `count` consecutive rows (1..4) of a row-major matrix `length` wide, input from `start`, output from
 * `outStart`. Four rows at a time run as four independent running sums in one loop: each row sees exactly its own
 * sequence of float operations, but the processor overlaps the four chains instead of waiting on one.
 */
function boxRows(input, start, output, outStart, length, count, window) {
    if (count === RowsAtOnce) {
        boxRow4(input, start, output, outStart, length, window);
        return;
    }
    for (let r = 0; r < count; r++) {
        boxRow(input, start + r * length, output, outStart + r * length, length, window);
    }
}

/** boxRow on four consecutive rows at once (see boxRows). */
function boxRow4(input, start, output, outStart, length, window) {
    const half = Math.trunc((window + 2) / 2);
    const phase1 = half - 1;
    const phase2 = window - half + 1;
    const phase3 = length - window;
    const phase4 = half - 1;
    const a0 = start;
    const a1 = start + length;
    const a2 = start + 2 * length;
    const a3 = start + 3 * length;
    const o0 = outStart;
    const o1 = outStart + length;
    const o2 = outStart + 2 * length;
    const o3 = outStart + 3 * length;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let li = 0;
    let ri = 0;
    let oi = 0;
    let count = 0;
    for (let i = 0; i < phase1; i++, ri++) {
        s0 = Math.fround(s0 + input[a0 + ri]);
        s1 = Math.fround(s1 + input[a1 + ri]);
        s2 = Math.fround(s2 + input[a2 + ri]);
        s3 = Math.fround(s3 + input[a3 + ri]);
        count++;
    }
    for (let i = 0; i < phase2; i++, ri++, oi++) {
        s0 = Math.fround(s0 + input[a0 + ri]);
        s1 = Math.fround(s1 + input[a1 + ri]);
        s2 = Math.fround(s2 + input[a2 + ri]);
        s3 = Math.fround(s3 + input[a3 + ri]);
        count++;
        output[o0 + oi] = s0 / count;
        output[o1 + oi] = s1 / count;
        output[o2 + oi] = s2 / count;
        output[o3 + oi] = s3 / count;
    }
    for (let i = 0; i < phase3; i++, li++, ri++, oi++) {
        s0 = Math.fround(Math.fround(s0 + input[a0 + ri]) - input[a0 + li]);
        s1 = Math.fround(Math.fround(s1 + input[a1 + ri]) - input[a1 + li]);
        s2 = Math.fround(Math.fround(s2 + input[a2 + ri]) - input[a2 + li]);
        s3 = Math.fround(Math.fround(s3 + input[a3 + ri]) - input[a3 + li]);
        output[o0 + oi] = s0 / count;
        output[o1 + oi] = s1 / count;
        output[o2 + oi] = s2 / count;
        output[o3 + oi] = s3 / count;
    }
    for (let i = 0; i < phase4; i++, li++, oi++) {
        s0 = Math.fround(s0 - input[a0 + li]);
        s1 = Math.fround(s1 - input[a1 + li]);
        s2 = Math.fround(s2 - input[a2 + li]);
        s3 = Math.fround(s3 - input[a3 + li]);
        count--;
        output[o0 + oi] = s0 / count;
        output[o1 + oi] = s1 / count;
        output[o2 + oi] = s2 / count;
        output[o3 + oi] = s3 / count;
    }
}

/**
 * The reference's box1DFloat along one row: a centred running mean whose window shrinks at the ends, the float sum
 * divided by the count summed. Reads input[start .. start+length), writes output[outStart .. outStart+length).
 */
function boxRow(input, start, output, outStart, length, window) {
    const half = Math.trunc((window + 2) / 2);
    const phase1 = half - 1;
    const phase2 = window - half + 1;
    const phase3 = length - window;
    const phase4 = half - 1;
    let li = start;
    let ri = start;
    let oi = outStart;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < phase1; i++) {
        sum = Math.fround(sum + input[ri++]);
        count++;
    }
    for (let i = 0; i < phase2; i++) {
        sum = Math.fround(sum + input[ri++]);
        count++;
        output[oi++] = sum / count;
    }
    for (let i = 0; i < phase3; i++) {
        sum = Math.fround(sum + input[ri++]);
        sum = Math.fround(sum - input[li++]);
        output[oi++] = sum / count;
    }
    for (let i = 0; i < phase4; i++) {
        sum = Math.fround(sum - input[li++]);
        count--;
        output[oi++] = sum / count;
    }
}

/**
 * The same filter down every column of a row-major width × height matrix at once (a float running sum per column,
 * kept in a Float32Array so each += and −= rounds to float as the C# does), reading and writing whole rows.
 * With selectedRows (ascending), output row k is filtered row selectedRows[k]; otherwise every row is written.
 */
function boxColumns(input, output, width, height, window, sums, selectedRows) {
    const half = Math.trunc((window + 2) / 2);
    const phase1 = half - 1;
    const phase2 = window - half + 1;
    const phase3 = height - window;
    const phase4 = half - 1;
    sums.fill(0, 0, width);
    let next = 0;
    const emit = (count, row) => {
        if (selectedRows === undefined) {
            divide(sums, count, output, row * width, width);
            return;
        }
        while (next < selectedRows.length && selectedRows[next] === row) {
            divide(sums, count, output, next * width, width);
            next++;
        }
    };

    let li = 0;
    let ri = 0;
    let oi = 0;
    let count = 0;
    for (let i = 0; i < phase1; i++, ri++, count++) {
        add(sums, input, ri * width, width);
    }
    for (let i = 0; i < phase2; i++, ri++, oi++) {
        add(sums, input, ri * width, width);
        count++;
        emit(count, oi);
    }
    for (let i = 0; i < phase3; i++, li++, ri++, oi++) {
        addSubtract(sums, input, ri * width, li * width, width);
        emit(count, oi);
    }
    for (let i = 0; i < phase4; i++, li++, oi++) {
        subtract(sums, input, li * width, width);
        count--;
        emit(count, oi);
    }
}

function add(sums, input, at, width) {
    for (let x = 0; x < width; x++) {
        sums[x] += input[at + x];
    }
}

/** sums += add, then sums −= sub: two roundings, the reference's order. */
function addSubtract(sums, input, addAt, subAt, width) {
    for (let x = 0; x < width; x++) {
        sums[x] = Math.fround(sums[x] + input[addAt + x]) - input[subAt + x];
    }
}

function subtract(sums, input, at, width) {
    for (let x = 0; x < width; x++) {
        sums[x] -= input[at + x];
    }
}

function divide(sums, count, output, at, width) {
    for (let x = 0; x < width; x++) {
        output[at + x] = sums[x] / count;
    }
}

/**
 * Quality: over every vertical and horizontal neighbour pair, |(int)((u − v)·100/255)| in float, truncated; the sum
 * over 90, integer-divided, at most 100.
 */
function qualityOf(a) {
    let gradientSum = 0;
    for (let i = 0; i < Size - 1; i++) {
        for (let j = 0; j < Size; j++) {
            gradientSum += Math.abs(gradient(a[i * Size + j], a[(i + 1) * Size + j]));
        }
    }
    for (let i = 0; i < Size; i++) {
        for (let j = 0; j < Size - 1; j++) {
            gradientSum += Math.abs(gradient(a[i * Size + j], a[i * Size + j + 1]));
        }
    }
    return Math.min(Math.trunc(gradientSum / 90), 100);
}

/** (int)((u − v) * 100 / 255) with each operation in float, the cast truncating towards zero. */
const gradient = (u, v) => Math.trunc(Math.fround(Math.fround(Math.fround(u - v) * 100) / 255));

/** B = D·A·Dᵀ (16×16) for the 64×64 A, each sum over k in ascending order, every product and sum rounded to float. */
function dct(a) {
    const d = dctMatrix;
    const t = new Float32Array(DctSize * Size);
    for (let i = 0; i < DctSize; i++) {
        for (let j = 0; j < Size; j++) {
            let sum = 0;
            for (let k = 0; k < Size; k++) {
                sum = Math.fround(sum + Math.fround(d[i * Size + k] * a[k * Size + j]));
            }
            t[i * Size + j] = sum;
        }
    }

    const b = new Float32Array(DctSize * DctSize);
    for (let i = 0; i < DctSize; i++) {
        for (let j = 0; j < DctSize; j++) {
            let sum = 0;
            for (let k = 0; k < Size; k++) {
                sum = Math.fround(sum + Math.fround(t[i * Size + k] * d[j * Size + k]));
            }
            b[i * DctSize + j] = sum;
        }
    }
    return b;
}

/** Bit k = i·16 + j is set iff B[i][j] is strictly above the lower median (the 128th smallest of the 256). */
function toBits(b) {
    const median = Float32Array.from(b).sort()[127];
    const bits = new Uint8Array(256);
    for (let k = 0; k < 256; k++) {
        bits[k] = b[k] > median ? 1 : 0;
    }
    return bits;
}

/** 64 lowercase hex characters, the big-endian form of Σ bitₖ·2ᵏ: the first character holds bits 255..252. */
function toHex(bits) {
    let hex = "";
    for (let c = 0; c < 64; c++) {
        const low = 252 - 4 * c;
        hex += (bits[low] | (bits[low + 1] << 1) | (bits[low + 2] << 2) | (bits[low + 3] << 3)).toString(16);
    }
    return hex;
}
