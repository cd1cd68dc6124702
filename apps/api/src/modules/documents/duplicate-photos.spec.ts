import { judgeDuplicates, type PhotoMatch } from './duplicate-photos';

const X = Buffer.from('identity-x');
const Y = Buffer.from('identity-y');
const match = (caseId: string, numberId: string, idHash: Buffer | null): PhotoMatch => ({
  documentId: `d-${caseId}`,
  caseId,
  numberId,
  idHash,
  distance: 0,
});

describe('judgeDuplicates', () => {
  it('should find nothing when the case has no identity yet', () => {
    expect(judgeDuplicates({ numberId: 'n1', idHash: null }, [match('c2', 'n2', Y)], 1)).toEqual(
      [],
    );
  });

  it('should report every case of another identity once', () => {
    expect(
      judgeDuplicates(
        { numberId: 'n1', idHash: X },
        [match('c2', 'n2', Y), match('c3', 'n3', Y), match('c2', 'n2', Y)],
        1,
      ),
    ).toEqual([{ kind: 'other_identity', relatedCaseIds: ['c2', 'c3'] }]);
  });

  it('should ignore drafts without identity and cases of the same number', () => {
    expect(
      judgeDuplicates(
        { numberId: 'n1', idHash: X },
        [match('c2', 'n2', null), match('c3', 'n1', X), match('c4', 'n1', X)],
        0,
      ),
    ).toEqual([]);
  });

  it('should count other numbers of the same identity against the quota', () => {
    const self = { numberId: 'n1', idHash: X };
    const two = [match('c2', 'n2', X), match('c3', 'n3', X)];
    expect(judgeDuplicates(self, two, 2)).toEqual([]);
    expect(judgeDuplicates(self, two, 1)).toEqual([
      { kind: 'over_quota', relatedCaseIds: ['c2', 'c3'], count: 2, quota: 1 },
    ]);
  });
});
