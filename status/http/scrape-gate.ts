/**
 * Keeps a burst of scrapes from starving the probes: concurrent scrapes share one render (the
 * first starts it, the others await the same text), and beyond `maxConcurrent` scrapes in flight
 * the rest are turned away (503) without rendering anything. A render is never reused once it
 * has settled: every scrape after it sees the model as it is then.
 */
export interface ScrapeGate {
  /** A slot for one scrape, released by calling the function returned; undefined when full. */
  enter(): (() => void) | undefined;
  /** The current render, started now or joined. */
  render(): Promise<string>;
  readonly inFlight: number;
}

export function createScrapeGate(render: () => Promise<string>, maxConcurrent: number): ScrapeGate {
  let inFlight = 0;
  let current: Promise<string> | undefined;
  return {
    enter() {
      if (inFlight >= maxConcurrent) return undefined;
      inFlight += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
      };
    },
    render() {
      if (current !== undefined) return current;
      const started = render().finally(() => {
        current = undefined;
      });
      current = started;
      return started;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
