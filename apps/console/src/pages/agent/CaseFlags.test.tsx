import { composeResubmissionMessage } from '@shiming/domain';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { CaseFlag, ConsoleCase } from '../../domains/cases/schemas';
import { caseFactory, signIn } from '../../test/factories';
import { apiJson, mockFetch } from '../../test/fetch-mock';
import { renderWithProviders } from '../../test/render';
import { DocumentsPanel, formatScore } from './DocumentsPanel';
import ReviewPage from './ReviewPage';
import { CaseFlags, reasonPickFor, type ReasonPick } from './CaseFlags';
import { CaseView } from './CaseView';
import { DecisionPanel } from './DecisionPanel';

const OTHER_CASE = 'c0ffee00-0000-4000-8000-0000000000aa';

const flags: CaseFlag[] = [
  {
    code: 'QUALITY_GLARE',
    severity: 'warning',
    documentId: 'd2',
    message: '国徽面有 2 处反光，文字可能看不清。',
    suggestedReason: 'glare',
  },
  {
    code: 'OCR_NUMBER_MISMATCH',
    severity: 'critical',
    documentId: 'd1',
    message: '填写的身份证号与证件上识别的不一致（第 7–10 位不同）。',
    suggestedReason: 'name_id_mismatch',
  },
  {
    code: 'DUPLICATE_PHOTO',
    severity: 'critical',
    documentId: 'd1',
    message: '这张身份证照片也用于另一个身份的登记。',
    relatedCaseIds: [OTHER_CASE],
  },
  {
    code: 'CARD_EXPIRED',
    severity: 'critical',
    documentId: 'd2',
    message: '证件有效期至 2015.03.01，已过期。',
    suggestedReason: 'document_expired',
  },
];

const withQuality = (): ConsoleCase => {
  const base = caseFactory();
  return {
    ...base,
    flags,
    documents: base.documents.map((d) =>
      d.kind === 'id_back'
        ? {
            ...d,
            quality: {
              verdict: 'fail',
              checks: [
                {
                  code: 'blur',
                  score: 212.44,
                  threshold: 150,
                  verdict: 'pass',
                  message: '照片清晰。',
                },
                {
                  code: 'glare',
                  score: 2,
                  threshold: 1,
                  verdict: 'fail',
                  message: '证件上有反光',
                },
                {
                  code: 'framing',
                  score: 0.4,
                  threshold: 0.35,
                  verdict: 'warn',
                  message: '证件在画面里有点小',
                },
                {
                  code: 'resolution',
                  score: 1180,
                  threshold: 640,
                  verdict: 'pass',
                  message: '分辨率足够。',
                },
              ],
            },
          }
        : d,
    ),
  };
};

const page = (
  <Routes>
    <Route path="/review/:caseId" element={<ReviewPage />} />
  </Routes>
);

async function openCase(kase: ConsoleCase) {
  signIn();
  const net = mockFetch({ [`GET /api/console/cases/${kase.id}`]: apiJson(200, kase) });
  const user = userEvent.setup();
  renderWithProviders(page, { route: `/review/${kase.id}` });
  await screen.findByText('审核工单');
  return { ...net, user };
}

