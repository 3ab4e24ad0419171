import { createAdmissionGate } from '../../gateway/admission/admissionGate';

/** A response that finishes when the test says so. */
function response() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { finished, finish };
}

describe('the admission gate', () => {
  it('runs at most maxInFlight at once and admits the next when one finishes', async () => {
    const gate = createAdmissionGate({ maxInFlight: 2, maxQueued: 10, queueTimeoutMs: 5_000 });
    const [a, b, c] = [response(), response(), response()];
    expect(await gate.admit(a.finished)).toBe(true);
    expect(await gate.admit(b.finished)).toBe(true);
    let thirdAdmitted: boolean | undefined;
    const third = gate.admit(c.finished).then((admitted) => (thirdAdmitted = admitted));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thirdAdmitted).toBeUndefined();
    expect(gate.inFlight).toBe(2);
    expect(gate.queued).toBe(1);
    a.finish();
    await third;
    expect(thirdAdmitted).toBe(true);
    b.finish();
    c.finish();
  });

  it('refuses at once when the queue is full', async () => {
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 1, queueTimeoutMs: 5_000 });
    const [a, b, c] = [response(), response(), response()];
    expect(await gate.admit(a.finished)).toBe(true);
    const waiting = gate.admit(b.finished);
    const started = Date.now();
    expect(await gate.admit(c.finished)).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
    a.finish();
    expect(await waiting).toBe(true);
    b.finish();
  });

  it('refuses a request that waited past the queue timeout, and its turn is not lost to the others', async () => {
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 10, queueTimeoutMs: 50 });
    const [a, b, c] = [response(), response(), response()];
    expect(await gate.admit(a.finished)).toBe(true);
    expect(await gate.admit(b.finished)).toBe(false);
    const next = gate.admit(c.finished);
    a.finish();
    expect(await next).toBe(true);
    expect(gate.inFlight).toBe(1);
    c.finish();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(gate.inFlight).toBe(0);
  });

  it('frees the slot when the response fails as when it succeeds', async () => {
    const gate = createAdmissionGate({ maxInFlight: 1, maxQueued: 10, queueTimeoutMs: 1_000 });
    expect(await gate.admit(Promise.reject(new Error('connection reset')))).toBe(true);
    expect(await gate.admit(Promise.resolve())).toBe(true);
  });
});
