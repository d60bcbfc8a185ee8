// The MD5 and SHA-256 of a file, on the person's own device, as Aegis records them for an upload (FileDigests):
// lowercase hex. MD5 runs a chunk at a time (md5.js; WebCrypto has none); SHA-256 is WebCrypto's, which digests a
// whole buffer at once, so the file's bytes are held in memory once (they are anyway, to decode the picture).

import { Md5, hex } from "./md5.js";

/** Bytes digested between yields to the event loop (so a page stays responsive and can show progress). */
export const ChunkBytes = 1 << 20;

/**
 * The digests of a file's bytes.
 * @param {Blob | ArrayBuffer | ArrayBufferView} data a File or Blob, or the bytes
 * @param {{ onProgress?: (done: number, total: number) => void }} [options] called after each chunk
 * @returns {Promise<{ md5: string, sha256: string }>}
 */
export async function fileDigests(data, options = {}) {
    const bytes = await toBytes(data);
    const sha256 = globalThis.crypto.subtle.digest("SHA-256", bytes);
    const md5 = new Md5();
    for (let at = 0; at < bytes.length || at === 0; at += ChunkBytes) {
        md5.update(bytes.subarray(at, Math.min(bytes.length, at + ChunkBytes)));
        options.onProgress?.(Math.min(bytes.length, at + ChunkBytes), bytes.length);
        if (at + ChunkBytes < bytes.length) {
            await new Promise((resolve) => setTimeout(resolve, 0));
        }
    }
    return { md5: md5.digest(), sha256: hex(new Uint8Array(await sha256)) };
}

async function toBytes(data) {
    if (typeof Blob !== "undefined" && data instanceof Blob) {
        return new Uint8Array(await data.arrayBuffer());
    }
    if (data instanceof ArrayBuffer) {
        return new Uint8Array(data);
    }
    if (ArrayBuffer.isView(data)) {
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    throw new TypeError("Digests take a Blob (a File), an ArrayBuffer or a typed array of bytes.");
}
