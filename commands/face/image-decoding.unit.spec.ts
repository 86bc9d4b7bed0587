import { describe, expect, it } from '@jest/globals';
import { toJpeg, toPng } from '../../testing/face-samples';
import { UnreadableImageError } from './face-engine';
import { applyOrientation, decodeImage, declaredSize, exifOrientation, type RgbImage } from './image-decoding';

/** A 3 x 2 image whose pixels are all different (red = x, green = y), to follow them through a rotation. */
const marked: RgbImage = { width: 3, height: 2, data: Uint8Array.from([0, 0, 9, 100, 0, 9, 200, 0, 9, 0, 100, 9, 100, 100, 9, 200, 100, 9]) };
const pixel = (image: RgbImage, x: number, y: number) => Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 2));

/** A JPEG with an EXIF APP1 segment carrying an orientation, as phone cameras write it. */
function withExifOrientation(jpeg: Buffer, orientation: number, littleEndian = false): Buffer {
  const tiff = Buffer.alloc(26);
  if (littleEndian) {
    tiff.write('II', 0, 'ascii');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(1, 8);
    tiff.writeUInt16LE(0x0112, 10);
    tiff.writeUInt16LE(3, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt16LE(orientation, 18);
  } else {
    tiff.write('MM', 0, 'ascii');
    tiff.writeUInt16BE(42, 2);
    tiff.writeUInt32BE(8, 4);
    tiff.writeUInt16BE(1, 8);
    tiff.writeUInt16BE(0x0112, 10);
    tiff.writeUInt16BE(3, 12);
    tiff.writeUInt32BE(1, 14);
    tiff.writeUInt16BE(orientation, 18);
  }
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

describe('decoding photos', () => {
  it('reads the size from the header of a JPEG and a PNG', () => {
    expect(declaredSize(toJpeg({ width: 30, height: 20, data: new Uint8Array(30 * 20 * 3) }))).toEqual({ width: 30, height: 20 });
    expect(declaredSize(toPng({ width: 30, height: 20, data: new Uint8Array(30 * 20 * 3) }))).toEqual({ width: 30, height: 20 });
  });

  it('turns a phone photo upright by its EXIF orientation (big- and little-endian)', () => {
    const jpeg = toJpeg({ width: 32, height: 16, data: new Uint8Array(32 * 16 * 3).fill(128) }, 95);
    expect(exifOrientation(jpeg)).toBe(1);
    expect(exifOrientation(withExifOrientation(jpeg, 6))).toBe(6);
    expect(exifOrientation(withExifOrientation(jpeg, 8, true))).toBe(8);
    const upright = decodeImage(withExifOrientation(jpeg, 6));
    expect([upright.width, upright.height]).toEqual([16, 32]);
  });

  it('moves each pixel where the orientation says', () => {
    // 6 = rotate 90° clockwise: the top-left pixel goes to the top right.
    const r6 = applyOrientation(marked, 6);
    expect([r6.width, r6.height]).toEqual([2, 3]);
    expect(pixel(r6, 1, 0)).toEqual(pixel(marked, 0, 0));
    expect(pixel(r6, 0, 0)).toEqual(pixel(marked, 0, 1));
    // 3 = rotate 180°, 2 = mirror.
    expect(pixel(applyOrientation(marked, 3), 0, 0)).toEqual(pixel(marked, 2, 1));
    expect(pixel(applyOrientation(marked, 2), 0, 1)).toEqual(pixel(marked, 2, 1));
    // 8 = rotate 90° counter-clockwise: the top-left pixel goes to the bottom left.
    expect(pixel(applyOrientation(marked, 8), 0, 2)).toEqual(pixel(marked, 0, 0));
  });

  it('refuses what is not a JPEG or PNG, and an image larger than allowed before decoding it', () => {
    expect(() => decodeImage(Buffer.from('GIF89a....'))).toThrow(UnreadableImageError);
    // A PNG header claiming 100,000 x 100,000 pixels: refused from the header, nothing decoded.
    const bomb = toPng({ width: 1, height: 1, data: new Uint8Array(3) });
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);
    expect(() => decodeImage(bomb)).toThrow('图片分辨率过大（100000×100000），请压缩后重新上传');
    expect(() => decodeImage(toJpeg({ width: 40, height: 40, data: new Uint8Array(4800) }), { maxPixels: 1000 })).toThrow(UnreadableImageError);
  });
});
