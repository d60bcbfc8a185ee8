// Turning a picture the person picked into the pixels Aegis's decoder gets, and those into PDQ, on their own device.
// Runs in the page's worker (worker.js), off the page's thread. See docs/architecture.md, "The protect page".

import { pdqHash } from "./pdq.js";
import { withoutOrientation } from "./exif.js";

/**
 * The decoder's options: the pixels as coded, as Aegis's SkiaSharp decoder gives them. No EXIF rotation (Aegis ignores
 * the orientation tag; chromium applies it anyway, hence exif.js), no premultiplied alpha (Aegis hashes the stored colour of a see-through pixel), no colour
 * management (Aegis does not convert from an embedded ICC profile).
 */
export const DecodeOptions = Object.freeze({ imageOrientation: "none", premultiplyAlpha: "none", colorSpaceConversion: "none" });

/**
 * The PDQ hash of an image file, with where the time went.
 * @param {Blob} blob the file
 * @returns {Promise<{ hash: string, quality: number, width: number, height: number, exact: boolean,
 *   timings: { decode: number, pixels: number, pdq: number } }>} exact: false when the picture has see-through pixels
 *   and the browser could only give their colour through a 2D canvas (which rounds it)
 */
export async function hashImage(blob) {
    const start = performance.now();
    // Chromium turns the pixels to an EXIF orientation whatever the option says: decode a copy whose tag says "as coded".
    const asCoded = withoutOrientation(new Uint8Array(await blob.arrayBuffer()));
    const bitmap = await createImageBitmap(asCoded ? new Blob([asCoded], { type: blob.type }) : blob, DecodeOptions);
    const decoded = performance.now();
    try {
        const { data, exact } = await pixelsOf(bitmap, !/jpeg/i.test(blob.type));
        const read = performance.now();
        const { hash, quality } = pdqHash(data, bitmap.width, bitmap.height);
        const hashed = performance.now();
        return {
            hash, quality, width: bitmap.width, height: bitmap.height, exact,
            timings: { decode: decoded - start, pixels: read - decoded, pdq: hashed - read },
        };
    } finally {
        bitmap.close();
    }
}

/**
 * The RGBA bytes of a decoded picture, as stored: read through a VideoFrame (WebCodecs), which copies an opaque bitmap's
 * bytes out as they are (about twice as fast as a canvas at 12 MP), or else through a 2D canvas. Both premultiply by
 * alpha (the VideoFrame too, measured on LA.png), so a see-through pixel's colour comes back rounded (and a fully transparent one as black) where Aegis hashes the stored
 * colour: such pictures are read again through WebGL, which uploads the bitmap as it is and reads it back unchanged;
 * without WebGL the canvas's pixels are used (exact: false).
 * @param {ImageBitmap} bitmap decoded with DecodeOptions
 * @param {boolean} mayHaveAlpha false for a format without alpha (JPEG), which skips looking for it
 * @returns {Promise<{ data: Uint8ClampedArray | Uint8Array, exact: boolean }>}
 */
export async function pixelsOf(bitmap, mayHaveAlpha = true) {
    const framed = await framePixels(bitmap);
    if (framed && (!mayHaveAlpha || !hasTransparency(framed))) {
        return { data: framed, exact: true };
    }
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d", { willReadFrequently: true, alpha: true });
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, width, height).data;
    if (!mayHaveAlpha || !hasTransparency(data)) {
        return { data, exact: true };
    }
    const exact = webglPixels(bitmap);
    return exact ? { data: exact, exact: true } : { data, exact: false };
}

/** The bitmap's bytes as RGBA through a VideoFrame, or null where the browser cannot (no WebCodecs, no RGBA copy). */
async function framePixels(bitmap) {
    if (typeof VideoFrame === "undefined") {
        return null;
    }
    let frame = null;
    try {
        frame = new VideoFrame(bitmap, { timestamp: 0, alpha: "keep" });
        const layout = { format: "RGBA", colorSpace: "srgb" };
        const out = new Uint8Array(frame.allocationSize(layout));
        if (out.length !== bitmap.width * bitmap.height * 4) {
            return null;
        }
        await frame.copyTo(out, layout);
        return out;
    } catch {
        return null;
    } finally {
        frame?.close();
    }
}

/** Whether any pixel has alpha below 255. */
function hasTransparency(rgba) {
    for (let i = 3; i < rgba.length; i += 4) {
        if (rgba[i] !== 255) {
            return true;
        }
    }
    return false;
}

/** The bitmap's bytes as uploaded to a WebGL texture and read back unchanged, or null where WebGL cannot. */
function webglPixels(bitmap) {
    const { width, height } = bitmap;
    let gl = null;
    try {
        const canvas = new OffscreenCanvas(1, 1);
        gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
        if (!gl) {
            return null;
        }
        const max = gl.getParameter(gl.MAX_TEXTURE_SIZE);
        if (width > max || height > max) {
            return null;
        }
        const texture = gl.createTexture();
        gl.bindTexture(gl.TEXTURE_2D, texture);
        gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
        gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
        gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
        const framebuffer = gl.createFramebuffer();
        gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
        gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
        if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) {
            return null;
        }
        const out = new Uint8Array(width * height * 4);
        gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
        return gl.getError() === gl.NO_ERROR ? out : null;
    } catch {
        return null;
    } finally {
        gl?.getExtension("WEBGL_lose_context")?.loseContext();
    }
}
