import { fail, ok, type Result } from './result';

export interface Transition<S extends string, E extends string> {
  from: S;
  event: E;
  to: S;
}

/**
 * Looks the move up in a transition table. When the table offers more than one
 * target for the same state and event, `choose` picks it; a move that is not
 * in the table (or that `choose` cannot settle) is refused.
 */
export function applyTransition<S extends string, E extends string>(
  table: ReadonlyArray<Transition<S, E>>,
  from: S,
  event: E,
  refusal: string,
  choose: (targets: S[]) => S | undefined = (targets) => targets[0],
): Result<S, 'ILLEGAL_TRANSITION'> {
  const targets = table.filter((t) => t.from === from && t.event === event).map((t) => t.to);
  const to = choose(targets);
  return to === undefined ? fail('ILLEGAL_TRANSITION', refusal) : ok(to);
}
