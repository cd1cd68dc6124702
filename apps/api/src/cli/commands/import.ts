import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { AppError } from '../../common/errors/app-error';
import { ImportsService } from '../../modules/imports/imports.service';
import { CliCommand, UsageError } from '../command';
import { progressPrinter, requireApp, requireFlag } from './operations-cli';

export const importCommand: CliCommand = {
  name: ['import'],
  summary: "Import a carrier's suspension list (CSV) into a tenant",
  usage: [
    'pnpm shiming import <file.csv> --tenant <code> [--report <rejected.csv>]',
    '',
    '  CSV header: number,line_type,unregistered_kind,state   then optionally owner_name, region_code, stopped_on',
    '  line_type: mobile | fixed      state: active | single_stop | double_stop | cancelled',
    '  unregistered_kind: temporary_account | incomplete_data | owner_differs | group_card (empty = registered)',
    '  UTF-8 (a BOM is fine), LF or CRLF, fields may be quoted.',
    '',
    '  Every row is checked; refused rows go to the report (default: <file>.rejected.csv) with the reason.',
    '  All or nothing: a bad file (header, encoding, tenant) changes nothing. Importing the same file again changes nothing.',
    '  Exit codes: 0 done (even with refused rows), 2 bad arguments or bad file.',
  ].join('\n'),
  needsApp: true,
  modules: async () => [(await import('../../modules/imports/imports.module.js')).ImportsModule],
  async run({ args, flags, cwd, app, out, err }) {
    const [file] = args;
    if (!file) throw new UsageError('Missing the CSV file to import.');
    const tenant = requireFlag(flags, 'tenant');
    const path = resolve(cwd, file);
    const size = await stat(path).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );
    if (size === undefined) throw new UsageError(`No such file: ${path}`);
    const reportFlag = flags['report'];
    const reportPath =
      typeof reportFlag === 'string' ? resolve(cwd, reportFlag) : `${path}.rejected.csv`;
    const service = requireApp(app).get(ImportsService);
    const progress = progressPrinter(err, size);
    try {
      const r = await service.importCsv({
        tenant: { code: tenant },
        source: createReadStream(path, { highWaterMark: 1024 * 1024 }),
        actor: { type: 'cli', id: userInfo().username },
        reportPath,
        onProgress: (p) => progress.update(p.bytes, p.rows),
      });
      progress.done();
      out(`tenant     ${r.tenant}`);
      out(`read       ${r.read}`);
      out(`accepted   ${r.accepted}`);
      out(`inserted   ${r.inserted}`);
      out(`updated    ${r.updated}   (state changes: ${r.stateChanges})`);
      out(`unchanged  ${r.unchanged}`);
      out(`rejected   ${r.rejected}${r.rejected > 0 ? `   → ${reportPath}` : ''}`);
      const p = r.phases;
      out(
        `time (ms)  read+check+copy ${p.copy}, set-based checks ${p.checks}, merge ${p.merge}, report ${p.report}`,
      );
      return 0;
    } catch (e) {
      progress.done();
      if (e instanceof AppError && e.status < 500) {
        err(`Import refused, nothing was changed: ${e.message}`);
        return 2;
      }
      throw e;
    }
  },
};
