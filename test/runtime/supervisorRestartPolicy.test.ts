import { decideRestart, DEFAULT_RESTART_POLICY as policy } from '../../runtime/supervisorRestartPolicy';

/** When the supervisor restarts a crashed child, and when it gives up. */
describe('decideRestart', () => {
  it('doubles the wait after each fast crash, up to the maximum', () => {
    let fastCrashes = 0;
    const delays: number[] = [];
    for (let crash = 0; crash < policy.maxFastCrashes - 1; crash += 1) {
      const decision = decideRestart({ ...policy, maxFastCrashes: 100 }, fastCrashes, 10);
      if (decision.action !== 'restart') throw new Error('expected a restart');
      delays.push(decision.delayMs);
      fastCrashes = decision.fastCrashes;
    }
    expect(delays).toEqual([250, 500, 1_000, 2_000]);
    expect(decideRestart(policy, 20, policy.stableAfterMs - 1)).toMatchObject({ action: 'give-up' });
    expect(decideRestart({ ...policy, maxFastCrashes: 100 }, 20, 10)).toMatchObject({ delayMs: policy.maxDelayMs });
  });

  it('starts again from the first delay after a run that lasted', () => {
    expect(decideRestart(policy, 3, policy.stableAfterMs)).toEqual({ action: 'restart', delayMs: policy.initialDelayMs, fastCrashes: 0 });
  });

  it('gives up after the configured number of fast crashes in a row', () => {
    expect(decideRestart(policy, policy.maxFastCrashes - 2, 100)).toMatchObject({ action: 'restart' });
    expect(decideRestart(policy, policy.maxFastCrashes - 1, 100)).toEqual({ action: 'give-up', fastCrashes: policy.maxFastCrashes });
  });
});
