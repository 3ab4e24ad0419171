import { Kind } from 'graphql';
import { createAuditSubgraph } from '../../subgraphs/audit';
import { DEFAULT_BUDGETS } from '../../policies';
import { ANOMALY_RULES } from '../../subgraphs/audit/anomalies/anomalyRules';
import { budgetExceededRule } from '../../subgraphs/audit/anomalies/budgetExceededRule';
import { distinctSubjectsPerHourRule } from '../../subgraphs/audit/anomalies/distinctSubjectsPerHourRule';
import { offHoursAccessRule } from '../../subgraphs/audit/anomalies/offHoursAccessRule';
import { refusalBurstRule } from '../../subgraphs/audit/anomalies/refusalBurstRule';
import { anomalyThresholds, DEFAULT_ANOMALY_THRESHOLDS } from '../../subgraphs/audit/anomalies/thresholds';
import type { HourActivity, UserActivity } from '../../subgraphs/audit/anomalies/userActivity';
import { byConcern, userStatistics, type UserTotals } from '../../subgraphs/audit/anomalies/userStatistics';
import { isWithinWorkingHours } from '../../subgraphs/audit/anomalies/workingHours';

/**
 * The audit review's anomaly rules are pure functions over counts the statistics statement aggregates:
 * tested here without a database. (2025-06-30 is a Monday; Asia/Shanghai is UTC+8 all year.)
 */

const DEFAULTS = DEFAULT_ANOMALY_THRESHOLDS;

function hour(start: string, counts: Partial<Omit<HourActivity, 'hour'>> = {}): HourActivity {
  return { hour: start, operations: counts.operations ?? 1, refused: counts.refused ?? 0, distinctSubjects: counts.distinctSubjects ?? 0 };
}

function activity(hours: HourActivity[], refusedTimes: string[] = [], budgetRefusedTimes: string[] = []): UserActivity {
  return { username: 'test.user', hours, refusedTimes, budgetRefusedTimes };
}

describe('thresholds', () => {
  it('defaults to 50 subjects an hour, any off-hours access, 5 refusals in 10 minutes, 08:00–20:00 Asia/Shanghai', () => {
    expect(anomalyThresholds()).toEqual({
      distinctSubjectsPerHour: 50,
      offHoursAccesses: 0,
      refusalBurst: { refusals: 5, windowMinutes: 10 },
      budgetRefusals: 1,
      workingHours: { timeZone: 'Asia/Shanghai', startHour: 8, endHour: 20 },
    });
    expect(Object.isFrozen(anomalyThresholds())).toBe(true);
    // Where a rule and the purposes' default budgets measure the same thing, the numbers are the budgets'.
    expect(anomalyThresholds().distinctSubjectsPerHour).toBe(DEFAULT_BUDGETS.subjectsPerUserHour);
    expect(anomalyThresholds().refusalBurst).toEqual(DEFAULT_BUDGETS.refusalBurst);
  });

  it('lays options over the defaults, part by part', () => {
    expect(anomalyThresholds({ distinctSubjectsPerHour: 20, refusalBurst: { refusals: 3 }, workingHours: { endHour: 18 } })).toEqual({
      distinctSubjectsPerHour: 20,
      offHoursAccesses: 0,
      refusalBurst: { refusals: 3, windowMinutes: 10 },
      budgetRefusals: 1,
      workingHours: { timeZone: 'Asia/Shanghai', startHour: 8, endHour: 18 },
    });
  });

  it('refuses a bad value at start-up, naming it', () => {
    expect(() => anomalyThresholds({ distinctSubjectsPerHour: -1 })).toThrow(/distinctSubjectsPerHour must be a whole number from 0/);
    expect(() => anomalyThresholds({ refusalBurst: { windowMinutes: 2.5 } })).toThrow(/refusalBurst\.windowMinutes/);
    expect(() => anomalyThresholds({ refusalBurst: { refusals: 0 } })).toThrow(/refusalBurst\.refusals/);
    expect(() => anomalyThresholds({ workingHours: { startHour: 9, endHour: 9 } })).toThrow(/workingHours\.endHour/);
    expect(() => anomalyThresholds({ workingHours: { timeZone: 'Asia/Hangzhou' } })).toThrow(/"Asia\/Hangzhou" is not an IANA time zone/);
  });

  it('is what createAuditSubgraph checks, with the subject key', () => {
    const subjectKey = 'k'.repeat(32);
    expect(() => createAuditSubgraph({ subjectKey: 'short' })).toThrow(/AUDIT_SUBJECT_KEY/);
    expect(() => createAuditSubgraph({ subjectKey, thresholds: { offHoursAccesses: -3 } })).toThrow(/offHoursAccesses/);
    expect(createAuditSubgraph({ subjectKey }).name).toBe('audit');
  });
});

