import { BUDGET_REFUSAL_CODES } from '../../policies/budgets';
import type { RowScope } from '../../policies/jurisdiction';
import type { Database } from '../kit/database';
import { unrestrictedOnly } from '../kit/jurisdiction';
import type { UserActivity } from './anomalies/userActivity';
import type { UserTotals } from './anomalies/userStatistics';

/**
 * Per-user counts over [from, to) in one statement: totals, per clock hour (UTC) operations, refusals and
 * distinct subjects, and the times of refused operations. It only aggregates; anomalies are judged by the
 * rules in anomalies/. Unauthenticated operations (no user) belong to nobody and are left out.
 */
const USER_STATISTICS = `
WITH events AS (
  SELECT e.record->'user'->>'username' AS username, e.record->'user'->>'agency' AS agency,
         e.record->'user'->'roles' AS roles, e.record->>'time' AS time, left(e.record->>'time', 13) AS hour,
         e.record->>'outcome' AS outcome, e.record->'subjectPseudonyms' AS pseudonyms,
         e.record->'errorCodes' ?| $4::text[] AS over_budget
  FROM audit_events e
  WHERE e.record->>'time' >= $1::text AND e.record->>'time' < $2::text
    AND jsonb_typeof(e.record->'user') = 'object' AND ${unrestrictedOnly(3)}
),
subjects AS (
  SELECT ev.username, ev.hour, s.pseudonym
  FROM events ev CROSS JOIN LATERAL jsonb_array_elements_text(ev.pseudonyms) AS s(pseudonym)
),
user_subjects AS (
  SELECT username, count(DISTINCT pseudonym) AS subjects FROM subjects GROUP BY username
),
hour_subjects AS (
  SELECT username, hour, count(DISTINCT pseudonym) AS subjects FROM subjects GROUP BY username, hour
),
hours AS (
  SELECT username, hour, count(*) AS operations, count(*) FILTER (WHERE outcome = 'refused') AS refused
  FROM events GROUP BY username, hour
),
user_hours AS (
  SELECT h.username,
         json_agg(json_build_object('hour', h.hour, 'operations', h.operations, 'refused', h.refused,
                                    'distinctSubjects', coalesce(hs.subjects, 0)) ORDER BY h.hour) AS hours
  FROM hours h LEFT JOIN hour_subjects hs ON hs.username = h.username AND hs.hour = h.hour
  GROUP BY h.username
),
users AS (
  SELECT username,
         (array_agg(agency ORDER BY time DESC))[1] AS agency,
         (array_agg(roles ORDER BY time DESC))[1] AS roles,
         count(*) AS operations,
         count(*) FILTER (WHERE outcome = 'refused') AS refused,
         coalesce(array_agg(time ORDER BY time) FILTER (WHERE outcome = 'refused'), '{}') AS "refusedTimes",
         coalesce(array_agg(time ORDER BY time) FILTER (WHERE outcome = 'refused' AND over_budget), '{}') AS "budgetRefusedTimes"
  FROM events GROUP BY username
)
SELECT u.username, u.agency, u.roles, u.operations, u.refused, coalesce(us.subjects, 0) AS "distinctSubjects",
       u."refusedTimes", u."budgetRefusedTimes", uh.hours
FROM users u
JOIN user_hours uh ON uh.username = u.username
LEFT JOIN user_subjects us ON us.username = u.username`;

interface UserStatisticsRow {
  username: string;
  agency: string | null;
  roles: string[] | null;
  operations: number;
  refused: number;
  distinctSubjects: number;
  refusedTimes: string[];
  budgetRefusedTimes: string[];
  /** `hour` is 'YYYY-MM-DDTHH' (UTC). */
  hours: { hour: string; operations: number; refused: number; distinctSubjects: number }[];
}

export interface UserPeriod {
  readonly totals: UserTotals;
  readonly activity: UserActivity;
}

/** Each user's totals and activity over [from, to) (normalised record times); one statement. */
export async function readUserPeriods(db: Database, from: string, to: string, scope: RowScope): Promise<UserPeriod[]> {
  const rows = await db.query<UserStatisticsRow>(USER_STATISTICS, [from, to, scope.district, [...BUDGET_REFUSAL_CODES]]);
  return rows.map((row) => ({
    totals: {
      username: row.username,
      agency: row.agency,
      roles: row.roles ?? [],
      operations: row.operations,
      refused: row.refused,
      distinctSubjects: row.distinctSubjects,
    },
    activity: {
      username: row.username,
      hours: row.hours.map((hour) => ({ ...hour, hour: `${hour.hour}:00:00.000Z` })),
      refusedTimes: row.refusedTimes,
      budgetRefusedTimes: row.budgetRefusedTimes,
    },
  }));
}
