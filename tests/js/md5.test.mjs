// md5.js and digests.js: the RFC 1321 test suite, pieces of every size against node's OpenSSL MD5, and a file of
// several chunks against .NET's MD5 and SHA-256 of the same bytes (written by JavaScriptPdqTests).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, webcrypto } from "node:crypto";
import { Md5, md5 } from "../../src/Aegis.Server/Pages/Assets/protect/md5.js";
import { ChunkBytes, fileDigests } from "../../src/Aegis.Server/Pages/Assets/protect/digests.js";
import { bytesOf, manifest, noVectors } from "./vectors.mjs";

// Node 18 has WebCrypto but not yet as a global; browsers and node ≥ 19 have it there.
globalThis.crypto ??= webcrypto;

const text = (s) => new TextEncoder().encode(s);

test("the RFC 1321 test suite", () => {
    const suite = [
        ["", "d41d8cd98f00b204e9800998ecf8427e"],
        ["a", "0cc175b9c0f1b6a831c399e269772661"],
        ["abc", "900150983cd24fb0d6963f7d28e17f72"],
        ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
        ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
        ["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"],
        ["12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"],
    ];
    for (const [input, expected] of suite) {
        assert.equal(md5(text(input)), expected, JSON.stringify(input));
    }
});

test("the digest is the same however the bytes are split, and equal to OpenSSL's", () => {
    // Lengths around the 55/56/64-byte padding boundaries and beyond one block, split into pieces of every size.
    const bytes = new Uint8Array(1000);
    for (let i = 0; i < bytes.length; i++) {
        bytes[i] = (i * 131 + 7) & 255;
    }
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
        const data = bytes.subarray(0, length);
        const expected = createHash("md5").update(data).digest("hex");
        for (const piece of [1, 3, 63, 64, 65, 1000]) {
            const h = new Md5();
            for (let at = 0; at < length; at += piece) {
                h.update(data.subarray(at, at + piece));
            }
            assert.equal(h.digest(), expected, `${length} bytes in pieces of ${piece}`);
        }
    }
});

test("an ArrayBuffer, a view at an offset and a DataView are read as their bytes", () => {
    const backing = new Uint8Array([9, 9, 97, 98, 99, 9]);
    assert.equal(md5(backing.buffer.slice(2, 5)), md5(text("abc")));
    assert.equal(md5(backing.subarray(2, 5)), md5(text("abc")));
    assert.equal(md5(new DataView(backing.buffer, 2, 3)), md5(text("abc")));
    assert.throws(() => md5("abc"), TypeError);
});

test("a digested MD5 cannot be updated or digested again", () => {
    const h = new Md5().update(text("abc"));
    h.digest();
    assert.throws(() => h.update(text("d")));
    assert.throws(() => h.digest());
});

test("fileDigests gives MD5 and SHA-256 of a Blob, reporting progress a chunk at a time", async () => {
    assert.deepEqual(await fileDigests(new Blob(["abc"])), {
        md5: "900150983cd24fb0d6963f7d28e17f72",
        sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    });
    assert.deepEqual(await fileDigests(new ArrayBuffer(0)), {
        md5: "d41d8cd98f00b204e9800998ecf8427e",
        sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    });
    const big = new Uint8Array(2 * ChunkBytes + 5).map((_, i) => i % 251);
    const progress = [];
    const digests = await fileDigests(new Blob([big]), { onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(progress, [[ChunkBytes, big.length], [2 * ChunkBytes, big.length], [big.length, big.length]]);
    assert.equal(digests.md5, createHash("md5").update(big).digest("hex"));
    assert.equal(digests.sha256, createHash("sha256").update(big).digest("hex"));
});

test("a file of several chunks has the digests .NET computes for the same bytes", { skip: noVectors }, async () => {
    const files = manifest().digests;
    assert.ok(files.length > 0);
    for (const file of files) {
        const bytes = bytesOf(file.file);
        assert.ok(bytes.length > ChunkBytes, `${file.file} is a single chunk`);
        assert.deepEqual(await fileDigests(new Blob([bytes])), { md5: file.md5, sha256: file.sha256 }, file.file);
        const h = new Md5();
        for (let at = 0; at < bytes.length; at += 65_537) {
            h.update(bytes.subarray(at, at + 65_537));
        }
        assert.equal(h.digest(), file.md5, `${file.file} in pieces of 65,537 bytes`);
    }
});
