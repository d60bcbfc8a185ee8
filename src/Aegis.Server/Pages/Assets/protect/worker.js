// The page's worker: decoding, PDQ and digests off the page's thread, so the page stays responsive while a big photo is
// hashed. Messages: { id, op: "image", file } → { id, result: { hash, quality, … } }; { id, op: "pixels", data, width,
// height } → { id, result: { hash, quality } }; { id, op: "digests", file } → { id, progress } …, then { id, result:
// { md5, sha256 } }. A failure answers { id, error }.

import { hashImage } from "./hashing.js";
import { pdqHash } from "./pdq.js";
import { fileDigests } from "./digests.js";

self.onmessage = async (event) => {
    const { id, op } = event.data;
    try {
        let result;
        if (op === "image") {
            result = await hashImage(event.data.file);
        } else if (op === "pixels") {
            const start = performance.now();
            result = pdqHash(new Uint8ClampedArray(event.data.data), event.data.width, event.data.height);
            result.timings = { pdq: performance.now() - start };
        } else if (op === "digests") {
            const start = performance.now();
            result = await fileDigests(event.data.file, {
                onProgress: (done, total) => self.postMessage({ id, progress: { done, total } }),
            });
            result.timings = { digests: performance.now() - start };
        } else {
            throw new Error(`Unknown operation ${op}.`);
        }
        self.postMessage({ id, result });
    } catch (error) {
        self.postMessage({ id, error: String(error?.message ?? error) });
    }
};
