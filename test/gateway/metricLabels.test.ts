import { codeLabeller, MAX_CODES, outcomeOf, purposeLabel } from '../../gateway/observability/metricLabels';

describe('metric labels stay bounded and impersonal', () => {
  test('a purpose is one of policies/ or unknown, whatever the caller wrote', () => {
    expect(purposeLabel('fraud-investigation')).toBe('fraud-investigation');
    for (const written of [undefined, '', 'Fraud-Investigation', 'snoop-330110197803150018', 'x'.repeat(10_000), '__proto__', 'constructor'])
      expect(purposeLabel(written)).toBe('unknown');
  });

  test('codes: upper-case constants, at most MAX_CODES distinct, the rest OTHER', () => {
    const label = codeLabeller();
    expect(label('FORBIDDEN_FIELDS')).toBe('FORBIDDEN_FIELDS');
    for (const odd of ['330110197803150018', 'forbidden', 'A', 'CODE WITH SPACE', `X${'Y'.repeat(60)}`, '王建国']) expect(label(odd)).toBe('OTHER');
    for (let index = 0; index < MAX_CODES * 2; index += 1) label(`INVENTED_${index}`);
    expect(label('INVENTED_0')).toBe('INVENTED_0');
    expect(label(`INVENTED_${MAX_CODES * 2 - 1}`)).toBe('OTHER');
    // One seen before the cap keeps its label.
    expect(label('FORBIDDEN_FIELDS')).toBe('FORBIDDEN_FIELDS');
  });

  test('outcomes: ok, partial, refused (the caller), failed (ours)', () => {
    expect(outcomeOf([], true)).toBe('ok');
    expect(outcomeOf(['SUBGRAPH_UNAVAILABLE'], true)).toBe('partial');
    expect(outcomeOf(['FORBIDDEN_FIELDS'], false)).toBe('refused');
    expect(outcomeOf(['AUDIT_UNAVAILABLE'], false)).toBe('failed');
    expect(outcomeOf(['INTERNAL_SERVER_ERROR'], false)).toBe('failed');
    expect(outcomeOf(['REQUEST_TIMEOUT'], false)).toBe('failed');
    // Load shed at the door is a deliberate refusal; its code says why.
    expect(outcomeOf(['GATEWAY_OVERLOADED'], false)).toBe('refused');
  });
});
