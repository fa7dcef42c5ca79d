/** The simulation kernel: clock, pending events, run loop, random streams. Knows nothing of Xen. */
export { EventQueue } from './event-queue.js';
export { Simulator, type Handler, type RunLimits, type StopReason } from './simulator.js';
export { RandomStream, RandomStreams } from './random.js';
