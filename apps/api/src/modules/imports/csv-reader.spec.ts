import { CsvFormatError, readCsv } from './csv-reader';

async function all(
  chunks: Array<Buffer | string>,
): Promise<Array<{ line: number; fields: string[] }>> {
  const out = [];
  for await (const batch of readCsv(chunks)) out.push(...batch);
  return out;
}

/** Every split of the input into two chunks must read the same. */
async function everySplit(text: string): Promise<Array<{ line: number; fields: string[] }>> {
  const whole = await all([Buffer.from(text)]);
  const bytes = Buffer.from(text);
  for (let i = 1; i < bytes.length; i++) {
    expect(await all([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(whole);
  }
  return whole;
}

describe('readCsv', () => {
  it('should read plain lines when there are no quotes', async () => {
    expect(await everySplit('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('should drop a BOM and CRLF line ends when the file comes from Excel', async () => {
    expect(await everySplit('\uFEFFa,b\r\n1,2\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('should drop a BOM when the input is a string', async () => {
    expect(await all(['\uFEFFa,b\n'])).toEqual([{ line: 1, fields: ['a', 'b'] }]);
  });

  it('should read quoted fields with commas, doubled quotes and line breaks when quoted', async () => {
    const rows = await everySplit('n,name\n"138","张,""三""\n李"\r\n5,x\n"7","8"');
    expect(rows).toEqual([
      { line: 1, fields: ['n', 'name'] },
      { line: 2, fields: ['138', '张,"三"\n李'] },
      { line: 4, fields: ['5', 'x'] },
      { line: 5, fields: ['7', '8'] },
    ]);
  });

  it('should read the last record when the file does not end with a newline', async () => {
    expect(await everySplit('a\n1,2')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('should skip empty lines and count them when numbering lines', async () => {
    expect(await all(['a\n\n\r\nb\n'])).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('should keep multi-byte characters whole when a chunk splits one', async () => {
    await expect(everySplit('号码,姓名\n1,张三\n')).resolves.toHaveLength(2);
  });

  it('should refuse GBK bytes when the file is not UTF-8', async () => {
    await expect(
      all([Buffer.from([0x68, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a])]),
    ).rejects.toMatchObject({ code: 'ENCODING' });
  });

  it('should name an Excel workbook as such when one is given instead of a CSV', async () => {
    for (const head of [
      Buffer.from('PK\x03\x04\x14\x00\x06\x00[Content_Types].xml', 'latin1'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]),
    ]) {
      await expect(all([head])).rejects.toMatchObject({
        code: 'NOT_CSV',
        message: expect.stringContaining('CSV UTF-8') as unknown,
      });
    }
    // Text that merely starts with the letters P and K is a CSV like any other.
    await expect(all([Buffer.from('PK,x\n1,2\n')])).resolves.toHaveLength(2);
  });

  it('should refuse an unterminated quote when the file ends inside it', async () => {
    await expect(all(['a,b\n"1,2\n'])).rejects.toBeInstanceOf(CsvFormatError);
  });

  it('should refuse a runaway record when it exceeds the size limit', async () => {
    await expect(all(['"' + 'x'.repeat(70 * 1024)])).rejects.toMatchObject({
      code: 'FIELD_TOO_LONG',
    });
  });

  it.each([
    ['unquoted', `a,b\n1,${'x'.repeat(70 * 1024)}\n2,3\n`],
    ['quoted', `a,b\n1,"${'x'.repeat(70 * 1024)}"\n2,3\n`],
  ])(
    'should refuse an over-long %s record when it lies whole in one chunk, as when it spans two',
    async (_label, text) => {
      await expect(all([text])).rejects.toMatchObject({ code: 'FIELD_TOO_LONG' });
      await expect(all([text.slice(0, 10), text.slice(10)])).rejects.toMatchObject({
        code: 'FIELD_TOO_LONG',
      });
    },
  );
});
