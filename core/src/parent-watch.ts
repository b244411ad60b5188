/**
 * Calls `onGone` once when the process that started this one exits (its parent pid changes as the
 * process is re-parented), so processes run by `npm start` never outlive it, even when it was killed
 * with SIGKILL. Where the parent never goes (pid 1 in a container, a service manager) it never fires.
 */
export function onParentExit(onGone: () => void, intervalMs = 1_000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
