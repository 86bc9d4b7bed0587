// Face photos for tests and the face benchmark: the six group photos that ship in
// @vladmandic/face-api's npm package (demo/sample1-6.jpg, MIT, 22 faces), and the transformations
// that make "the same face in another photo" and "no face" out of them. Pure JavaScript on RGB pixels.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { FaceBox } from '../commands/face/face-engine';
import { decodeImage, fitWithin, type RgbImage } from '../commands/face/image-decoding';

const require = createRequire(import.meta.url);

/** Faces in each sample photo, as the embedded engine finds them at detection score 0.5. */
export const SAMPLE_FACE_COUNTS = [3, 3, 3, 4, 5, 4] as const;

export const samplePhotoPath = (n: number) => path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
export const samplePhoto = (n: number): Buffer => readFileSync(samplePhotoPath(n));
export const sampleImage = (n: number): RgbImage => decodeImage(samplePhoto(n));

export function toJpeg(image: RgbImage, quality = 90): Buffer {
  const rgba = Buffer.alloc(image.width * image.height * 4);
  for (let p = 0, q = 0; p < image.data.length; p += 3, q += 4) {
    rgba[q] = image.data[p]!;
    rgba[q + 1] = image.data[p + 1]!;
    rgba[q + 2] = image.data[p + 2]!;
    rgba[q + 3] = 255;
  }
  return jpeg.encode({ data: rgba, width: image.width, height: image.height }, quality).data;
}

export function toPng(image: RgbImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  for (let p = 0, q = 0; p < image.data.length; p += 3, q += 4) {
    png.data[q] = image.data[p]!;
    png.data[q + 1] = image.data[p + 1]!;
    png.data[q + 2] = image.data[p + 2]!;
    png.data[q + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function mirrored(image: RgbImage): RgbImage {
  const out = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 3;
      const to = (y * image.width + (image.width - 1 - x)) * 3;
      out[to] = image.data[from]!;
      out[to + 1] = image.data[from + 1]!;
      out[to + 2] = image.data[from + 2]!;
    }
  }
  return { ...image, data: out };
}

/** The box grown by `margin` times its size on every side, clamped to the image, in whole pixels. */
export function around(image: RgbImage, box: FaceBox, margin: number): FaceBox {
  const x = Math.max(0, Math.floor(box.x - box.width * margin));
  const y = Math.max(0, Math.floor(box.y - box.height * margin));
  const right = Math.min(image.width, Math.ceil(box.x + box.width * (1 + margin)));
  const bottom = Math.min(image.height, Math.ceil(box.y + box.height * (1 + margin)));
  return { x, y, width: right - x, height: bottom - y };
}

export function cropped(image: RgbImage, box: FaceBox): RgbImage {
  const out = new Uint8Array(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * image.width + box.x) * 3;
    out.set(image.data.subarray(from, from + box.width * 3), y * box.width * 3);
  }
  return { width: box.width, height: box.height, data: out };
}

/** Every channel times `factor` (0.6: a dim room), clamped. */
export function dimmed(image: RgbImage, factor: number): RgbImage {
  return { ...image, data: image.data.map((v) => Math.min(255, Math.round(v * factor))) };
}

/** Three passes of a (2r+1)-pixel box blur, close to a Gaussian of sigma ~ r: an out-of-focus photo. */
export function blurred(image: RgbImage, radius: number): RgbImage {
  let data: Uint8Array = image.data;
  const { width, height } = image;
  for (let pass = 0; pass < 3; pass++) {
    for (const horizontal of [true, false]) {
      const out = new Uint8Array(data.length);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) {
            let sum = 0;
            let n = 0;
            for (let k = -radius; k <= radius; k++) {
              const xx = horizontal ? x + k : x;
              const yy = horizontal ? y : y + k;
              if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
              sum += data[(yy * width + xx) * 3 + c]!;
              n++;
            }
            out[(y * width + x) * 3 + c] = Math.round(sum / n);
          }
        }
      }
      data = out;
    }
  }
  return { width, height, data };
}

/** A smooth colour gradient: an image with no face at all. */
export function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((255 * x) / width);
      data[i + 1] = Math.round((255 * y) / height);
      data[i + 2] = 128;
    }
  }
  return { width, height, data };
}

export { fitWithin };
