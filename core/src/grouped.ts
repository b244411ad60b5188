/**
 * Group commit for one kind of statement. A call runs at once while fewer than `maxParallel` of its
 * statements are in flight; calls that arrive meanwhile wait for one to end and then go together, up
 * to `maxBatch` of them in one statement. Nobody waits for a timer: a lone call costs what it did, and
 * under load many calls share one round trip. When a grouped statement fails, each call of the group
 * is tried alone, so one bad input fails only its own caller.
 */
export function grouped<I, O>(run: (inputs: I[]) => Promise<O[]>, { maxParallel = 2, maxBatch = 100 } = {}): (input: I) => Promise<O> {
  const queued: Array<{ input: I; resolve: (output: O) => void; reject: (error: unknown) => void }> = [];
  let running = 0;
  const flush = () => {
    if (running >= maxParallel || queued.length === 0) return;
    const batch = queued.splice(0, maxBatch);
    running += 1;
    void run(batch.map((entry) => entry.input))
      .then(
        (outputs) => batch.forEach((entry, i) => entry.resolve(outputs[i]!)),
        async (error: unknown) => {
          if (batch.length === 1) return batch[0]!.reject(error);
          for (const entry of batch) await run([entry.input]).then(([output]) => entry.resolve(output!), entry.reject);
        },
      )
      .finally(() => {
        running -= 1;
        flush();
      });
  };
  return (input) =>
    new Promise<O>((resolve, reject) => {
      queued.push({ input, resolve, reject });
      // Calls made in the same turn of the event loop go together from the start.
      if (running < maxParallel) setImmediate(flush);
    });
}