describe('working hours on the Asia/Shanghai clock', () => {
  const hours = DEFAULTS.workingHours;
  it.each([
    ['2025-06-30T00:00:00.000Z', 'Monday 08:00', true],
    ['2025-06-29T23:59:59.999Z', 'Monday 07:59:59', false],
    ['2025-06-30T11:59:59.999Z', 'Monday 19:59:59', true],
    ['2025-06-30T12:00:00.000Z', 'Monday 20:00', false],
    ['2025-07-04T03:00:00.000Z', 'Friday 11:00', true],
    ['2025-07-05T03:00:00.000Z', 'Saturday 11:00', false],
    ['2025-07-06T03:00:00.000Z', 'Sunday 11:00', false],
    ['2025-07-06T16:00:00.000Z', 'Monday 00:00 (Sunday in UTC)', false],
    ['2025-07-06T17:00:00.000Z', 'Monday 01:00', false],
    ['2025-07-07T01:00:00.000Z', 'Monday 09:00 (Monday 01:00 UTC)', true],
  ])('%s (%s local) is within working hours: %s', (instant, _local, within) => {
    expect(isWithinWorkingHours(instant, hours)).toBe(within);
  });

  it('reads another clock when configured', () => {
    const london = anomalyThresholds({ workingHours: { timeZone: 'Europe/London', startHour: 9, endHour: 17 } }).workingHours;
    // 08:30 UTC on 30 June is 09:30 in London (BST) and 16:30 in Shanghai
    expect(isWithinWorkingHours('2025-06-30T08:30:00.000Z', london)).toBe(true);
    expect(isWithinWorkingHours('2025-06-30T16:30:00.000Z', london)).toBe(false);
  });
});

describe('DISTINCT_SUBJECTS_PER_HOUR', () => {
  const busy = activity([
    hour('2025-07-01T01:00:00.000Z', { distinctSubjects: 12 }),
    hour('2025-07-01T02:00:00.000Z', { distinctSubjects: 51 }),
    hour('2025-07-01T03:00:00.000Z', { distinctSubjects: 51 }),
  ]);

  it('measures the worst hour, the first one when hours tie', () => {
    expect(distinctSubjectsPerHourRule.measure(busy, DEFAULTS)).toEqual({ observed: 51, at: '2025-07-01T02:00:00.000Z' });
    expect(distinctSubjectsPerHourRule.measure(activity([]), DEFAULTS)).toEqual({ observed: 0, at: null });
  });

  it('flags above the threshold, not at it', () => {
    expect(distinctSubjectsPerHourRule.judge({ observed: 51, at: '2025-07-01T02:00:00.000Z' }, DEFAULTS)).toEqual({
      flag: 'DISTINCT_SUBJECTS_PER_HOUR',
      observed: 51,
      threshold: 50,
      at: '2025-07-01T02:00:00.000Z',
      message: '51 distinct data subjects in the hour from 2025-07-01T02:00:00.000Z, above the threshold of 50.',
    });
    expect(distinctSubjectsPerHourRule.judge({ observed: 50, at: '2025-07-01T02:00:00.000Z' }, DEFAULTS)).toBeNull();
    const strict = anomalyThresholds({ distinctSubjectsPerHour: 10 });
    expect(distinctSubjectsPerHourRule.judge({ observed: 11, at: '2025-07-01T02:00:00.000Z' }, strict)?.threshold).toBe(10);
  });
});

