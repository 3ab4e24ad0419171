import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { RunningSystem } from '../../runtime/system';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';
import { launchChromium } from './browserSupport';
import { buildWebPages, startWebHarness, type RunningWeb } from './webHarness';

/** The pages built from the current sources, the whole system on the test server, the pages' origin, a browser. */
export interface WebSystem {
  system: RunningSystem;
  web: RunningWeb;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startWebSystem(label: string): Promise<WebSystem> {
  const prefix = `gg_${label}_${process.pid}`;
  const distDirectory = await buildWebPages();
  const cleanups: (() => Promise<unknown>)[] = [() => rm(distDirectory, { recursive: true, force: true })];
  const stop = async () => {
    while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
  };
  try {
    cleanups.push(() => dropSystemDatabases(prefix));
    const system = await startTestSystem(prefix, { seedPersons: 200 });
    cleanups.push(() => system.stop());
    const web = await startWebHarness(system, distDirectory);
    cleanups.push(() => web.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    return { system, web, browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
