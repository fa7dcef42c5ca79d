/** Registers every scheduler policy by the name a scenario uses. */
import './credit.js';
import './credit2.js';
import './null.js';
import './rr.js';
import './rtds.js';
import './sedf.js';
import './bvt.js';
