// Diploma photos for tests (issue 15 §5): a portrait JPEG, and a photo uploaded and submitted for a
// student of a school through the storage port and the command pipeline.
import jpeg from 'jpeg-js';
import { Readable } from 'node:stream';
import type { Platform } from '../api/platform';
import { actingAs } from './technical-school';

/** A noisy portrait JPEG (noise keeps it above the 5 KB floor, as a real photo is). */
export function testPortrait(width = 300, height = 400, seed = 1): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let x = seed;
  for (let i = 0; i < data.length; i++) data[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 23;
  return Buffer.from(jpeg.encode({ data, width, height }, 75).data);
}

/** Uploads and submits a photo of the school's student; returns once it is projected. */
export async function seedDiplomaPhoto(platform: Platform, schoolId: string, studentId: string): Promise<void> {
  const as = actingAs(`op-${schoolId}`, schoolId, 'school_operator');
  const file = await platform.files.store(Readable.from([testPortrait()]), { name: 'photo.jpg', purpose: 'diploma-photo', kinds: ['jpg'], maxBytes: 2 * 1024 * 1024 }, as);
  const done = await platform.commands.diplomaPhotos.upload(studentId, file.fileId, actingAs(`op-${schoolId}`, schoolId, 'school_operator'), { submit: true });
  if (done.position !== null && !(await platform.runner.waitFor(done.position, undefined, 30_000))) throw new Error('the photo was not projected');
}
