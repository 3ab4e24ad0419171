/**
 * Progress of one agency's load, counted in the persons and enterprises its table walks pass and
 * reported as a share of the persons, e.g. `police: 250,000 / 1,000,000 persons`, every tenth.
 * Small runs finish too fast to need it.
 */
export const PROGRESS_MIN_PERSONS = 100_000;
const STEPS = 10;

export interface ProgressMeter {
  /** Call once per person or enterprise walked. */
  readonly tick: () => void;
}

export function createProgressMeter(
  agency: string,
  totalUnits: number,
  persons: number,
  report: ((line: string) => void) | undefined,
): ProgressMeter {
  if (!report || persons < PROGRESS_MIN_PERSONS || totalUnits === 0) return { tick: () => undefined };
  let done = 0;
  let step = 1;
  let nextReport = Math.ceil((totalUnits * step) / STEPS);
  return {
    tick: () => {
      done++;
      if (done < nextReport) return;
      const shown = Math.round((persons * step) / STEPS);
      report(`${agency}: ${shown.toLocaleString('en')} / ${persons.toLocaleString('en')} persons`);
      step++;
      nextReport = step > STEPS ? Number.POSITIVE_INFINITY : Math.ceil((totalUnits * step) / STEPS);
    },
  };
}
