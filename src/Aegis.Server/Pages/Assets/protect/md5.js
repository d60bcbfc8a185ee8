// MD5 (RFC 1321) of bytes given in pieces, in plain JavaScript: WebCrypto has no MD5, and hash lists still carry it.
// Used to digest a file on the person's own device, a chunk at a time, alongside SHA-256 (digests.js).

/** Per-round shift amounts (RFC 1321, 3.4). */
const Shifts = new Uint8Array([
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);

/** T[i] = floor(2³² · |sin(i + 1)|), written out as the RFC lists them (not computed, so no Math.sin can differ). */
const T = new Int32Array([
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

/** A running MD5: update() with as many pieces as come, then digest() once. */
export class Md5 {
    #state = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
    #block = new Uint8Array(64);
    #blockView = new DataView(this.#block.buffer);
    #words = new Int32Array(16);
    #buffered = 0;
    #length = 0;
    #done = false;

    /**
     * Adds bytes.
     * @param {ArrayBuffer | ArrayBufferView} data the next piece
     * @returns {Md5} this, to chain
     */
    update(data) {
        if (this.#done) {
            throw new Error("This MD5 has been digested; start a new one.");
        }
        const bytes = toBytes(data);
        this.#length += bytes.length;
        let at = 0;
        if (this.#buffered > 0) {
            const take = Math.min(64 - this.#buffered, bytes.length);
            this.#block.set(bytes.subarray(0, take), this.#buffered);
            this.#buffered += take;
            at = take;
            if (this.#buffered < 64) {
                return this;
            }
            this.#compress(this.#blockView, 0);
            this.#buffered = 0;
        }
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (; at + 64 <= bytes.length; at += 64) {
            this.#compress(view, at);
        }
        this.#block.set(bytes.subarray(at), 0);
        this.#buffered = bytes.length - at;
        return this;
    }

    /** The digest of everything added: 32 lowercase hex characters. The MD5 cannot be updated afterwards. */
    digest() {
        if (this.#done) {
            throw new Error("This MD5 has been digested already.");
        }
        const bits = this.#length * 8;
        const padding = new Uint8Array((this.#buffered < 56 ? 56 : 120) - this.#buffered + 8);
        padding[0] = 0x80;
        const tail = new DataView(padding.buffer);
        // The message length in bits, 64-bit little-endian (lengths up to 2⁵³ bits are exact in a Number).
        tail.setUint32(padding.length - 8, bits % 0x100000000, true);
        tail.setUint32(padding.length - 4, Math.floor(bits / 0x100000000), true);
        this.update(padding);
        this.#done = true;
        const out = new DataView(new ArrayBuffer(16));
        for (let i = 0; i < 4; i++) {
            out.setInt32(i * 4, this.#state[i], true);
        }
        return hex(new Uint8Array(out.buffer));
    }

    /** One 64-byte block from view at offset (RFC 1321, 3.4). */
    #compress(view, offset) {
        const x = this.#words;
        for (let i = 0; i < 16; i++) {
            x[i] = view.getInt32(offset + i * 4, true);
        }
        const s = this.#state;
        let a = s[0];
        let b = s[1];
        let c = s[2];
        let d = s[3];
        for (let i = 0; i < 64; i++) {
            let f;
            let g;
            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) & 15;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) & 15;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) & 15;
            }
            const sum = (a + f + T[i] + x[g]) | 0;
            const shift = Shifts[i];
            a = d;
            d = c;
            c = b;
            b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
        }
        s[0] = (s[0] + a) | 0;
        s[1] = (s[1] + b) | 0;
        s[2] = (s[2] + c) | 0;
        s[3] = (s[3] + d) | 0;
    }
}

/**
 * The MD5 of bytes held at once.
 * @param {ArrayBuffer | ArrayBufferView} data
 * @returns {string} 32 lowercase hex characters
 */
export function md5(data) {
    return new Md5().update(data).digest();
}

/** Lowercase hex of bytes. */
export function hex(bytes) {
    let out = "";
    for (const b of bytes) {
        out += b.toString(16).padStart(2, "0");
    }
    return out;
}

function toBytes(data) {
    if (data instanceof ArrayBuffer) {
        return new Uint8Array(data);
    }
    if (ArrayBuffer.isView(data)) {
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    throw new TypeError("MD5 takes an ArrayBuffer or a typed array / DataView of bytes.");
}
