import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { AppError } from '../../common/errors/app-error';
import { NoticesService } from '../../modules/notices/notices.service';
import { CliCommand, UsageError } from '../command';
import { optionalFlag, requireApp, requireFlag } from './operations-cli';

export const noticesImportCommand: CliCommand = {
  name: ['notices', 'import'],
  summary: 'Record a notice campaign (SMS, call, letter) with verification codes',
  usage: [
    'pnpm shiming notices import <file.csv> --tenant <code> [--out <codes.csv>]',
    '',
    '  CSV header: phone,channel,sent_at,campaign   then optionally sender, code',
    '  channel: sms | call | letter; sent_at: 2016-10-20 or an ISO time; sender: the number it is sent/called from.',
    '  A row without a code gets one drawn (6 characters, no look-alikes). The codes go to --out',
    '  (default <file>.codes.csv) to be printed on the notices. All rows or none: bad rows are listed, nothing is written.',
  ].join('\n'),
  needsApp: true,
  async run({ args, flags, cwd, app, out, err }) {
    const [file] = args;
    if (!file) throw new UsageError('Missing the CSV file of notices.');
    const tenant = requireFlag(flags, 'tenant');
    const path = resolve(cwd, file);
    if (
      !(await stat(path).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      throw new UsageError(`No such file: ${path}`);
    const outPath = resolve(cwd, optionalFlag(flags, 'out') ?? `${path}.codes.csv`);
    try {
      const r = await requireApp(app)
        .get(NoticesService)
        .importCsv({
          tenant,
          source: createReadStream(path),
          actor: { type: 'cli', id: userInfo().username },
        });
      if (r.rejected.length > 0) {
        for (const x of r.rejected.slice(0, 50)) err(`line ${x.line}: ${x.reason}`);
        if (r.rejected.length > 50) err(`… and ${r.rejected.length - 50} more`);
        err(
          `${r.rejected.length} of ${r.read} rows are wrong: nothing was recorded. Fix them and run again.`,
        );
        return 2;
      }
      const w = createWriteStream(outPath, { mode: 0o600 });
      w.write('line,phone,code\n');
      for (const c of r.codes)
        if (!w.write(`${c.line},${c.phone},${c.code}\n`)) await once(w, 'drain');
      w.end();
      await once(w, 'close');
      out(`recorded ${r.inserted} notices; codes → ${outPath}`);
      return 0;
    } catch (e) {
      if (e instanceof AppError && e.status < 500) {
        err(e.message);
        return 2;
      }
      throw e;
    }
  },
};
