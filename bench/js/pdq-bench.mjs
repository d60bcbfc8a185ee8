// Times pdq.js (the in-browser PDQ, issue 17) on a 12-megapixel RGBA buffer in node: hash + quality from pixels, as a
// page would call it on a canvas's ImageData. Not a test; see bench/RESULTS.md.
//   node bench/js/pdq-bench.mjs [width] [height] [runs]
import { pdqHash } from "../../src/Aegis.Server/Pages/Assets/protect/pdq.js";

const width = Number(process.argv[2] ?? 4000);
const height = Number(process.argv[3] ?? 3000);
const runs = Number(process.argv[4] ?? 7);

// Benign synthetic pixels: gradients and a checker, fixed alpha.
const rgba = new Uint8ClampedArray(width * height * 4);
for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
        const p = (y * width + x) * 4;
        rgba[p] = (x * 255) / width;
        rgba[p + 1] = ((x >> 6) + (y >> 6)) & 1 ? 190 : 60;
        rgba[p + 2] = (y * 255) / height;
        rgba[p + 3] = 255;
    }
}

const first = performance.now();
const result = pdqHash(rgba, width, height);
const firstMs = performance.now() - first;
const times = [];
for (let i = 0; i < runs; i++) {
    const start = performance.now();
    pdqHash(rgba, width, height);
    times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(`node ${process.version}, ${width}×${height} (${((width * height) / 1e6).toFixed(1)} MP), ${runs} runs after a first cold one`);
console.log(`first (cold): ${firstMs.toFixed(0)} ms; median ${times[times.length >> 1].toFixed(0)} ms; min ${times[0].toFixed(0)} ms; max ${times[times.length - 1].toFixed(0)} ms`);
console.log(`hash ${result.hash} quality ${result.quality}`);
