// JPEG and PNG to RGB pixels, in pure JavaScript (no native image library to install): jpeg-js and
// pngjs. Runs inside a face worker, never on the API's event loop.
//
// Limits come first: a small file can declare a huge image (a decompression bomb), so the declared
// size is read from the header and refused past `maxPixels` before any pixel is decoded.
// Phone cameras store JPEGs sideways with an EXIF orientation tag: applied here, or a portrait
// photo reaches the detector lying on its side and no face is found.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { UnreadableImageError } from './face-engine';

export interface RgbImage {
  width: number;
  height: number;
  /** width * height * 3 bytes, row by row. */
  data: Uint8Array;
}

const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const isPng = (b: Uint8Array) => b.length > 24 && PNG_SIGNATURE.every((v, i) => b[i] === v);

/** Width and height from the header alone (JPEG SOFn, PNG IHDR), or undefined when not found. */
export function declaredSize(b: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (isPng(b)) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (!isJpeg(b)) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) i += 2;
    else i += 2 + view.getUint16(i + 2);
  }
  return undefined;
}

/** The EXIF orientation (1..8) of a JPEG, 1 when absent or unreadable. */
export function exifOrientation(b: Uint8Array): number {
  if (!isJpeg(b)) return 1;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 2;
  while (i + 4 < b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    const length = view.getUint16(i + 2);
    if (marker === 0xda) return 1; // start of scan: no EXIF before the image data
    if (marker === 0xe1 && i + 10 < b.length && view.getUint32(i + 4) === 0x45786966 /* "Exif" */) {
      const tiff = i + 10;
      if (tiff + 8 > b.length) return 1;
      const little = view.getUint16(tiff) === 0x4949;
      const u16 = (at: number) => view.getUint16(at, little);
      const ifd = tiff + view.getUint32(tiff + 4, little);
      if (ifd + 2 > b.length) return 1;
      const entries = u16(ifd);
      for (let e = 0; e < entries; e++) {
        const at = ifd + 2 + e * 12;
        if (at + 12 > b.length) return 1;
        if (u16(at) === 0x0112) {
          const value = u16(at + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    i += 2 + length;
  }
  return 1;
}

/** Turns decoded pixels upright according to an EXIF orientation. */
export function applyOrientation(image: RgbImage, orientation: number): RgbImage {
  if (orientation <= 1 || orientation > 8) return image;
  const { width: w, height: h, data } = image;
  const swap = orientation >= 5;
  const outW = swap ? h : w;
  const outH = swap ? w : h;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Where the stored pixel (x, y) lands in the upright image (EXIF 2.32, table of orientations).
      let ox: number;
      let oy: number;
      switch (orientation) {
        case 2: [ox, oy] = [w - 1 - x, y]; break;
        case 3: [ox, oy] = [w - 1 - x, h - 1 - y]; break;
        case 4: [ox, oy] = [x, h - 1 - y]; break;
        case 5: [ox, oy] = [y, x]; break;
        case 6: [ox, oy] = [h - 1 - y, x]; break;
        case 7: [ox, oy] = [h - 1 - y, w - 1 - x]; break;
        default: [ox, oy] = [y, w - 1 - x]; break; // 8
      }
      const from = (y * w + x) * 3;
      const to = (oy * outW + ox) * 3;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
    }
  }
  return { width: outW, height: outH, data: out };
}

export interface DecodeLimits {
  /** Refuse images with more pixels than this (default 25 MP: a 12 MP phone photo fits twice). */
  maxPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 25_000_000;

/** Decodes a JPEG or PNG to upright RGB; throws UnreadableImageError for anything else or past the limits. */
export function decodeImage(bytes: Uint8Array, limits: DecodeLimits = {}): RgbImage {
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const size = declaredSize(bytes);
  if (!size) throw new UnreadableImageError(isJpeg(bytes) || isPng(bytes) ? 'no frame size in the header' : 'neither JPEG nor PNG');
  if (size.width < 1 || size.height < 1) throw new UnreadableImageError(`empty image ${size.width}x${size.height}`);
  if (size.width * size.height > maxPixels) {
    throw new UnreadableImageError(`${size.width}x${size.height} exceeds ${maxPixels} pixels`, `图片分辨率过大（${size.width}×${size.height}），请压缩后重新上传`);
  }
  try {
    if (isJpeg(bytes)) {
      const decoded = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        // jpeg-js checks these itself too; ours are tighter and were checked above.
        maxResolutionInMP: Math.ceil(maxPixels / 1e6),
        maxMemoryUsageInMB: Math.ceil((maxPixels * 8) / 2 ** 20) + 64,
      });
      const image = { width: decoded.width, height: decoded.height, data: decoded.data as Uint8Array };
      return applyOrientation(image, exifOrientation(bytes));
    }
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const rgb = new Uint8Array(png.width * png.height * 3);
    // Transparent pixels over white, as a viewer shows them: a cut-out portrait stays a face on a plain background.
    for (let p = 0, q = 0; p < png.data.length; p += 4, q += 3) {
      const alpha = png.data[p + 3]! / 255;
      rgb[q] = Math.round(png.data[p]! * alpha + 255 * (1 - alpha));
      rgb[q + 1] = Math.round(png.data[p + 1]! * alpha + 255 * (1 - alpha));
      rgb[q + 2] = Math.round(png.data[p + 2]! * alpha + 255 * (1 - alpha));
    }
    return { width: png.width, height: png.height, data: rgb };
  } catch (error) {
    throw new UnreadableImageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The image shrunk (area average) so its longer side is at most `maxSide`, or the same image when it
 * already fits. The detector sees 512 x 512 whatever it gets and the recognition net a 150 x 150 crop,
 * so past a point more pixels cost memory (the wasm heap grows to the largest image a worker has seen
 * and never shrinks) and time, and find no more faces.
 */
export function fitWithin(image: RgbImage, maxSide: number): RgbImage {
  const scale = maxSide / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const out = new Uint8Array(width * height * 3);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.min(image.height, Math.floor((y + 1) * sy)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.min(image.width, Math.floor((x + 1) * sx)));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = y0; yy < y1; yy++) {
        let i = (yy * image.width + x0) * 3;
        for (let xx = x0; xx < x1; xx++, i += 3) {
          r += image.data[i]!;
          g += image.data[i + 1]!;
          b += image.data[i + 2]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return { width, height, data: out };
}
