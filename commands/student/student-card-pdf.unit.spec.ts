// The record card read back as a reader would (pdfjs-dist extracts each page's text in drawing
// order): the particulars after their labels, the changes, the footer with the record's revision;
// a long list of changes runs onto a second page; a character the font lacks is refused up front.
import { describe, expect, it } from '@jest/globals';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ValidationError } from '../../domain/shared/errors';
import { renderStudentCard, type StudentCardData } from './student-card-pdf';

const card: StudentCardData = {
  schoolName: '贵州省交通技师学院',
  particulars: [
    { label: '姓名', value: '王小红' },
    { label: '性别', value: '女' },
    { label: '身份证号码', value: '520102********1221' },
    { label: '出生日期', value: '2010-05-06' },
    { label: '专业', value: '汽车维修' },
    { label: '班级类型', value: '中级工班' },
  ],
  statusLabel: '在籍',
  changes: [{ effectiveOn: '2026-10-01', kindLabel: '休学', detail: '', reason: '因病休学一学期' }],
  history: [],
  printedBy: '张敏（贵州省交通技师学院）',
  printedAt: '2026-11-25 10:00',
  revision: 7,
};

async function pages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const texts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join('').replace(/\s+/g, ''));
  }
  return texts;
}

describe('the student record card (学籍卡)', () => {
  it('prints the particulars, the status, the changes and the revision it was printed at', async () => {
    const pdf = await renderStudentCard(card, { createdAt: new Date('2026-11-25T02:00:00Z') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [page, ...rest] = await pages(pdf);
    expect(rest).toEqual([]);
    expect(page).toContain('技工院校学生学籍卡');
    expect(page).toContain('院校：贵州省交通技师学院');
    expect(page).toContain('学籍状态：在籍');
    expect(page).toContain('姓名王小红性别女身份证号码520102********1221出生日期2010-05-06');
    expect(page).toContain('2026-10-01休学—因病休学一学期');
    expect(page).toContain('记录版本：7');
    expect(page).not.toMatch(/\d{18}/);
  });

  it('runs a long list of changes onto further pages, the table header repeated', async () => {
    const many = { ...card, changes: Array.from({ length: 40 }, (_, i) => ({ effectiveOn: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`, kindLabel: '留级', detail: `第${i + 1}次`, reason: '测试' })) };
    const texts = await pages(await renderStudentCard(many));
    expect(texts.length).toBe(2);
    expect(texts[1]).toContain('技工院校学生学籍卡（续）');
    expect(texts[1]).toContain('生效日期异动类型变动内容原因');
    expect(texts[1]).toContain('第2/2页');
  });

  it('refuses a value with a character the font cannot draw, naming the field', async () => {
    await expect(renderStudentCard({ ...card, particulars: [{ label: '姓名', value: '王𠮷' }] })).rejects.toThrow(ValidationError);
    await expect(renderStudentCard({ ...card, particulars: [{ label: '姓名', value: '王𠮷' }] })).rejects.toMatchObject({ fields: [{ field: 'particulars[0].姓名', message: '姓名含学籍卡字体无法显示的字符：𠮷' }] });
  });
});
