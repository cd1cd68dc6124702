/**
 * The AAD under which a case's applicant fields are sealed. Must match the cases module, which
 * writes them. TODO(review): use the cases module's helper once it lands.
 */
export const applicantAad = (tenantId: string, caseId: string, field: 'name' | 'id_number'): string =>
  `registration_case:${tenantId}:${caseId}:${field}`;
