import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { caseFactory } from '../../test/factories';
import { DocumentsPanel } from './DocumentsPanel';

const signed = (id: string, exp: number, sig: string) =>
  `/api/console/documents/${id}?tenant=t&agent=a&exp=${exp}&sig=${sig}`;
const now = () => Math.floor(Date.now() / 1000);
const srcs = () =>
  screen
    .getAllByRole('img')
    .map((i) => i.getAttribute('src'))
    .filter((s) => s?.startsWith('/api/console/documents/'));

describe('DocumentsPanel', () => {
  it('should keep a document URL that is still valid when the case comes back with newly signed ones', () => {
    const first = caseFactory().documents.map((d) => ({
      ...d,
      url: signed(d.id, now() + 300, 'a'),
    }));
    const again = first.map((d) => ({ ...d, url: signed(d.id, now() + 301, 'b') }));
    const { rerender } = render(<DocumentsPanel documents={first} />);
    rerender(<DocumentsPanel documents={again} />);
    expect(srcs().every((s) => s?.endsWith('sig=a'))).toBe(true);
  });

  it('should take the new URL when the kept one is about to expire', () => {
    const first = caseFactory().documents.map((d) => ({
      ...d,
      url: signed(d.id, now() + 30, 'a'),
    }));
    const again = first.map((d) => ({ ...d, url: signed(d.id, now() + 300, 'b') }));
    const { rerender } = render(<DocumentsPanel documents={first} />);
    rerender(<DocumentsPanel documents={again} />);
    expect(srcs().every((s) => s?.endsWith('sig=b'))).toBe(true);
  });
});