describe('OFF_HOURS_ACCESS', () => {
  const lateAndWeekend = activity([
    hour('2025-06-30T02:00:00.000Z', { operations: 7 }), // Monday 10:00
    hour('2025-06-30T13:00:00.000Z', { operations: 2 }), // Monday 21:00
    hour('2025-07-05T03:00:00.000Z', { operations: 1 }), // Saturday 11:00
  ]);

  it('counts the operations of every hour outside working hours; where is the first such hour', () => {
    expect(offHoursAccessRule.measure(lateAndWeekend, DEFAULTS)).toEqual({ observed: 3, at: '2025-06-30T13:00:00.000Z' });
  });

  it('flags any by default; a deployment may tolerate some', () => {
    const measured = offHoursAccessRule.measure(lateAndWeekend, DEFAULTS);
    expect(offHoursAccessRule.judge(measured, DEFAULTS)).toEqual({
      flag: 'OFF_HOURS_ACCESS',
      observed: 3,
      threshold: 0,
      at: '2025-06-30T13:00:00.000Z',
      message: '3 operations outside working hours (08:00–20:00 on weekdays, Asia/Shanghai), the first in the hour from 2025-06-30T13:00:00.000Z.',
    });
    expect(offHoursAccessRule.judge(measured, anomalyThresholds({ offHoursAccesses: 3 }))).toBeNull();
  });

  it('says nothing of a working day’s work', () => {
    const office = activity([hour('2025-06-30T00:00:00.000Z', { operations: 30 }), hour('2025-06-30T11:00:00.000Z', { operations: 4 })]);
    const measured = offHoursAccessRule.measure(office, DEFAULTS);
    expect(measured).toEqual({ observed: 0, at: null });
    expect(offHoursAccessRule.judge(measured, DEFAULTS)).toBeNull();
  });
});

describe('BUDGET_EXCEEDED', () => {
  it('flags one operation refused by an extraction budget, and counts them', () => {
    const refused = activity([], ['2025-07-02T02:00:00.000Z', '2025-07-02T02:05:00.000Z'], ['2025-07-02T02:05:00.000Z']);
    const measured = budgetExceededRule.measure(refused, DEFAULTS);
    expect(measured).toEqual({ observed: 1, at: '2025-07-02T02:05:00.000Z' });
    expect(budgetExceededRule.judge(measured, DEFAULTS)).toMatchObject({ flag: 'BUDGET_EXCEEDED', observed: 1, threshold: 1 });
    expect(budgetExceededRule.judge(budgetExceededRule.measure(activity([]), DEFAULTS), DEFAULTS)).toBeNull();
  });
});

describe('REFUSAL_BURST', () => {
  const at = (minutes: number, seconds = 0, ms = 0) =>
    new Date(Date.UTC(2025, 6, 2, 2, minutes, seconds, ms)).toISOString();

  it('flags 5 refusals within 10 minutes', () => {
    const burst = activity([], [at(0), at(2), at(4), at(6), at(9, 59, 999)]);
    const measured = refusalBurstRule.measure(burst, DEFAULTS);
    expect(measured).toEqual({ observed: 5, at: at(0) });
    expect(refusalBurstRule.judge(measured, DEFAULTS)).toEqual({
      flag: 'REFUSAL_BURST',
      observed: 5,
      threshold: 5,
      at: at(0),
      message: '5 refused operations within 10 minutes from 2025-07-02T02:00:00.000Z (a burst is 5 or more).',
    });
  });

  it('does not flag 5 refusals spread over exactly 10 minutes: the window holds 4', () => {
    const spread = activity([], [at(0), at(2), at(4), at(6), at(10)]);
    const measured = refusalBurstRule.measure(spread, DEFAULTS);
    expect(measured).toEqual({ observed: 4, at: at(0) });
    expect(refusalBurstRule.judge(measured, DEFAULTS)).toBeNull();
  });

  it('slides the window: the densest stretch counts, wherever it starts', () => {
    const later = activity([], [at(0), at(11), at(12), at(13), at(14), at(15), at(30)]);
    expect(refusalBurstRule.measure(later, DEFAULTS)).toEqual({ observed: 5, at: at(11) });
    expect(refusalBurstRule.measure(activity([]), DEFAULTS)).toEqual({ observed: 0, at: null });
  });

  it('takes its count and window from the thresholds', () => {
    const three = activity([], [at(0), at(3), at(4, 59)]);
    const tight = anomalyThresholds({ refusalBurst: { refusals: 3, windowMinutes: 5 } });
    expect(refusalBurstRule.judge(refusalBurstRule.measure(three, tight), tight)?.observed).toBe(3);
    expect(refusalBurstRule.judge(refusalBurstRule.measure(three, DEFAULTS), DEFAULTS)).toBeNull();
  });
});

