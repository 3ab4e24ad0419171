import { humanLogLine } from '@govgraph/observability';

describe('humanLogLine (npm start on a terminal)', () => {
  test('shows a pino line as time, level, component, message and the other fields', () => {
    const line = JSON.stringify({ level: 30, time: '2026-12-01T14:55:01.123Z', pid: 7, component: 'gateway', msg: 'request', purpose: 'dispute-resolution', ms: 12.5, codes: ['A'] });
    expect(humanLogLine(line)).toBe('14:55:01 INFO  [gateway] request  purpose=dispute-resolution ms=12.5 codes=["A"]');
  });

  test('leaves anything that is not a pino line as it is', () => {
    for (const line of ['[govgraph] ready in 3.1 s', '{not json', JSON.stringify({ hello: 'world' })]) expect(humanLogLine(line)).toBe(line);
  });
});
