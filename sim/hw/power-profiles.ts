/**
 * Named server power profiles: SPECpower_ssj2008 results (watts at 0, 10, … 100 %
 * load) as tabulated in CloudSim's power models, from ../shared/data/power/specpower.csv,
 * plus idle/max figures for the 2005-era servers of the talk's consolidation story.
 */
export interface PowerProfile {
  name: string;
  server: string;
  cpu: string;
  curveW: number[];
  source: string;
}

const spec = (name: string, server: string, cpu: string, curveW: number[], source: string): PowerProfile => ({ name, server, cpu, curveW, source });
const linear = (idle: number, max: number): number[] => Array.from({ length: 11 }, (_, i) => idle + ((max - idle) * i) / 10);

export const POWER_PROFILES: PowerProfile[] = [
  spec('hp-proliant-ml110-g3', 'HP ProLiant ML110 G3', 'Pentium D 930', [105, 112, 118, 125, 131, 137, 147, 153, 157, 164, 169], 'SPECpower_ssj2008 power_ssj2008-20110127-00342 (CloudSim PowerModelSpecPowerHpProLiantMl110G3PentiumD930)'),
  spec('hp-proliant-ml110-g4', 'HP ProLiant ML110 G4', 'Xeon 3040', [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117], 'SPECpower_ssj2008 power_ssj2008-20110127-00342'),
  spec('hp-proliant-ml110-g5', 'HP ProLiant ML110 G5', 'Xeon 3075', [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135], 'SPECpower_ssj2008 power_ssj2008-20110124-00339'),
  spec('ibm-x3250-x3470', 'IBM x3250', 'Xeon X3470', [41.6, 46.7, 52.3, 57.9, 65.4, 73, 80.7, 89.5, 99.6, 105, 113], 'SPECpower_ssj2008 power_ssj2008-20091104-00213'),
  spec('ibm-x3250-x3480', 'IBM x3250', 'Xeon X3480', [42.3, 46.7, 49.7, 55.4, 61.8, 69.3, 76.1, 87, 96.1, 106, 113], 'SPECpower_ssj2008 power_ssj2008-20101001-00297'),
  spec('ibm-x3550-x5670', 'IBM x3550', 'Xeon X5670', [66, 107, 120, 131, 143, 156, 173, 191, 211, 229, 247], 'SPECpower_ssj2008 power_ssj2008-20100315-00239'),
  spec('ibm-x3550-x5675', 'IBM x3550', 'Xeon X5675', [58.4, 98, 109, 118, 128, 140, 153, 170, 189, 205, 222], 'SPECpower_ssj2008 power_ssj2008-20110406-00368'),
  // ESTIMATE: a 2005 1U Pentium 4 server (e.g. a Dell PowerEdge 850 class box). No SPECpower
  // result exists for that era (SPECpower started in 2007); P4 servers drew roughly 140 W idle and
  // 220 W flat out at the wall — the figures the default greebo scenario uses.
  spec('p4-1u-2005', '1U Pentium 4 server (2005)', 'Pentium 4 2.8 GHz', linear(140, 220), 'estimate: no SPECpower results before 2007'),
];

export function powerProfile(name: string): PowerProfile | undefined {
  return POWER_PROFILES.find((p) => p.name === name);
}
