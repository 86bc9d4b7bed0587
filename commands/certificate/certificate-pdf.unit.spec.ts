// The certificate PDF read back as a reader would: pdfjs-dist (Mozilla's parser) extracts each
// page's text in drawing order, and the QR code is decoded with jsQR from the page rasterised by
// pdfjs on @napi-rs/canvas, the way a phone would scan the printed page. No timings are asserted
// here: scripts/bench/certificate-bench.ts measures them.
import { describe, expect, it } from '@jest/globals';
import { createCanvas } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ValidationError } from '../../domain/shared/errors';
import { renderCertificates, unprintableCharacters, verificationText, type CertificateData, type CertificateRenderOptions } from './certificate-pdf';

const sample: CertificateData = {
  certificateNumber: 'GZ2025-520102-000001',
  name: '欧阳娜娜',
  idNumber: '520102199003071234',
  trainingProject: '职业技能提升培训',
  occupation: '电工',
  level: '四级/中级工',
  hours: 120,
  startDate: '2025-03-01',
  endDate: '2025-04-15',
  institutionName: '贵阳市云岩区职业技能培训学校',
  issueDate: '2025-04-20',
};

/** Every field after its label, in the order the page shows them (whitespace removed). */
const labelledFields = (c: { number: string; name: string; maskedId: string }) =>
  `证书编号：${c.number}姓名：${c.name}身份证号码：${c.maskedId}培训项目：职业技能提升培训职业（工种）及等级：电工（四级/中级工）` +
  '培训学时：120学时培训起止日期：2025年3月1日至2025年4月15日培训机构：贵阳市云岩区职业技能培训学校发证日期：2025年4月20日';

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林'];
const GIVEN = ['伟', '芳', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂英', '鑫', '堃', '喆', '淼'];
const classOf50: CertificateData[] = Array.from({ length: 50 }, (_, i) => ({
  ...sample,
  certificateNumber: `GZ2025-520102-${String(i + 1).padStart(6, '0')}`,
  name: SURNAMES[i % SURNAMES.length]! + GIVEN[i % GIVEN.length]!,
  idNumber: `5201021990${String(101 + (i % 28)).padStart(4, '0')}${String(1000 + i)}`,
}));
const maskedIdOf = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

interface TextItem {
  str: string;
  x: number;
  y: number;
}

async function openPdf(pdf: Buffer): Promise<PDFDocumentProxy> {
  return getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
}

async function textItems(doc: PDFDocumentProxy, pageNumber: number): Promise<TextItem[]> {
  const content = await (await doc.getPage(pageNumber)).getTextContent();
  return content.items.flatMap((item) => ('str' in item && item.str.trim() ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number }] : []));
}

/** The page's text in drawing order, whitespace removed (the title is set wide: 培 训 合 格 证 书). */
const flowOf = (items: TextItem[]) => items.map((i) => i.str).join('').replace(/\s+/g, '');

async function pageTexts(pdf: Buffer): Promise<string[]> {
  const doc = await openPdf(pdf);
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) texts.push(flowOf(await textItems(doc, n)));
  await doc.destroy();
  return texts;
}

/** Rasterises a page at 108 dpi and reads the QR code on it, as a scanner would. */
async function scanQrCode(doc: PDFDocumentProxy, pageNumber: number): Promise<string | undefined> {
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale: 1.5 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: canvas as never, viewport }).promise;
  const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height)?.data;
}

