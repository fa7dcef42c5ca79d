/** The headline line (`1.38% cpu utilisation over 42 days`): the same rule the simulator uses. */
export { summaryLine, spanText } from '../sim/stats/summary.js';
