import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../domain/shared/errors';
import { diplomaStatement, renderDiploma, type DiplomaData } from './diploma-pdf';

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
