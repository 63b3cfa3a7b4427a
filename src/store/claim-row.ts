// A row of the claims table as a Claim. Both engines may hand numbers back as strings or
// bigints, hence the conversions. Shared by src/store/claim-leases.ts (Kysely) and the hooks' raw
// node:sqlite fast path, so it imports nothing but a type: loading it costs the hook nothing.
import type { Claim } from '../core/claims/claim.ts';

export function claimFromRow(row: Readonly<Record<string, unknown>>): Claim {
  return {
    id: Number(row.id),
    instance: String(row.instance),
    pattern: String(row.pattern),
    exclusive: Number(row.exclusive) === 1,
    reason: (row.reason as string | null) ?? null,
    acquiredAt: Number(row.acquired_at),
    expiresAt: Number(row.expires_at),
    planId: (row.plan_id as string | null) ?? null,
    taskId: (row.task_id as string | null) ?? null,
    sessionId: (row.session_id as string | null | undefined) ?? null,
  };
}
