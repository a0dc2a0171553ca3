/** What a processing step returns for one record; steps never write, the loop does. */
export type StepResult<O> =
  | { kind: 'ok'; outputs: O[] }
  | { kind: 'dlq'; stage: string; error: Error }
  | { kind: 'drop'; reason: string };

export const ok = <O>(outputs: O[]): StepResult<O> => ({ kind: 'ok', outputs });
