/**
 * Where the application reads the time of day: inject Clock instead of calling `new Date()`, so that
 * "today" (norm clocks, dashboards, freshness) is one decision a test can fix. Durations (how long a
 * job took) and caches may still read the system time.
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The real time: what every process runs with. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Always the same instant: for tests whose fixtures are dated relative to it. */
export class FixedClock extends Clock {
  constructor(private readonly instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }
}
