// What both consumer drivers (kafkajs, @platformatic/kafka) know of their group member for
// readiness: the fatal error that stopped it, whether it joined, its last heartbeat.
import { DeadLetterLimitError } from '../stream/errors.ts';
import type { Logger } from '../telemetry/logger.ts';

export interface MemberOptions {
  groupId: string;
  log: Logger;
  onFatal: (err: Error) => void;
  clock: () => number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

export function createMemberState(o: MemberOptions) {
  let fatal: Error | undefined;
  let fatalAt = 0;
  let joined = false;
  let lastHeartbeat = 0;
  let startedAt = o.clock();
  const member = {
    get fatal() {
      return fatal;
    },
    get joined() {
      return joined;
    },
    get startedAt() {
      return startedAt;
    },
    started() {
      startedAt = o.clock();
    },
    joinedGroup() {
      joined = true;
      lastHeartbeat = o.clock();
    },
    heartbeat() {
      lastHeartbeat = o.clock();
    },
    /** Stops the member for good (once): logs why and tells the service. */
    fail(err: Error, message: string) {
      if (fatal) return;
      fatal = err;
      fatalAt = o.clock();
      if (err instanceof DeadLetterLimitError) o.log.error({ err, groupId: o.groupId }, deadLetterLimitMessage(err, o.groupId));
      else o.log.error({ err }, message);
      o.onFatal(err);
    },
    /** Runs chain calls; any throw but MessageRejected is fatal. False when it failed. */
    guarded(fn: () => void): boolean {
      try {
        fn();
        return true;
      } catch (err) {
        member.fail(err as Error, 'The consumer chain failed with an error it cannot get past; stopping without committing.');
        return false;
      }
    },
    /** Why this member cannot consume now, for readiness; undefined while it works. */
    problem() {
      if (fatal) return { dependency: 'kafka', reason: `consumer stopped: ${fatal.message}`, since: fatalAt };
      if (!joined) return { dependency: 'kafka', reason: 'not in its consumer group yet', since: startedAt };
      const silentMs = o.clock() - lastHeartbeat;
      // A heartbeat goes out every heartbeat interval while the member is in the group, paused or not.
      if (silentMs > Math.max(o.sessionTimeoutMs, 3 * o.heartbeatIntervalMs)) return { dependency: 'kafka', reason: `no consumer group heartbeat for ${Math.round(silentMs / 1000)} s`, since: lastHeartbeat };
      return undefined;
    },
  };
  return member;
}

/** The log line at the dead-letter limit: where the consumer stopped and the ways past it. */
export function deadLetterLimitMessage(err: DeadLetterLimitError, groupId: string): string {
  const { topic, partition, offset, count, limit } = err;
  if (topic === undefined) return `The dead-letter limit stopped the consumer of group ${groupId}: ${err.message}`;
  return `Stopped at the dead-letter limit: ${count} records in a row failed on ${topic} partition ${partition} up to offset ${offset} `
    + `(group ${groupId}, MAX_CONSECUTIVE_DEAD_LETTERS=${limit}; last failure: ${err.where.lastError ?? 'unknown'}); nothing of them is committed, so a restart stops here again. `
    + `If they are bad input, dead-letter them: restart the service once with MAX_CONSECUTIVE_DEAD_LETTERS=${Math.max(limit * 10, count * 10)} `
    + `(then \`pnpm mentions dlq show\` lists them, \`pnpm mentions dlq replay\` sends them back once the cause is fixed). `
    + `If the limit trips again, raise it again; set it back after. See docs/OPERATIONS.md#the-dead-letter-limit.`;
}