describe('the rule registry and a user’s statistics', () => {
  it('is frozen, one rule per flag, the flags the schema’s AuditAnomalyFlag names', () => {
    expect(Object.isFrozen(ANOMALY_RULES)).toBe(true);
    const { typeDefs } = createAuditSubgraph({ subjectKey: 'k'.repeat(32) });
    const schemaFlags = typeDefs.definitions.flatMap((definition) =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'AuditAnomalyFlag'
        ? (definition.values ?? []).map((value) => value.name.value)
        : [],
    );
    expect(ANOMALY_RULES.map((rule) => rule.flag)).toEqual(schemaFlags);
    expect(schemaFlags).toEqual(['DISTINCT_SUBJECTS_PER_HOUR', 'OFF_HOURS_ACCESS', 'REFUSAL_BURST', 'BUDGET_EXCEEDED']);
  });

  const totals = (username: string): UserTotals => ({ username, agency: 'police', roles: ['police-investigator'], operations: 9, refused: 5, distinctSubjects: 60 });

  it('reports every rule’s measurement, and the flags of those that cross their threshold', () => {
    const night = activity(
      [hour('2025-06-30T02:00:00.000Z', { operations: 5, refused: 5 }), hour('2025-06-30T13:00:00.000Z', { operations: 4, refused: 0, distinctSubjects: 55 })],
      ['2025-06-30T02:00:00.000Z', '2025-06-30T02:01:00.000Z', '2025-06-30T02:02:00.000Z', '2025-06-30T02:03:00.000Z', '2025-06-30T02:04:00.000Z'],
    );
    const statistics = userStatistics(totals('investigator.li'), night, DEFAULTS);
    expect(statistics).toMatchObject({
      username: 'investigator.li',
      operations: 9,
      refused: 5,
      distinctSubjects: 60,
      maxDistinctSubjectsPerHour: 55,
      offHoursAccesses: 4,
      maxRefusedInBurstWindow: 5,
      flags: ['DISTINCT_SUBJECTS_PER_HOUR', 'OFF_HOURS_ACCESS', 'REFUSAL_BURST'],
    });
    expect(statistics.anomalies.map((anomaly) => anomaly.flag)).toEqual(statistics.flags);

    const quiet = userStatistics(totals('clerk.zhao'), activity([hour('2025-06-30T02:00:00.000Z', { distinctSubjects: 3 })]), DEFAULTS);
    expect(quiet).toMatchObject({ maxDistinctSubjectsPerHour: 3, offHoursAccesses: 0, maxRefusedInBurstWindow: 0, flags: [], anomalies: [] });
  });

  it('orders users most flags first, then by username', () => {
    const stats = (username: string, hours: HourActivity[]) => userStatistics(totals(username), activity(hours), DEFAULTS);
    const late = [hour('2025-06-30T13:00:00.000Z')];
    const lateAndBusy = [hour('2025-06-30T13:00:00.000Z', { distinctSubjects: 80 })];
    const ordered = [stats('b.quiet', []), stats('c.late', late), stats('a.quiet', []), stats('z.both', lateAndBusy), stats('a.late', late)]
      .sort(byConcern)
      .map((user) => user.username);
    expect(ordered).toEqual(['z.both', 'a.late', 'c.late', 'a.quiet', 'b.quiet']);
  });
});