describe('Case flags on the review page', () => {
  it('should show the flags above the documents, critical in red first, each in Chinese with its message, a duplicate linking to the other cases', async () => {
    await openCase(withQuality());
    const box = screen.getByTestId('case-flags');
    const alerts = within(box).getAllByRole('alert');
    expect(alerts.map((a) => a.getAttribute('data-severity'))).toEqual([
      'critical',
      'critical',
      'critical',
      'warning',
    ]);
    expect(alerts[0]).toHaveClass('ant-alert-error');
    expect(alerts[3]).toHaveClass('ant-alert-warning');
    expect(alerts[0]).toHaveTextContent('严重：身份证号与证件识别不一致');
    expect(alerts[0]).toHaveTextContent('（机主身份证人像面）');
    expect(alerts[0]).toHaveTextContent('第 7–10 位不同');
    expect(alerts[3]).toHaveTextContent('注意：照片反光');
    expect(alerts[3]).toHaveTextContent('（机主身份证国徽面）');
    expect(within(box).getByText(/身份证已过有效期/)).toBeInTheDocument();
    // Above the documents.
    const documents = screen.getByText('证件材料（点击图片可放大、旋转）');
    expect(box.compareDocumentPosition(documents) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // A duplicate photo links to the other cases, within the console; it has no reason to pick.
    const link = within(box).getByRole('link', { name: `工单 ${OTHER_CASE.slice(0, 8)}` });
    expect(link).toHaveAttribute('href', `/review/${OTHER_CASE}`);
    expect(
      within(link.closest('[role="alert"]') as HTMLElement).queryByRole('button', {
        name: '按此原因退回补正',
      }),
    ).toBeNull();
  });

  // The whole case view (flags → decision form) is heavy for antd in jsdom on a busy machine.
  it(
    'should open the resubmission form with the suggested reason ticked under its document, in one click',
    { timeout: 60_000 },
    async () => {
      signIn();
      const user = userEvent.setup();
      renderWithProviders(
        <CaseView
          kase={withQuality()}
          onNext={vi.fn()}
          nextPending={false}
          onReload={vi.fn()}
          onReleased={vi.fn()}
        />,
      );
      const glare = within(screen.getByTestId('case-flags'))
        .getAllByRole('alert')
        .find((a) => a.getAttribute('data-severity') === 'warning') as HTMLElement;
      await user.click(within(glare).getByRole('button', { name: '按此原因退回补正' }));
      const form = await screen.findByTestId('resubmit-form');
      const back = within(form).getByRole('group', { name: '机主身份证国徽面的补正原因' });
      expect(within(back).getByLabelText('反光')).toBeChecked();
      expect(screen.getByRole('textbox', { name: '给用户的说明' })).toHaveValue(
        composeResubmissionMessage([{ reason: 'glare', document: 'id_back' }]),
      );
    },
  );

  it('should show nothing above the documents when there is no flag', () => {
    renderWithProviders(<CaseFlags kase={caseFactory()} canDecide onPickReason={vi.fn()} />);
    expect(screen.queryByTestId('case-flags')).toBeNull();
  });

  it('should disable the one-click reasons when the agent cannot decide', () => {
    renderWithProviders(
      <CaseFlags kase={withQuality()} canDecide={false} onPickReason={vi.fn()} />,
    );
    const buttons = screen.getAllByRole('button', { name: '按此原因退回补正' });
    expect(buttons).toHaveLength(3);
    for (const b of buttons) expect(b).toBeDisabled();
  });

  it('should put a photo reason and an expired card under their document, a typed mismatch under the case, an unknown reason nowhere', () => {
    const kase = withQuality();
    expect(reasonPickFor(flags[0]!, kase)).toEqual({ reason: 'glare', document: 'id_back' });
    expect(reasonPickFor(flags[1]!, kase)).toEqual({ reason: 'name_id_mismatch' });
    expect(reasonPickFor(flags[3]!, kase)).toEqual({
      reason: 'document_expired',
      document: 'id_back',
    });
    expect(reasonPickFor({ ...flags[0]!, suggestedReason: 'made_up' }, kase)).toBeNull();
    expect(reasonPickFor({ ...flags[0]!, documentId: 'gone' }, kase)).toBeNull();
  });
});

describe('DecisionPanel with a reason picked from a flag', () => {
  it(
    'should add each picked reason to the form, keep the others, and send them all',
    { timeout: 60_000 },
    async () => {
      signIn();
      const kase = withQuality();
      const { sent } = mockFetch({
        [`POST /api/console/cases/${kase.id}/decision`]: apiJson(
          200,
          caseFactory({ state: 'needs_resubmission' }),
        ),
      });
      const onDecided = vi.fn();
      const user = userEvent.setup();
      function Harness() {
        const [preset, setPreset] = useState<ReasonPick | null>(null);
        return (
          <>
            <button onClick={() => setPreset({ reason: 'glare', document: 'id_back' })}>
              反光旗标
            </button>
            <button onClick={() => setPreset({ reason: 'name_id_mismatch' })}>号码不符旗标</button>
            <DecisionPanel
              kase={kase}
              canDecide
              onDecided={onDecided}
              onReload={vi.fn()}
              preset={preset}
            />
          </>
        );
      }
      renderWithProviders(<Harness />);
      await user.click(screen.getByRole('button', { name: '反光旗标' }));
      const form = await screen.findByTestId('resubmit-form');
      await user.click(screen.getByRole('button', { name: '号码不符旗标' }));
      // The same reason twice adds nothing.
      await user.click(screen.getByRole('button', { name: '反光旗标' }));
      const back = within(form).getByRole('group', { name: '机主身份证国徽面的补正原因' });
      const general = within(form).getByRole('group', { name: '其他补正原因' });
      await waitFor(() => expect(within(general).getByLabelText('姓名与证件不符')).toBeChecked());
      expect(within(back).getByLabelText('反光')).toBeChecked();
      await user.click(screen.getByRole('button', { name: /发送补正要求/ }));
      await waitFor(() => expect(onDecided).toHaveBeenCalled());
      expect(sent[0]?.body).toMatchObject({
        decision: 'resubmit',
        items: [{ reason: 'glare', document: 'id_back' }, { reason: 'name_id_mismatch' }],
      });
    },
  );

  it('should ignore a picked reason when the agent cannot decide', () => {
    signIn();
    renderWithProviders(
      <DecisionPanel
        kase={withQuality()}
        canDecide={false}
        onDecided={vi.fn()}
        onReload={vi.fn()}
        preset={{ reason: 'glare', document: 'id_back' }}
      />,
    );
    expect(screen.queryByTestId('resubmit-form')).toBeNull();
  });
});

describe('Document quality scores', () => {
  it('should show each check in Chinese with its score, threshold and a pass/warn/fail tag', () => {
    renderWithProviders(<DocumentsPanel documents={withQuality().documents} />);
    const list = screen.getByRole('list', { name: '机主身份证国徽面的图像质量' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      '清晰度合格212.4（要求 ≥ 150）',
      '反光不合格2 处（允许 ≤ 1）',
      '取景注意占画面 40%（要求 ≥ 35%）',
      '分辨率合格1180 px（要求 ≥ 640 px）',
    ]);
    expect(within(rows[1]!).getByText('不合格')).toHaveClass('ant-tag-red');
    expect(within(rows[2]!).getByText('注意')).toHaveClass('ant-tag-orange');
    expect(within(rows[0]!).getByText('合格')).toHaveClass('ant-tag-green');
    expect(rows[1]).toHaveAttribute('title', '证件上有反光');
    expect(screen.getByText('图像质量：不合格')).toBeInTheDocument();
    // Documents without a quality (not checked) keep the old line.
    expect(screen.queryByRole('list', { name: '机主身份证人像面的图像质量' })).toBeNull();
  });

  it('should say a check is off when its threshold is 0', () => {
    expect(formatScore('blur', 88, 0)).toBe('88.0（未启用）');
    expect(formatScore('resolution', 500, 0)).toBe('500 px（未启用）');
    expect(formatScore('framing', 0.123, 0)).toBe('占画面 12%');
    expect(formatScore('something_new', 3, 4)).toBe('3（阈值 4）');
  });
});
