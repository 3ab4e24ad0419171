import { FULL_RELOAD_EVERY, startAgreementDirectory, type AgreementSource } from '../../../gateway/agreements/agreementDirectory';
import type { AgreedOperationRow } from '../../../gateway/agreements/agreedOperation';
import { checkAgreement } from '../../../gateway/agreements/checkAgreement';
import { sha256Hex } from '../../../gateway/agreements/directorySnapshot';

/**
 * The directory's life over a source that can fail and notify (the store's two functions; its real
 * PostgreSQL path is test/system/agreementEnforcement.test.ts): fail closed until the first load, keep the
 * last snapshot through an outage, reload on a notification, and never miss one that arrives mid-load.
 */
const DOCUMENT = 'query Desk($id: ID!) { fraudCase(id: $id) { id } }';
const day = 86_400_000;

function row(agreementId: string, revokedAt: Date | null = null): AgreedOperationRow {
  return {
    agreementId, clientId: 'app-anti-fraud', purpose: 'fraud-investigation', legalBasis: [], operationName: 'Desk',
    documentHash: sha256Hex(DOCUMENT), document: DOCUMENT, validFrom: new Date(Date.now() - day), validTo: new Date(Date.now() + day), revokedAt,
  };
}

/** A source whose answers the test scripts: rows, or an outage. */
function scriptedSource() {
  let rows: AgreedOperationRow[] | Error = new Error('connection refused');
  let notify: (() => void) | undefined;
  let loads = 0;
  let gate: Promise<void> | undefined;
  const source: AgreementSource = {
    async load() {
      loads += 1;
      // What the database held when the read began: a change after that is the next load's.
      const answer = rows;
      await gate;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async listen(onChange) {
      notify = onChange;
      return async () => {
        notify = undefined;
      };
    },
  };
  return {
    source,
    set: (next: AgreedOperationRow[] | Error) => (rows = next),
    notify: () => notify?.(),
    loads: () => loads,
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const request = { clientId: 'app-anti-fraud', serviceAccount: true, purpose: 'fraud-investigation', documentHash: sha256Hex(DOCUMENT), variables: ['id'] };
const quiet = () => undefined;

describe('the agreement directory', () => {
  it('has no snapshot until the first load succeeds, so the check fails closed', async () => {
    const scripted = scriptedSource();
    const directory = await startAgreementDirectory({ source: scripted.source, pollIntervalMs: 60_000, log: quiet });
    try {
      expect(directory.snapshot()).toBeUndefined();
      expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: false, code: 'AGREEMENTS_UNAVAILABLE' });
      scripted.set([row('a-1')]);
      await directory.refresh();
      expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: true, agreementId: 'a-1' });
    } finally {
      await directory.close();
    }
  });

  it('keeps the last snapshot through an outage, and still judges expiry by the clock', async () => {
    const scripted = scriptedSource();
    const validTo = new Date(Date.now() + 200);
    scripted.set([{ ...row('a-1'), validTo }]);
    const directory = await startAgreementDirectory({ source: scripted.source, pollIntervalMs: 60_000, log: quiet });
    try {
      scripted.set(new Error('server closed the connection'));
      await directory.refresh();
      const stale = directory.snapshot();
      expect(checkAgreement(stale, { ...request, now: new Date() })).toMatchObject({ ok: true });
      expect(checkAgreement(stale, { ...request, now: validTo })).toMatchObject({ ok: false, code: 'AGREEMENT_EXPIRED' });
    } finally {
      await directory.close();
    }
  });

  it('reloads on a notification, and loads once more for one that arrives during a load', async () => {
    const scripted = scriptedSource();
    scripted.set([row('a-1')]);
    const directory = await startAgreementDirectory({ source: scripted.source, pollIntervalMs: 60_000, log: quiet });
    try {
      const release = scripted.hold();
      scripted.notify();
      const during = scripted.loads();
      // Revoked while the first reload is still reading: the notification must not be lost.
      scripted.set([row('a-1', new Date(Date.now() - 1))]);
      scripted.notify();
      scripted.notify();
      release();
      await directory.refresh();
      expect(scripted.loads()).toBe(during + 1);
      expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: false, code: 'AGREEMENT_REVOKED' });
    } finally {
      await directory.close();
    }
  });

  it('polls when no notification comes', async () => {
    const scripted = scriptedSource();
    scripted.set([row('a-1')]);
    const directory = await startAgreementDirectory({ source: scripted.source, pollIntervalMs: 50, log: quiet });
    try {
      scripted.set([row('a-1', new Date(Date.now() - 1))]);
      const deadline = Date.now() + 2_000;
      while (checkAgreement(directory.snapshot(), { ...request, now: new Date() }).ok && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: false, code: 'AGREEMENT_REVOKED' });
    } finally {
      await directory.close();
    }
  });

  describe('with a fingerprint of the store', () => {
    /** The scripted source with a fingerprint the test sets, as agreementsFingerprint would change it. */
    function fingerprinted() {
      const scripted = scriptedSource();
      let fingerprint = 'v1';
      const reads: string[] = [];
      const source: AgreementSource = {
        ...scripted.source,
        async fingerprint() {
          reads.push(fingerprint);
          return fingerprint;
        },
      };
      return { ...scripted, source, reads, setFingerprint: (next: string) => (fingerprint = next) };
    }

    it('reloads only when the fingerprint changed', async () => {
      const scripted = fingerprinted();
      scripted.set([row('a-1')]);
      const directory = await startAgreementDirectory({ source: scripted.source, pollIntervalMs: 60_000, log: quiet });
      try {
        const first = scripted.loads();
        await directory.refresh();
        await directory.refresh();
        expect(scripted.loads()).toBe(first);
        expect(scripted.reads.length).toBeGreaterThanOrEqual(3);
        scripted.set([row('a-1', new Date(Date.now() - 1))]);
        scripted.setFingerprint('v2');
        await directory.refresh();
        expect(scripted.loads()).toBe(first + 1);
        expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: false, code: 'AGREEMENT_REVOKED' });
      } finally {
        await directory.close();
      }
    });

    it('reloads again after a change that landed between reading the fingerprint and the rows', async () => {
      const scripted = fingerprinted();
      scripted.set([row('a-1')]);
      const directory = await startAgreementDirectory({ source: scripted.source, pollIntervalMs: 60_000, log: quiet });
      try {
        const loaded = scripted.loads();
        // The fingerprint is read as 'v2', then a revocation commits ('v3') before the rows are read.
        scripted.setFingerprint('v2');
        const release = scripted.hold();
        const reload = directory.refresh();
        await new Promise((resolve) => setImmediate(resolve));
        scripted.setFingerprint('v3');
        scripted.set([row('a-1', new Date(Date.now() - 1))]);
        release();
        await reload;
        // This load read the rows before the revocation; the snapshot is filed under 'v2', so the next refresh reloads.
        await directory.refresh();
        expect(scripted.loads()).toBe(loaded + 2);
        expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: false, code: 'AGREEMENT_REVOKED' });
      } finally {
        await directory.close();
      }
    });

    it(`reloads every ${FULL_RELOAD_EVERY}th refresh whatever the fingerprint says: a change made with the triggers off is seen`, async () => {
      const scripted = fingerprinted();
      scripted.set([row('a-1')]);
      const directory = await startAgreementDirectory({ source: scripted.source, pollIntervalMs: 60_000, log: quiet });
      try {
        const loaded = scripted.loads();
        // An owner revokes by hand with the triggers disabled: the counts, and so the fingerprint, do not move.
        scripted.set([row('a-1', new Date(Date.now() - 1))]);
        for (let refresh = 1; refresh < FULL_RELOAD_EVERY; refresh += 1) await directory.refresh();
        expect(scripted.loads()).toBe(loaded);
        expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: true });
        await directory.refresh();
        expect(scripted.loads()).toBe(loaded + 1);
        expect(checkAgreement(directory.snapshot(), { ...request, now: new Date() })).toMatchObject({ ok: false, code: 'AGREEMENT_REVOKED' });
      } finally {
        await directory.close();
      }
    });
  });
});
