/** Registers every scheduler policy by the name a scenario uses. */
import './credit.js';
import './rr.js';
import './credit2.js';
