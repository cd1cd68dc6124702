import { composeResubmissionMessage } from '@shiming/domain';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { caseFactory, signIn } from '../../test/factories';
import { apiError, apiJson, mockFetch } from '../../test/fetch-mock';
import { renderWithProviders } from '../../test/render';
import { DecisionPanel } from './DecisionPanel';

const DECISION = 'POST /api/console/cases/c0ffee00-0000-4000-8000-000000000001/decision';

function setup(over: Partial<Parameters<typeof DecisionPanel>[0]> = {}) {
  signIn();
  const kase = caseFactory();
  const onDecided = vi.fn();
  const onReload = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(
    <DecisionPanel kase={kase} canDecide onDecided={onDecided} onReload={onReload} {...over} />,
  );
  return { kase, onDecided, onReload, user };
}

describe('DecisionPanel', () => {
  it('should approve with A then Ctrl+Enter, sending the version, then hand over the decided case', async () => {
    const { sent } = mockFetch({
      [DECISION]: apiJson(200, caseFactory({ state: 'approved', version: 8, lease: null })),
    });
    const { user, onDecided } = setup();
    await user.keyboard('a');
    expect(screen.getByRole('button', { name: /确认通过/ })).toHaveFocus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(onDecided).toHaveBeenCalledTimes(1));
    expect(sent[0]?.body).toEqual({ decision: 'approve', version: 7 });
    expect(onDecided.mock.calls[0]?.[0]).toMatchObject({ state: 'approved' });
  });

  it('should confirm an approval with Enter on the focused confirm button', async () => {
    const { sent } = mockFetch({ [DECISION]: apiJson(200, caseFactory({ state: 'approved' })) });
    const { user, onDecided } = setup();
    await user.keyboard('a');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(sent).toHaveLength(1);
  });

  it('should prefill the message from the domain as reasons are picked per document', async () => {
    const { user } = setup();
    await user.keyboard('r');
    const form = screen.getByTestId('resubmit-form');
    const front = within(form).getByRole('group', { name: '机主身份证人像面的补正原因' });
    const handheld = within(form).getByRole('group', { name: '办理人手持身份证照片的补正原因' });
    await user.click(within(front).getByLabelText('照片模糊'));
    await user.click(within(handheld).getByLabelText('非本人手持'));
    const expected = composeResubmissionMessage([
      { reason: 'blurry', document: 'id_front' },
      { reason: 'not_the_holder', document: 'id_handheld' },
    ]);
    expect(screen.getByRole('textbox', { name: '给用户的说明' })).toHaveValue(expected);
  });

  it('should send the picked items and the edited message on resubmit', async () => {
    const { sent } = mockFetch({
      [DECISION]: apiJson(200, caseFactory({ state: 'needs_resubmission' })),
    });
    const { user, onDecided } = setup();
    await user.keyboard('r');
    const back = screen.getByRole('group', { name: '机主身份证国徽面的补正原因' });
    await user.click(within(back).getByLabelText('反光'));
    const general = screen.getByRole('group', { name: '其他补正原因' });
    await user.click(within(general).getByLabelText('姓名与证件不符'));
    const box = screen.getByRole('textbox', { name: '给用户的说明' });
    await user.type(box, '\n如有疑问请拨打 10010。');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    const body = sent[0]?.body as {
      decision: string;
      version: number;
      items: unknown[];
      message: string;
    };
    expect(body.decision).toBe('resubmit');
    expect(body.version).toBe(7);
    expect(body.items).toEqual([
      { reason: 'glare', document: 'id_back' },
      { reason: 'name_id_mismatch' },
    ]);
    expect(body.message).toBe(
      `${composeResubmissionMessage([{ reason: 'glare', document: 'id_back' }, { reason: 'name_id_mismatch' }])}\n如有疑问请拨打 10010。`,
    );
  });

  it('should let a keyboard-only agent pick a reason with Space and send with Ctrl+Enter', async () => {
    const { sent } = mockFetch({
      [DECISION]: apiJson(200, caseFactory({ state: 'needs_resubmission' })),
    });
    const { user, onDecided } = setup();
    await user.keyboard('r');
    // R puts the focus on the first reason of the first document.
    expect(document.activeElement).toHaveAttribute('type', 'checkbox');
    await user.keyboard(' ');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect((sent[0]?.body as { items: unknown[] }).items).toEqual([
      { reason: 'blurry', document: 'id_front' },
    ]);
  });

  it('should refuse to send a resubmission without a reason', async () => {
    const { sent } = mockFetch({});
    const { user } = setup();
    await user.keyboard('r');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText('请至少选择一个补正原因')).toBeInTheDocument();
    expect(sent).toHaveLength(0);
  });

  it('should reject with J and the picked rejection reason', async () => {
    const { sent } = mockFetch({ [DECISION]: apiJson(200, caseFactory({ state: 'rejected' })) });
    const { user, onDecided } = setup();
    await user.keyboard('j');
    expect(screen.getByTestId('reject-form')).toBeInTheDocument();
    await user.click(screen.getByLabelText('超出一证五号'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(sent[0]?.body).toEqual({
      decision: 'reject',
      version: 7,
      rejectionReason: 'identity_quota',
    });
  });

  it('should show 409 STALE_DECISION clearly and offer to reload the case', async () => {
    mockFetch({ [DECISION]: apiError(409, 'STALE_DECISION', 'version mismatch') });
    const { user, onDecided, onReload } = setup();
    await user.keyboard('a');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText('工单已变更')).toBeInTheDocument();
    expect(screen.getByText(/该工单在您打开后已被修改/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '重新加载工单' }));
    expect(onReload).toHaveBeenCalled();
    expect(onDecided).not.toHaveBeenCalled();
  });

  it('should ignore shortcut letters typed into the message box', async () => {
    const { user } = setup();
    await user.keyboard('r');
    await user.type(screen.getByRole('textbox', { name: '给用户的说明' }), 'aj');
    expect(screen.getByTestId('resubmit-form')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '给用户的说明' })).toHaveValue('aj');
  });

  it('should cancel the chosen decision with Escape', async () => {
    const { user } = setup();
    await user.keyboard('j');
    expect(screen.getByTestId('reject-form')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('reject-form')).not.toBeInTheDocument();
  });

  it('should be read-only when the agent does not hold the lease', async () => {
    const { sent } = mockFetch({});
    const { user } = setup({ canDecide: false });
    expect(screen.getByText('您未持有该工单的领取，不能作出决定。')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /通过 \(A\)/ })).toBeDisabled();
    await user.keyboard('a');
    expect(screen.queryByRole('button', { name: /确认通过/ })).not.toBeInTheDocument();
    expect(sent).toHaveLength(0);
  });
});
