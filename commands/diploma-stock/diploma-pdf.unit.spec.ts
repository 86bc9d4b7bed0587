import { describe, expect, it } from '@jest/globals';
import jpeg from 'jpeg-js';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ValidationError } from '../../domain/shared/errors';
import { diplomaStatement, PHOTO_FRAME, renderDiploma, type DiplomaData } from './diploma-pdf';

const data: DiplomaData = {
  number: '52001-000001',
  outcome: 'graduated',
  name: '王小红',
  sexLabel: '女',
  birthDate: '2010-05-06',
  enrolledOn: '2024-09-01',
  leftOn: '2027-07-01',
  majorName: '汽车维修',
  classTypeLabel: '中级工班',
  studyModeLabel: '全日制',
  schoolName: '贵州省交通技师学院',
  principal: '王建国',
  issuedOn: '2027-07-05',
};

describe('diploma PDF', () => {
  it('states what was studied and grants the diploma', () => {
    expect(diplomaStatement(data)).toBe('学生王小红，女，2010年5月6日生，于2024年9月至2027年7月在本校汽车维修专业（中级工班，全日制）学习，修完教学计划规定的全部课程，成绩合格，准予毕业。');
    expect(diplomaStatement({ ...data, outcome: 'completed' })).toMatch(/修业期满，准予结业。$/);
  });
  it('renders one page', async () => {
    const pdf = await renderDiploma(data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });
  it('refuses a name the font cannot draw rather than print a blank', async () => {
    await expect(renderDiploma({ ...data, name: '王𠮷' })).rejects.toThrow(ValidationError);
  });
});

/** The images a PDF's first page paints, each with its placement (pdfjs's reading of the page, as a viewer does). */
async function paintedImages(pdf: Buffer) {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const page = await doc.getPage(1);
  const ops = await page.getOperatorList();
  const images: { width: number; height: number; x: number; top: number }[] = [];
  let transform = [1, 0, 0, 1, 0, 0];
  const stack: number[][] = [];
  const times = (m: number[], n: number[]) => [m[0]! * n[0]! + m[2]! * n[1]!, m[1]! * n[0]! + m[3]! * n[1]!, m[0]! * n[2]! + m[2]! * n[3]!, m[1]! * n[2]! + m[3]! * n[3]!, m[0]! * n[4]! + m[2]! * n[5]! + m[4]!, m[1]! * n[4]! + m[3]! * n[5]! + m[5]!];
  ops.fnArray.forEach((fn, i) => {
    if (fn === OPS.save) stack.push(transform);
    else if (fn === OPS.restore) transform = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform) transform = times(transform, ops.argsArray[i] as number[]);
    else if (fn === OPS.paintImageXObject) images.push({ width: transform[0]!, height: transform[3]!, x: transform[4]!, top: page.view[3]! - (transform[5]! + transform[3]!) });
  });
  await doc.destroy();
  return images;
}

describe('the diploma photo', () => {
  // A 300×400 grey portrait, as a school's scanned 2-inch photo would be.
  const photo = Buffer.from(jpeg.encode({ data: Buffer.alloc(300 * 400 * 4, 128), width: 300, height: 400 }, 80).data);
  it('prints the approved photo inside the frame', async () => {
    const images = await paintedImages(await renderDiploma(data, { photo }));
    expect(images).toHaveLength(1);
    const [image] = images;
    expect(image!.x).toBeCloseTo(PHOTO_FRAME.x, 1);
    expect(image!.top).toBeCloseTo(PHOTO_FRAME.y, 1);
    expect(image!.width).toBeCloseTo(PHOTO_FRAME.width, 1);
    expect(image!.height).toBeCloseTo(PHOTO_FRAME.height, 1);
  });
  it('without an approved photo the frame stays empty', async () => {
    expect(await paintedImages(await renderDiploma(data))).toEqual([]);
  });
});
