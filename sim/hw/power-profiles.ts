/**
 * Named server power profiles, for `host.power.profile` in a scenario.
 *
 * SPECpower_ssj2008 results (average watts at 0 %, 10 %, … 100 % of load), copied
 * from ../shared/data/power/specpower.csv — which tabulates them as CloudSim's power
 * models do — with each result id kept in `source`. Names are the model in lowercase
 * with dashes (plus the CPU where one model appears with two CPUs).
 *
 * Then two servers of 2005, the era of the talk's consolidation story, as straight
 * lines from idle to max watts. SPECpower only began publishing in late 2007, so no
 * measured curve exists for them: these figures are ESTIMATES, stated as such.
 */
import { linearCurve } from './power.js';

export interface PowerProfile {
  name: string;
  server: string;
  cpu: string;
  /** Watts at 0, 10, … 100 % load (11 points). */
  curveW: number[];
  source: string;
}

const profile = (name: string, server: string, cpu: string, curveW: number[], source: string): PowerProfile => ({ name, server, cpu, curveW, source });

export const POWER_PROFILES: PowerProfile[] = [
  // specpower.csv row 1 (CloudSim PowerModelSpecPowerHpProLiantMl110G3PentiumD930).
  profile('hp-proliant-ml110-g3', 'HP ProLiant ML110 G3', 'Pentium D 930', [105, 112, 118, 125, 131, 137, 147, 153, 157, 164, 169], 'SPECpower_ssj2008 result power_ssj2008-20110127-00342 (as used by CloudSim PowerModelSpecPowerHpProLiantMl110G3PentiumD930)'),
  // specpower.csv gives the same result id as the G3 row; kept as the file says.
  profile('hp-proliant-ml110-g4', 'HP ProLiant ML110 G4', 'Xeon 3040', [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117], 'SPECpower_ssj2008 result power_ssj2008-20110127-00342 (as listed in specpower.csv; CloudSim PowerModelSpecPowerHpProLiantMl110G4Xeon3040)'),
  profile('hp-proliant-ml110-g5', 'HP ProLiant ML110 G5', 'Xeon 3075', [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135], 'SPECpower_ssj2008 result power_ssj2008-20110124-00339 (CloudSim PowerModelSpecPowerHpProLiantMl110G5Xeon3075)'),
  profile('ibm-x3250-x3470', 'IBM x3250', 'Xeon X3470', [41.6, 46.7, 52.3, 57.9, 65.4, 73, 80.7, 89.5, 99.6, 105, 113], 'SPECpower_ssj2008 result power_ssj2008-20091104-00213 (CloudSim PowerModelSpecPowerIbmX3250XeonX3470)'),
  profile('ibm-x3250-x3480', 'IBM x3250', 'Xeon X3480', [42.3, 46.7, 49.7, 55.4, 61.8, 69.3, 76.1, 87, 96.1, 106, 113], 'SPECpower_ssj2008 result power_ssj2008-20101001-00297 (CloudSim PowerModelSpecPowerIbmX3250XeonX3480)'),
  profile('ibm-x3550-x5670', 'IBM x3550', 'Xeon X5670', [66, 107, 120, 131, 143, 156, 173, 191, 211, 229, 247], 'SPECpower_ssj2008 result power_ssj2008-20100315-00239 (CloudSim PowerModelSpecPowerIbmX3550XeonX5670)'),
  profile('ibm-x3550-x5675', 'IBM x3550', 'Xeon X5675', [58.4, 98, 109, 118, 128, 140, 153, 170, 189, 205, 222], 'SPECpower_ssj2008 result power_ssj2008-20110406-00368 (CloudSim PowerModelSpecPowerIbmX3550XeonX5675)'),

  // ESTIMATE: a 2005 1U single-socket Pentium 4 (2.8 GHz, NetBurst) server, the class of
  // box the talk's guests ran on before consolidation. ≈ 140 W idle, 220 W flat out at
  // the wall: NetBurst idled at a large fraction of peak (no deep C-states), which an
  // idle/max ratio of ~0.64 reflects. Not a measurement.
  profile('p4-1u-2005', '1U Pentium 4 server (2005)', 'Pentium 4 2.8 GHz', linearCurve(140, 220), 'estimate (no SPECpower results before December 2007): 140 W idle, 220 W at full load'),
  // ESTIMATE: a 2005 2U dual-socket Xeon (Nocona/Irwindale, 3.x GHz) server with several
  // SCSI disks — the typical consolidation target or larger pre-consolidation host of the
  // time. ≈ 200 W idle, 320 W at full load at the wall. Not a measurement.
  profile('dual-xeon-2u-2005', '2U dual Xeon server (2005)', '2 × Xeon 3.2 GHz (Nocona)', linearCurve(200, 320), 'estimate (no SPECpower results before December 2007): 200 W idle, 320 W at full load'),
];

export function powerProfile(name: string): PowerProfile | undefined {
  return POWER_PROFILES.find((p) => p.name === name);
}