async function validationFields(certificates: CertificateData[], options?: CertificateRenderOptions): Promise<{ field: string; message: string }[]> {
  const error = await renderCertificates(certificates, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fields;
}

describe('renderCertificates', () => {
  it('prints one certificate on one A4 landscape page with every field after its label, the ID number masked', async () => {
    const pdf = await renderCertificates([sample]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await openPdf(pdf);
    expect(doc.numPages).toBe(1);
    const page = await doc.getPage(1);
    expect(page.view.map(Math.round)).toEqual([0, 0, 842, 595]);
    const items = await textItems(doc, 1);
    const text = flowOf(items);
    expect(text.startsWith('培训合格证书')).toBe(true);
    expect(text).toContain(labelledFields({ number: sample.certificateNumber, name: '欧阳娜娜', maskedId: '520102********1234' }));
    expect(text).toContain('经考核合格，特发此证。');
    expect(text).toContain('扫码核验证书');
    expect(text).not.toContain('520102199003071234');

    // Each value sits on its label's line, to the label's right.
    const labelToValue: [string, string][] = [
      ['姓名：', '欧阳娜娜'],
      ['身份证号码：', '520102********1234'],
      ['职业（工种）及等级：', '电工（四级/中级工）'],
      ['培训起止日期：', '2025年3月1日 至 2025年4月15日'],
      ['发证日期：', '2025年4月20日'],
    ];
    for (const [label, value] of labelToValue) {
      const labelItem = items.find((i) => i.str === label);
      const valueItem = items.find((i) => i.str === value);
      expect({ label, found: Boolean(labelItem && valueItem) }).toEqual({ label, found: true });
      expect(Math.abs(labelItem!.y - valueItem!.y)).toBeLessThan(1);
      expect(valueItem!.x).toBeGreaterThan(labelItem!.x);
    }
    await doc.destroy();
  });

  it('puts a QR code on the page that scans as GZCERT:<certificate number>, or with the prefix given', async () => {
    const plain = await openPdf(await renderCertificates([sample]));
    expect(await scanQrCode(plain, 1)).toBe('GZCERT:GZ2025-520102-000001');
    await plain.destroy();

    const prefix = 'https://zyjn.example.gov.cn/verify/certificate/';
    const withUrl = await openPdf(await renderCertificates([sample], { verificationPrefix: prefix }));
    expect(await scanQrCode(withUrl, 1)).toBe(`${prefix}GZ2025-520102-000001`);
    expect(verificationText('GZ2025-520102-000001', prefix)).toBe(`${prefix}GZ2025-520102-000001`);
    await withUrl.destroy();
  });

  it('prints a class of 50 as one PDF of 50 pages, each page its own trainee, number and QR code', async () => {
    const pdf = await renderCertificates(classOf50);
    const texts = await pageTexts(pdf);
    expect(texts).toHaveLength(50);
    texts.forEach((text, i) => {
      const c = classOf50[i]!;
      expect(text).toContain(labelledFields({ number: c.certificateNumber, name: c.name, maskedId: maskedIdOf(c.idNumber) }));
      // No other trainee's number on this page.
      const others = classOf50.filter((_, j) => j !== i && text.includes(classOf50[j]!.certificateNumber));
      expect(others).toEqual([]);
    });

    const doc = await openPdf(pdf);
    for (const pageNumber of [1, 26, 50]) {
      expect(await scanQrCode(doc, pageNumber)).toBe(`GZCERT:${classOf50[pageNumber - 1]!.certificateNumber}`);
    }
    await doc.destroy();
  });

  it('lets other work on the event loop run between the pages of a class', async () => {
    let turns = 0;
    let done = false;
    const other = () => {
      turns++;
      if (!done) setImmediate(other);
    };
    setImmediate(other);
    await renderCertificates(classOf50);
    done = true;
    expect(turns).toBeGreaterThanOrEqual(50);
  });

  it('embeds the two font weights once each, as subsets: a 50-page class stays small', async () => {
    const pdf = await renderCertificates(classOf50);
    const raw = pdf.toString('latin1');
    expect(raw.match(/\/FontFile2/g)).toHaveLength(2);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Bold/);
    // Each weight's whole font is 14.8 MB: anything near that means the subsetting was lost.
    expect(pdf.length).toBeLessThan(1024 * 1024);
  });

  it('sets a long institution or project name on two lines, in full, rather than cutting it', async () => {
    const institutionName = '贵州省黔东南苗族侗族自治州凯里市民族职业技术学校附属职业技能培训中心有限责任公司';
    const trainingProject = '黔东南州乡村振兴农村劳动力转移就业技能培训（苗绣技艺专项）';
    const [text] = await pageTexts(await renderCertificates([{ ...sample, institutionName, trainingProject }]));
    expect(text).toContain(`培训机构：${institutionName}发证日期：`);
    expect(text).toContain(`培训项目：${trainingProject}职业（工种）及等级：`);
  });

  it('prints a certificate without a level as the occupation alone, and an already masked ID number as it is', async () => {
    const [text] = await pageTexts(await renderCertificates([{ ...sample, level: undefined, idNumber: '520102********1234' }]));
    expect(text).toContain('职业（工种）及等级：电工培训学时：');
    expect(text).toContain('身份证号码：520102********1234培训项目：');
  });

  it('gives the same bytes for the same certificates and creation date (a stored PDF can be re-made and compared)', async () => {
    const createdAt = new Date('2025-04-20T02:00:00Z');
    const first = await renderCertificates(classOf50.slice(0, 3), { createdAt });
    const second = await renderCertificates(classOf50.slice(0, 3), { createdAt });
    expect(second.equals(first)).toBe(true);
    const other = await renderCertificates(classOf50.slice(1, 4), { createdAt });
    expect(other.equals(first)).toBe(false);
  });

  it('refuses malformed data before printing anything, naming each certificate and field', async () => {
    const cases: [Partial<CertificateData>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: '张\u0007三' }, 'name'],
      [{ certificateNumber: 'GZ 001' }, 'certificateNumber'],
      [{ certificateNumber: '证书001' }, 'certificateNumber'],
      [{ hours: 0 }, 'hours'],
      [{ hours: 1.5 }, 'hours'],
      [{ startDate: '2025-02-30' }, 'startDate'],
      [{ issueDate: '20250420' }, 'issueDate'],
      [{ startDate: '2025-04-16' }, 'endDate'],
      [{ institutionName: '培'.repeat(61) }, 'institutionName'],
    ];
    for (const [change, field] of cases) {
      const fields = await validationFields([{ ...sample, ...change }]);
      expect({ change, fields: fields.map((f) => f.field) }).toEqual({ change, fields: [`certificates[0].${field}`] });
    }
    const batch = [...classOf50.slice(0, 5)];
    batch[1] = { ...batch[1]!, hours: -1 };
    batch[3] = { ...batch[3]!, issueDate: '2025-13-01' };
    expect((await validationFields(batch)).map((f) => f.field)).toEqual(['certificates[1].hours', 'certificates[3].issueDate']);
    expect((await validationFields([])).map((f) => f.field)).toEqual(['certificates']);
    expect((await validationFields([sample], { verificationPrefix: 'GZ CERT:' })).map((f) => f.field)).toEqual(['verificationPrefix']);
  });

  it('refuses a character the font cannot draw rather than print a blank box in a name', async () => {
    expect(unprintableCharacters('吉𠮷')).toEqual(['𠮷']);
    expect(unprintableCharacters('王堃 李喆 龑 䶮 阿依古丽·买买提')).toEqual([]);
    const fields = await validationFields([sample, { ...sample, certificateNumber: 'GZ2', name: '吉𠮷' }]);
    expect(fields).toEqual([{ field: 'certificates[1].name', message: '证书 GZ2：姓名含证书字体无法显示的字符：𠮷' }]);
    // Reported on the field that holds it, though occupation and level share one printed line.
    expect((await validationFields([{ ...sample, level: '𠮷级' }])).map((f) => f.field)).toEqual(['certificates[0].level']);
    expect((await validationFields([sample], { footnote: '𠮷' })).map((f) => f.field)).toEqual(['footnote']);
  });
});
