// A blur measure for "人脸过小或不清晰": the variance of the Laplacian (Pech-Pacheco et al., 2000)
// of the face, on a grey copy resampled to a fixed 96 x 96 first, divided by the variance of the grey
// values themselves. Resampling makes the figure a property of the face, not of the photo's
// resolution: a sharp face stays sharp whether it spans 150 or 900 pixels, while a face blown up from
// a few dozen pixels (or blurred by motion or focus) loses its fine edges and scores low. Dividing by
// the contrast keeps a dim but sharp photo from passing for a blurred one (the raw variance falls
// with the square of the brightness: a photo at 55 % brightness scored 3x lower). The
// reference-photo check compares it with a setting whose default comes from the samples (README
// "Face matching"); the figure is a percentage, 0 for a flat patch.
import type { FaceBox } from './face-engine';
import type { RgbImage } from './image-decoding';

const SIDE = 96;

/** Grey value at a real position, bilinear between the four neighbouring pixels. */
function greyAt(image: RgbImage, x: number, y: number): number {
  const x0 = Math.max(0, Math.min(image.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(image.height - 1, Math.floor(y)));
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const g = (px: number, py: number) => {
    const i = (py * image.width + px) * 3;
    // ITU-R BT.601 luma.
    return 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
  };
  return (g(x0, y0) * (1 - fx) + g(x1, y0) * fx) * (1 - fy) + (g(x0, y1) * (1 - fx) + g(x1, y1) * fx) * fy;
}

/** Variance of the 4-neighbour Laplacian over the face box resampled to 96 x 96 grey pixels. */
export function faceSharpness(image: RgbImage, box: FaceBox): number {
  const grey = new Float64Array(SIDE * SIDE);
  // Area-average when shrinking (up to 4 x 4 samples a cell), so noise does not pass for detail.
  const step = Math.max(box.width, box.height) / SIDE;
  const samples = Math.max(1, Math.min(4, Math.round(step)));
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let sum = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          sum += greyAt(image, box.x + ((x + (sx + 0.5) / samples) * box.width) / SIDE, box.y + ((y + (sy + 0.5) / samples) * box.height) / SIDE);
        }
      }
      grey[y * SIDE + x] = sum / (samples * samples);
    }
  }
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let greyMean = 0;
  let greyM2 = 0;
  for (let y = 1; y < SIDE - 1; y++) {
    for (let x = 1; x < SIDE - 1; x++) {
      const i = y * SIDE + x;
      const laplacian = grey[i - 1]! + grey[i + 1]! + grey[i - SIDE]! + grey[i + SIDE]! - 4 * grey[i]!;
      // Welford's running variances.
      n++;
      const delta = laplacian - mean;
      mean += delta / n;
      m2 += delta * (laplacian - mean);
      const g = grey[i]!;
      const greyDelta = g - greyMean;
      greyMean += greyDelta / n;
      greyM2 += greyDelta * (g - greyMean);
    }
  }
  const contrast = greyM2 / n;
  // Below one grey level of spread there is no picture to judge (a blank patch).
  return contrast < 1 ? 0 : (100 * (m2 / n)) / contrast;
}
