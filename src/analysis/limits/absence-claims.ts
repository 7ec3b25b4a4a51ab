/**
 * Findings that claim something is absent from the whole project: no partner for a barrier, nothing
 * that reads an mb set, no function of the name a comment gives, no access on a barrier's side (whose
 * callers may be elsewhere). A file or function the analysis could not see may hold exactly what is
 * claimed missing, so these are withheld while the analysis is incomplete; every other finding rests
 * on what was seen and stands. Rule name -> message ids; a test checks each against the rule's messages.
 */
export const ABSENCE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  "unpaired-barrier": ["unpaired", "flagOnly"],
  "mb-variable-mismatch": ["setNeverRead", "readNeverSet"],
  "barrier-comment": ["partnerNotFound"],
  "unneeded-barrier": ["emptySide"],
};

export function claimsAbsence(rule: string, messageId: string): boolean {
  return ABSENCE_CLAIMS[rule]?.includes(messageId) ?? false;
}
