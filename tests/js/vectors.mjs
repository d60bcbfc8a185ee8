// The vectors the .NET test JavaScriptPdqTests writes (tests/Aegis.Hashing.Tests/Pdq): each image decoded by Aegis's
// own decoder to raw RGBA, with the hash and quality Aegis's C# PdqHasher gives it. Node cannot decode JPEG or PNG,
// so the pixels must come from the same decoder as the C# tests use.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The environment variable naming the folder with manifest.json. */
export const VectorsVariable = "AEGIS_PDQ_VECTORS";

/** The folder, or undefined when the tests run without the .NET side. */
export const vectorsFolder = process.env[VectorsVariable] || undefined;

/** Why the vector tests skip when there are none. */
export const noVectors = vectorsFolder
    ? false
    : `${VectorsVariable} is not set: run the .NET test JavaScriptPdqTests (tests/Aegis.Hashing.Tests), which writes the decoded vectors and runs these tests`;

/** The manifest: { dctMatrixBits, vectors: [{ name, width, height, rgba, hash, quality }], digests: [{ file, md5, sha256 }] }. */
export function manifest() {
    return JSON.parse(readFileSync(join(vectorsFolder, "manifest.json"), "utf8"));
}

/** The bytes of a file in the vectors folder. */
export function bytesOf(file) {
    const buffer = readFileSync(join(vectorsFolder, file));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Rows of a tab-separated file with a header line, as objects keyed by column name. */
export function readTsv(path) {
    const [header, ...lines] = readFileSync(path, "utf8").split("\n").filter((line) => line.length > 0);
    const names = header.split("\t");
    return lines.map((line) => {
        const cells = line.split("\t");
        return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ""]));
    });
}
