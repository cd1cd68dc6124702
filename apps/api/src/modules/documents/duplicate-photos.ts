/**
 * The same ID-front photo used again. Photos are compared by their 64-bit dHash (see
 * capture-analysis): re-encoding, resizing and heavy JPEG compression of one photo stay within
 * 0–3 bits on the fixtures, while photos of different cards differ by 9 or more, so ≤ 5 bits is
 * "the same photo". Only within one tenant: the identity hashes are per-tenant keyed hashes, and
 * a tenant never sees another's cases.
 */
export const DUPLICATE_MAX_DISTANCE = 5;

/** Another case's current ID front whose hash is within DUPLICATE_MAX_DISTANCE. */
export interface PhotoMatch {
  documentId: string;
  caseId: string;
  numberId: string;
  /** The other case's keyed identity hash (null before its applicant was filled in). */
  idHash: Buffer | null;
  distance: number;
}

export interface DuplicateFinding {
  /**
   * other_identity: the photo is in a case registering a different ID number;
   * over_quota: in cases of the same identity for more other numbers than the policy allows.
   */
  kind: 'other_identity' | 'over_quota';
  relatedCaseIds: string[];
  /** over_quota: how many other numbers, and the quota. */
  count?: number;
  quota?: number;
}

/**
 * What the matches mean for a case with this identity and number. A case without an identity yet
 * (photos come before the form) cannot be judged: nothing; the agent's view judges it once filled.
 * Matches in cases without an identity (abandoned drafts) are ignored.
 */
export function judgeDuplicates(
  self: { numberId: string; idHash: Buffer | null },
  matches: PhotoMatch[],
  duplicateQuota: number,
): DuplicateFinding[] {
  if (!self.idHash) return [];
  const own = self.idHash;
  const findings: DuplicateFinding[] = [];
  const others = matches.filter((m) => m.idHash && !m.idHash.equals(own));
  if (others.length > 0) {
    findings.push({ kind: 'other_identity', relatedCaseIds: unique(others.map((m) => m.caseId)) });
  }
  const same = matches.filter((m) => m.idHash?.equals(own) && m.numberId !== self.numberId);
  const numbers = new Set(same.map((m) => m.numberId));
  if (numbers.size > duplicateQuota) {
    findings.push({
      kind: 'over_quota',
      relatedCaseIds: unique(same.map((m) => m.caseId)),
      count: numbers.size,
      quota: duplicateQuota,
    });
  }
  return findings;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
