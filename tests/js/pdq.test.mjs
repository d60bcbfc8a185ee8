// pdq.js against Aegis's C# PDQ: bit-exact hash and equal quality on the same pixels, for every reference image and
// the synthetic edge cases the .NET test writes, and the python-threatexchange values where Aegis matches them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dctMatrix, pdqHash, pdqHashImageData, ZeroHash } from "../../src/Aegis.Server/Pages/Assets/protect/pdq.js";
import { bytesOf, manifest, noVectors, readTsv } from "./vectors.mjs";

const pdqData = join(dirname(fileURLToPath(import.meta.url)), "..", "data", "pdq");

/** pdq.js's result for a vector, computed once. */
const hashed = new Map();
function hashOf(v) {
    if (!hashed.has(v.name)) {
        hashed.set(v.name, pdqHash(bytesOf(v.rgba), v.width, v.height));
    }
    return hashed.get(v.name);
}

/** A deterministic benign test pattern (gradients and a checker), with alpha varying. */
function pattern(width, height, seed = 1) {
    const rgba = new Uint8ClampedArray(width * height * 4);
    let state = seed;
    for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
            state = (Math.imul(state, 1103515245) + 12345) >>> 0;
            const p = (y * width + x) * 4;
            rgba[p] = (x * 255) / width;
            rgba[p + 1] = ((x >> 3) + (y >> 3)) & 1 ? 200 : 40;
            rgba[p + 2] = (y * 255) / height;
            rgba[p + 3] = state >>> 24;
        }
    }
    return rgba;
}

test("an image under 5 px on a side hashes to zero with quality 0", () => {
    for (const [width, height] of [[0, 0], [4, 4], [4, 100], [100, 4], [1, 1]]) {
        assert.deepEqual(pdqHash(pattern(width, height), width, height), { hash: ZeroHash, quality: 0 }, `${width}×${height}`);
    }
});

test("5×5 is hashed", () => {
    const result = pdqHash(pattern(5, 5), 5, 5);
    assert.match(result.hash, /^[0-9a-f]{64}$/);
    assert.notEqual(result.hash, ZeroHash);
});

test("alpha is ignored", () => {
    const a = pattern(120, 90, 1);
    const b = Uint8ClampedArray.from(a);
    for (let p = 3; p < b.length; p += 4) {
        b[p] = 255 - b[p];
    }
    assert.deepEqual(pdqHash(b, 120, 90), pdqHash(a, 120, 90));
});

test("a Uint8Array and an ImageData-like object give the same result as the clamped array", () => {
    const rgba = pattern(200, 150);
    const expected = pdqHash(rgba, 200, 150);
    assert.deepEqual(pdqHash(new Uint8Array(rgba.buffer), 200, 150), expected);
    assert.deepEqual(pdqHashImageData({ data: rgba, width: 200, height: 150 }), expected);
    assert.ok(expected.quality >= 0 && expected.quality <= 100 && Number.isInteger(expected.quality));
});

test("bad input is refused with a clear error", () => {
    assert.throws(() => pdqHash([1, 2, 3, 4], 1, 1), TypeError);
    assert.throws(() => pdqHash(new Uint8Array(16), -1, 4), RangeError);
    assert.throws(() => pdqHash(new Uint8Array(16), 2.5, 4), RangeError);
    assert.throws(() => pdqHash(new Uint8Array(99), 5, 5), /5×5 RGBA needs 100 bytes; got 99/);
});

test("the DCT matrix does not depend on the last bits of any engine's Math.cos", () => {
    // Each entry is float(scale · cos(x)) with the product in double. Math.cos is only "implementation-approximated" in
    // JavaScript (and .NET's comes from the C library), so the entry must not sit near a float rounding boundary: every
    // double within 16 ulps of the one computed here rounds to the same float, so any cos accurate to a few ulps
    // (every engine's) gives these floats.
    const scale = Math.fround(Math.sqrt(2.0 / 64.0));
    const f64 = new Float64Array(1);
    const u64 = new BigUint64Array(f64.buffer);
    const step = (value, ulps) => {
        f64[0] = value;
        u64[0] += BigInt(ulps) * (value > 0 ? 1n : -1n);
        return f64[0];
    };
    for (let i = 0; i < 16; i++) {
        for (let j = 0; j < 64; j++) {
            const v = scale * Math.cos(Math.PI / 2.0 / 64.0 * (i + 1) * (2 * j + 1));
            assert.equal(Math.fround(step(v, 16)), dctMatrix[i * 64 + j], `D[${i}][${j}] + 16 ulps`);
            assert.equal(Math.fround(step(v, -16)), dctMatrix[i * 64 + j], `D[${i}][${j}] − 16 ulps`);
        }
    }
});

test("the DCT matrix is the C# one, bit for bit", { skip: noVectors }, () => {
    const expected = manifest().dctMatrixBits;
    const actual = new Uint32Array(dctMatrix.buffer);
    assert.equal(actual.length, expected.length);
    for (let k = 0; k < expected.length; k++) {
        assert.equal(actual[k], expected[k], `D[${k >> 6}][${k & 63}]`);
    }
});

test("every vector: the hash is bit-exact with Aegis's C# and the quality equal", { skip: noVectors }, (t) => {
    const { vectors } = manifest();
    assert.ok(vectors.length >= 40, `only ${vectors.length} vectors in the manifest`);
    const failures = [];
    for (const v of vectors) {
        const result = hashOf(v);
        if (result.hash !== v.hash || result.quality !== v.quality) {
            failures.push(`${v.name} (${v.width}×${v.height}): C# ${v.hash} q${v.quality}, JS ${result.hash} q${result.quality}`);
        }
    }
    t.diagnostic(`${vectors.length} vectors compared`);
    assert.deepEqual(failures, []);
});

test("the python-threatexchange values are met where Aegis meets them", { skip: noVectors }, (t) => {
    const byName = new Map(manifest().vectors.map((v) => [v.name, v]));
    const rows = [
        ...readTsv(join(pdqData, "COMPUTED_pytx_pipeline.tsv")).map((r) => ({
            file: r.file, hash: r.computed_pdq_hex, quality: r.computed_quality, source: "COMPUTED_pytx_pipeline.tsv",
        })),
        ...readTsv(join(pdqData, "EXPECTED.tsv"))
            .filter((r) => r.source_path_in_repo.startsWith("python-threatexchange/"))
            .map((r) => ({ file: r.file, hash: r.expected_pdq_hex, quality: r.expected_quality, source: r.source_path_in_repo })),
    ];
    assert.ok(rows.length > 0);
    for (const row of rows) {
        const v = byName.get(row.file);
        assert.ok(v, `${row.file} (${row.source}) is not among the decoded vectors`);
        const result = hashOf(v);
        assert.equal(result.hash, row.hash, `${row.file}: expected ${row.hash} (from ${row.source})`);
        if (row.quality !== "NA") {
            assert.equal(result.quality, Number(row.quality), `${row.file}: quality (from ${row.source})`);
        }
    }
    t.diagnostic(`${rows.length} reference rows met`);
});
