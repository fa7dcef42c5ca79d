/**
 * Ctrl-C for simulations on worker threads: the first SIGINT raises a flag in shared
 * memory that the runs poll (they stop early with a consistent partial Result), the
 * second exits at once with 130, as shells expect. Returns the flag and the function
 * that stops listening.
 */
export function stopOnSigint(onInterrupt?: () => void): { stopFlag: Int32Array; release: () => void } {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    Atomics.store(stopFlag, 0, 1);
    onInterrupt?.();
  };
  process.on('SIGINT', onSigint);
  return { stopFlag, release: () => process.removeListener('SIGINT', onSigint) };
}
