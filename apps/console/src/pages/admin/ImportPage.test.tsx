import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { importResultFactory } from '../../test/admin-factories';
import { agentFactory, signIn } from '../../test/factories';
import { renderWithProviders } from '../../test/render';
import { mockXhr } from '../../test/xhr-mock';
import ImportPage from './ImportPage';

const admin = () => signIn(agentFactory({ role: 'carrier_admin' }));
const csv = (bytes = 48_213, name = '停机名单-1020.csv') =>
  new File(['x'.repeat(bytes)], name, { type: 'text/csv' });

function fileInput(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>('input[type=file]');
  if (!input) throw new Error('no file input');
  return input;
}

describe('ImportPage', { timeout: 60_000 }, () => {
  it('should show the picked file with its size, the upload progress, then the counts and refused rows', async () => {
    admin();
    const xhr = mockXhr();
    const user = userEvent.setup();
    const { container } = renderWithProviders(<ImportPage />);
    await user.upload(fileInput(container), csv());
    expect(screen.getByTestId('picked-file')).toHaveTextContent('停机名单-1020.csv');
    expect(screen.getByTestId('picked-file')).toHaveTextContent('47 KB');

    await user.click(screen.getByRole('button', { name: '开始导入' }));
    const up = xhr.last();
    expect(up.url).toBe('/api/console/admin/imports');
    expect(up.headers.authorization).toBe('Bearer tok-123');
    expect((up.body?.get('file') as File).name).toBe('停机名单-1020.csv');

    up.progress(24_000, 48_000);
    expect(await screen.findByText(/正在上传 23 KB \/ 47 KB/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
    up.progress(48_000, 48_000);
    expect(await screen.findByText(/上传完成，正在逐行校验并写入/)).toBeInTheDocument();

    up.respond(200, importResultFactory({ rejected: 250 }));
    const result = await screen.findByTestId('import-result');
    expect(within(result).getByText('导入完成，250 行被拒绝')).toBeInTheDocument();
    expect(
      within(result).getByText(/共读取 1,000 行，其中 45 个号码的停机状态发生变化/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('count-inserted')).toHaveTextContent('900');
    expect(screen.getByTestId('count-updated')).toHaveTextContent('60');
    expect(screen.getByTestId('count-unchanged')).toHaveTextContent('37');
    expect(screen.getByTestId('count-rejected')).toHaveTextContent('250');
    const row = screen.getByText('号码为空').closest('tr')!;
    expect(row).toHaveTextContent('42');
    expect(screen.getByText('186****0017').closest('tr')).toHaveTextContent(/state 必须是/);
    // Only a sample comes back: say so, and how to get the whole report.
    expect(screen.getByText('共拒绝 250 行，这里列出前 3 行')).toBeInTheDocument();
    expect(
      screen.getByText(/pnpm shiming import 停机名单-1020\.csv --tenant qxn-unicom/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('picked-file')).toBeNull();
  });

  it('should download the refused rows it shows as CSV, safe to open in a spreadsheet', async () => {
    admin();
    const xhr = mockXhr();
    const user = userEvent.setup();
    const { container } = renderWithProviders(<ImportPage />);
    await user.upload(fileInput(container), csv(100, 'list.csv'));
    await user.click(screen.getByRole('button', { name: '开始导入' }));
    xhr.last().respond(
      200,
      importResultFactory({
        rejected: 1,
        rejectedSample: [
          { line: 5, number: '=HYPERLINK("x")', reason: '号码格式不对, 应为 11 位' },
        ],
      }),
    );
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((b: Blob) => (blobs.push(b), 'blob:rejected')),
      revokeObjectURL: vi.fn(),
    });
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    await user.click(await screen.findByRole('button', { name: /下载这 1 行/ }));
    expect(click).toHaveBeenCalled();
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    // A BOM first, so Excel reads the Chinese as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(
      '行号,号码,原因\r\n5,"\'=HYPERLINK(""x"")","号码格式不对, 应为 11 位"\r\n',
    );
    expect(screen.queryByText(/这里列出前/)).toBeNull();
  });

  it('should say nothing was written when the API refuses the file', async () => {
    admin();
    const xhr = mockXhr();
    const user = userEvent.setup();
    const { container } = renderWithProviders(<ImportPage />);
    await user.upload(fileInput(container), csv(10));
    await user.click(screen.getByRole('button', { name: '开始导入' }));
    xhr.last().respond(400, {
      error: {
        code: 'BAD_HEADER',
        message: '第一行应为表头 number,line_type,unregistered_kind,state',
      },
    });
    expect(await screen.findByText('导入失败，没有写入任何数据')).toBeInTheDocument();
    expect(screen.getByText(/第一行应为表头/)).toBeInTheDocument();
    // The file stays picked: fix the file or try again.
    expect(screen.getByTestId('picked-file')).toBeInTheDocument();
  });

  it('should refuse an empty file and one over the upload limit before sending anything', async () => {
    admin();
    const xhr = mockXhr();
    const user = userEvent.setup();
    const { container } = renderWithProviders(<ImportPage />);
    await user.upload(fileInput(container), new File([], 'empty.csv', { type: 'text/csv' }));
    expect(await screen.findByText(/文件是空的/)).toBeInTheDocument();
    const huge = csv(10, 'huge.csv');
    Object.defineProperty(huge, 'size', { value: 600 * 1024 * 1024 });
    await user.upload(fileInput(container), huge);
    expect(await screen.findByText(/文件超过 512 MB/)).toBeInTheDocument();
    expect(screen.queryByTestId('picked-file')).toBeNull();
    expect(xhr.uploads).toHaveLength(0);
  });

  it('should stop the upload when cancelled and say nothing was imported', async () => {
    admin();
    const xhr = mockXhr();
    const user = userEvent.setup();
    const { container } = renderWithProviders(<ImportPage />);
    await user.upload(fileInput(container), csv());
    await user.click(screen.getByRole('button', { name: '开始导入' }));
    xhr.last().progress(1000, 48_000);
    await user.click(await screen.findByRole('button', { name: '取消上传' }));
    await waitFor(() =>
      expect(screen.getByText('已取消上传，没有导入任何数据')).toBeInTheDocument(),
    );
  });
});
