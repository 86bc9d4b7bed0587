// 毕业证书 / 结业证书 (requirement 9(9)) as a PDF: one A4 landscape page in the layout of the
// technical schools' certificates: the title, the statement of what the holder studied and that the
// school grants the certificate, the school and its principal, the date of issue and the number from
// the school's blank stock, and the student's approved diploma photo in the frame (left blank, marked
// 照片, when none is approved). Pure apart from the font (commands/pdf/cjk-pdf.ts); a character the
// font lacks is refused.
import { ValidationError, type FieldError } from '../../domain/shared/errors';
import { forbiddenCharacter } from '../../domain/shared/validation';
import { chineseDate, cjkDocument, unprintableCharacters } from '../pdf/cjk-pdf';

export interface DiplomaData {
  number: string;
  outcome: 'graduated' | 'completed';
  name: string;
  sexLabel: string;
  birthDate: string;
  enrolledOn: string;
  leftOn: string;
  majorName: string;
  classTypeLabel: string;
  studyModeLabel: string;
  schoolName: string;
  principal: string;
  issuedOn: string;
}

const PAGE = { width: 841.89, height: 595.28 };
const COLOR = { frame: '#8b1a1a', text: '#1a1a1a', muted: '#6b6b6b' };
const month = (date: string) => chineseDate(date).replace(/\d+日$/, '');

export const diplomaTitle = (outcome: DiplomaData['outcome']) => (outcome === 'graduated' ? '毕业证书' : '结业证书');

/** The statement printed in the body. */
export function diplomaStatement(d: DiplomaData): string {
  const ending = d.outcome === 'graduated' ? '修完教学计划规定的全部课程，成绩合格，准予毕业。' : '修业期满，准予结业。';
  return `学生${d.name}，${d.sexLabel}，${chineseDate(d.birthDate)}生，于${month(d.enrolledOn)}至${month(d.leftOn)}在本校${d.majorName}专业（${d.classTypeLabel}，${d.studyModeLabel}）学习，${ending}`;
}

function check(d: DiplomaData): void {
  const errors: FieldError[] = [];
  for (const [field, label, text] of [['name', '姓名', d.name], ['majorName', '专业名称', d.majorName], ['schoolName', '院校名称', d.schoolName], ['principal', '校长', d.principal]] as const) {
    const forbidden = forbiddenCharacter(text);
    const missing = unprintableCharacters(text);
    if (forbidden) errors.push({ field, message: `${label}含${forbidden}` });
    else if (missing.length) errors.push({ field, message: `${label}含证书字体无法显示的字符：${missing.join('、')}` });
  }
  if (errors.length) throw new ValidationError(errors, '毕业证书中有无法打印的字符');
}

/** The photo frame (points): a 2-inch ID photo's 3:4, left of the statement. */
export const PHOTO_FRAME = { x: 80, y: 150, width: 96, height: 128 } as const;

export async function renderDiploma(d: DiplomaData, options: { createdAt?: Date; photo?: Buffer } = {}): Promise<Buffer> {
  check(d);
  const title = diplomaTitle(d.outcome);
  const { doc, bytes } = cjkDocument({ size: 'A4', layout: 'landscape', margin: 0, info: { Title: `${title} ${d.number}`, Creator: '贵州省职业能力实名制信息管理系统', CreationDate: options.createdAt ?? new Date() } });
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  doc.save().lineWidth(3).strokeColor(COLOR.frame).rect(24, 24, PAGE.width - 48, PAGE.height - 48).stroke().lineWidth(0.8).rect(32, 32, PAGE.width - 64, PAGE.height - 64).stroke().restore();
  doc.font('bold').fontSize(34).fillColor(COLOR.frame);
  doc.text(title, (PAGE.width - doc.widthOfString(title, { characterSpacing: 12 })) / 2, 70, { lineBreak: false, characterSpacing: 12 });
  // Photo frame (left), the statement (right of it).
  const f = PHOTO_FRAME;
  if (options.photo) doc.image(options.photo, f.x, f.y, { fit: [f.width, f.height], align: 'center', valign: 'center' });
  else doc.font('regular').fontSize(10).fillColor(COLOR.muted).text('照片', f.x, f.y + 58, { width: f.width, align: 'center' });
  doc.save().lineWidth(0.8).strokeColor(COLOR.muted).rect(f.x, f.y, f.width, f.height).stroke().restore();
  doc.font('regular').fontSize(16).fillColor(COLOR.text).text(diplomaStatement(d), 210, 156, { width: PAGE.width - 290, lineGap: 10 });
  doc.font('bold').fontSize(15).text(d.schoolName, PAGE.width - 380, 380, { width: 300, align: 'right' });
  doc.font('regular').fontSize(14).text(`校长：${d.principal || '　　　　'}`, PAGE.width - 380, 410, { width: 300, align: 'right' });
  doc.text(chineseDate(d.issuedOn), PAGE.width - 380, 440, { width: 300, align: 'right' });
  doc.font('regular').fontSize(11).fillColor(COLOR.muted).text(`证书编号：${d.number}`, 80, PAGE.height - 90, { lineBreak: false });
  doc.end();
  return bytes;
}
