import { describe, expect, it } from 'vitest';
import { rejectedRowsCsv } from './report';

describe('rejectedRowsCsv', () => {
  it('should neutralise every cell a spreadsheet would run when the refused rows are downloaded', () => {
    const csv = rejectedRowsCsv([
      { line: 2, number: "-2+3+cmd|' /C calc'!A0", reason: '=HYPERLINK("http://x","y")' },
      { line: 3, number: '+1+cmd|x', reason: '@SUM(A1)' },
      { line: 4, number: '186****0001', reason: '号码在文件中重复出现，本行未导入。' },
    ]);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual([
      '行号,号码,原因',
      `2,'-2+3+cmd|' /C calc'!A0,"'=HYPERLINK(""http://x"",""y"")"`,
      "3,'+1+cmd|x,'@SUM(A1)",
      '4,186****0001,号码在文件中重复出现，本行未导入。',
    ]);
  });
});
