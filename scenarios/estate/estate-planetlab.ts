/**
 * The estate scenario of issue #21 part 4: CloudSim 3.0.3's PlanetLab power example
 * (org.cloudbus.cloudsim.examples.power.planetlab) as a xensim `hosts:` scenario —
 * 800 HP ProLiant ML110 hosts (G4 and G5 alternately), 1,052 guests of four types
 * replaying the PlanetLab traces of 3 March 2011, placed by the example's rule.
 *
 * `estateScenarioYaml(options)` returns the scenario text (deterministic: the same
 * options give the same bytes); `generate-estate-planetlab.ts` writes
 * scenarios/estate-planetlab.yaml with the defaults, and tests build small estates
 * (`{ hosts: 10, guests: 13 }`) from it in memory. docs/estate.md explains the mapping.
 *
 * Sources (Cloudslab/cloudsim, tag cloudsim-3.0.3, commit 46c46604a021c4cbb54a4dac812e91f89d6c495c):
 *   modules/cloudsim-examples/src/main/java/org/cloudbus/cloudsim/examples/power/
 *     Constants.java            VM_TYPES, VM_MIPS, VM_PES, VM_RAM, VM_BW, VM_SIZE, HOST_* (lines 40–63)
 *     Helper.java               createVmList (vmType, line 67), createHostList (hostType, line 94)
 *     planetlab/PlanetLabConstants.java   NUMBER_OF_HOSTS = 800 (line 17)
 *     planetlab/PlanetLabHelper.java      one cloudlet (VM) per trace file (lines 46–67)
 *     planetlab/NonPowerAware.java        new PowerVmAllocationPolicySimple(hostList) (line 68)
 *   modules/cloudsim/src/main/java/org/cloudbus/cloudsim/
 *     power/PowerVmAllocationPolicyAbstract.java  findHostForVm: first host isSuitableForVm (lines 88–95)
 *     Host.java                   isSuitableForVm (lines 188–193), vmCreate (203–235)
 *     Vm.java                     getCurrentRequestedMips while being instantiated = full MIPS (153–162),
 *                                 getCurrentRequestedRam / Bw likewise (197–214)
 */

/** CloudSim's Constants.java (3.0.3), lines 40–57. */
export const CLOUDSIM = {
  VM_TYPES: 4,
  VM_MIPS: [2500, 2000, 1000, 500],
  VM_PES: [1, 1, 1, 1],
  VM_RAM: [870, 1740, 1740, 613],
  VM_BW: 100000,
  VM_SIZE: 2500,
  HOST_TYPES: 2,
  HOST_MIPS: [1860, 2660],
  HOST_PES: [2, 2],
  HOST_RAM: [4096, 4096],
  HOST_BW: 1000000,
  HOST_STORAGE: 1000000,
  /** planetlab/PlanetLabConstants.java line 17. */
  NUMBER_OF_HOSTS: 800,
  /** The number of trace files of 20110303 in CloudSim's resources (workload/planetlab/20110303). */
  NUMBER_OF_VMS: 1052,
  SCHEDULING_INTERVAL_S: 300,
} as const;

/** xensim's power profiles for CloudSim's HOST_POWER (PowerModelSpecPowerHpProLiantMl110G4Xeon3040, …G5Xeon3075). */
export const HOST_PROFILES = ['hp-proliant-ml110-g4', 'hp-proliant-ml110-g5'] as const;
export const HOST_LABELS = ['g4', 'g5'] as const;

/** The 60 trace files of 20110303 bundled in scenarios/traces/planetlab/20110303, sorted. */
export const PLANETLAB_20110303 = [
  '146-179_surfsnel_dsl_internl_net_colostate_557',
  '146-179_surfsnel_dsl_internl_net_rnp_dcc_ufjf',
  '146-179_surfsnel_dsl_internl_net_root',
  '146-179_surfsnel_dsl_internl_net_tsinghua_xyz',
  '146-179_surfsnel_dsl_internl_net_uw_oneswarm',
  '147-179_surfsnel_dsl_internl_net_tsinghua_xyz',
  '147-179_surfsnel_dsl_internl_net_uw_oneswarm',
  '75-130-96-12_static_oxfr_ma_charter_com_irisaple_wup',
  '75-130-96-12_static_oxfr_ma_charter_com_root',
  '75-130-96-12_static_oxfr_ma_charter_com_tsinghua_xyz',
  'ait05_us_es_irisaple_wup',
  'ait05_us_es_princeton_codeen',
  'ait05_us_es_root',
  'ait05_us_es_uw_oneswarm',
  'aladdin_planetlab_extranet_uni-passau_de__rnp_dcc_ufjf',
  'aladdin_planetlab_extranet_uni-passau_de_tsinghua_xyz',
  'aladdin_planetlab_extranet_uni-passau_de_uw_oneswarm',
  'aladdin_planetlab_extranet_uni-passau_de_uw_trs2',
  'chimay_infonet_fundp_ac_be_irisaple_HEAP',
  'chimay_infonet_fundp_ac_be_tsinghua_xyz',
  'chimay_infonet_fundp_ac_be_tum_i2p',
  'chimay_infonet_fundp_ac_be_uw_oneswarm',
  'chronos_disy_inf_uni-konstanz_de_nyu_d',
  'chronos_disy_inf_uni-konstanz_de_root',
  'chronos_disy_inf_uni-konstanz_de_tsinghua_xyz',
  'chronos_disy_inf_uni-konstanz_de_tum_i2p',
  'chronos_disy_inf_uni-konstanz_de_uw_oneswarm',
  'cs-planetlab3_cs_surrey_sfu_ca_tsinghua_xyz',
  'cs-planetlab3_cs_surrey_sfu_ca_usf_mobius_dm',
  'cs-planetlab3_cs_surrey_sfu_ca_uw_oneswarm',
  'cs-planetlab4_cs_surrey_sfu_ca_root',
  'cs-planetlab4_cs_surrey_sfu_ca_tsinghua_xyz',
  'cs-planetlab4_cs_surrey_sfu_ca_uw_oneswarm',
  'csplanetlab2_kaist_ac_kr_irisaple_wup',
  'csplanetlab2_kaist_ac_kr_nyu_d',
  'csplanetlab2_kaist_ac_kr_princeton_codeen',
  'csplanetlab2_kaist_ac_kr_root',
  'csplanetlab2_kaist_ac_kr_tsinghua_xyz',
  'csplanetlab2_kaist_ac_kr_uka_p2pns',
  'csplanetlab2_kaist_ac_kr_utokyo_sora',
  'csplanetlab2_kaist_ac_kr_uw_oneswarm',
  'csplanetlab2_kaist_ac_kr_uw_seattle',
  'csplanetlab2_kaist_ac_kr_uw_trs2',
  'dannan_disy_inf_uni-konstanz_de_princeton_codeen',
  'dannan_disy_inf_uni-konstanz_de_root',
  'dannan_disy_inf_uni-konstanz_de_uw_oneswarm',
  'ds-pl1_technion_ac_il_root',
  'ds-pl1_technion_ac_il_uw_seattle',
  'ds-pl3_technion_ac_il_neclabs_neclc',
  'ds-pl3_technion_ac_il_root',
  'ds-pl3_technion_ac_il_tsinghua_xyz',
  'ds-pl3_technion_ac_il_uw_oneswarm',
  'dschinni_planetlab_extranet_uni-passau_de__rnp_dcc_ufjf',
  'dschinni_planetlab_extranet_uni-passau_de_root',
  'dschinni_planetlab_extranet_uni-passau_de_uw_oneswarm',
  'dschinni_planetlab_extranet_uni-passau_de_uw_trs2',
  'earth_cs_brown_edu_root',
  'earth_cs_brown_edu_uw_oneswarm',
  'eve_ee_ntu_edu_tw_colostate_557',
  'eve_ee_ntu_edu_tw_tsinghua_xyz',
];

export const TRACE_DIR = 'traces/planetlab/20110303';

/** Xen's own memory and Dom0's, added on top of CloudSim's 4,096 MB so its placement fits (CloudSim has neither). */
export const XEN_RESERVED_MB = 16;
export const DOM0_MB = 64;

/** Intervals between the starts of successive copies of one trace: 288 / 18 copies = 16 (80 min). */
export const COPY_STRIDE_INTERVALS = 16;

export interface EstateOptions {
  /** Hosts (CloudSim NUMBER_OF_HOSTS); default 800. */
  hosts?: number;
  /** Guests (CloudSim: one per trace file, 1,052); default 1052. */
  guests?: number;
  /** Seed of the scenario and of the guests' sub-second phases; default 1. */
  seed?: number;
  /** Run length; default 1d (CloudSim SIMULATION_LIMIT = 24 h). */
  duration?: string;
  /** Scenario name; default estate-planetlab (or estate-planetlab-<hosts>x<guests> when smaller). */
  name?: string;
  /** Trace replay period (`period:` of each workload, e.g. `5min`); default the loader's 1 s (not written). */
  period?: string;
  /** Sample interval (`sample:`, e.g. `5min`, CloudSim's step); default chosen by the run (not written). */
  sample?: string;
  /** Credit bookkeeping (`scheduler.bookkeeping`); default the scheduler's (not written). */
  bookkeeping?: 'lazy' | 'eager';
}

export interface HostType { mips: number; pes: number; ramMb: number; bw: number; storage: number }
export interface VmType { mips: number; pes: number; ramMb: number; bw: number; size: number }

/** Helper.createHostList, line 94: `int hostType = i % Constants.HOST_TYPES;` */
export function hostTypeOf(i: number): number {
  return i % CLOUDSIM.HOST_TYPES;
}

/** Helper.createVmList, line 67: `int vmType = i / (int) Math.ceil((double) vmsNumber / Constants.VM_TYPES);` */
export function vmTypeOf(i: number, vmsNumber: number): number {
  return Math.floor(i / Math.ceil(vmsNumber / CLOUDSIM.VM_TYPES));
}

export function hostType(t: number): HostType {
  return { mips: CLOUDSIM.HOST_MIPS[t], pes: CLOUDSIM.HOST_PES[t], ramMb: CLOUDSIM.HOST_RAM[t], bw: CLOUDSIM.HOST_BW, storage: CLOUDSIM.HOST_STORAGE };
}

export function vmType(t: number): VmType {
  return { mips: CLOUDSIM.VM_MIPS[t], pes: CLOUDSIM.VM_PES[t], ramMb: CLOUDSIM.VM_RAM[t], bw: CLOUDSIM.VM_BW, size: CLOUDSIM.VM_SIZE };
}

/**
 * CloudSim's initial placement in the NonPowerAware example (PowerVmAllocationPolicySimple):
 * the VMs in id order (DatacenterBroker.createVmsInDatacenter sends them in list order),
 * each to the FIRST host, in host-list order, for which Host.isSuitableForVm holds:
 *
 *   getVmScheduler().getPeCapacity() >= vm.getCurrentRequestedMaxMips()      (a PE's MIPS ≥ the VM's per-PE MIPS)
 *   && getVmScheduler().getAvailableMips() >= vm.getCurrentRequestedTotalMips()  (unreserved host MIPS ≥ the VM's total)
 *   && getRamProvisioner().isSuitableForVm(vm, vm.getCurrentRequestedRam())      (free RAM ≥ the VM's RAM)
 *   && getBwProvisioner().isSuitableForVm(vm, vm.getCurrentRequestedBw())        (free BW ≥ the VM's BW)
 *
 * and Host.vmCreate also needs storage ≥ the VM's size. At creation a VM "is being
 * instantiated", so Vm.getCurrentRequestedMips returns its full MIPS on every PE (not the
 * trace's first value), and its full RAM and BW; vmCreate then reserves them
 * (VmSchedulerTimeShared… availableMips −= requested). Returns each VM's host index, or −1
 * where no host is suitable (CloudSim then does not create that VM).
 */
export function placeFirstFit(hosts: HostType[], vms: VmType[]): number[] {
  const mips = hosts.map((h) => h.mips * h.pes);
  const ram = hosts.map((h) => h.ramMb);
  const bw = hosts.map((h) => h.bw);
  const storage = hosts.map((h) => h.storage);
  return vms.map((v) => {
    for (let k = 0; k < hosts.length; k++) {
      const h = hosts[k];
      if (h.mips >= v.mips && mips[k] >= v.mips * v.pes && ram[k] >= v.ramMb && bw[k] >= v.bw && storage[k] >= v.size) {
        mips[k] -= v.mips * v.pes;
        ram[k] -= v.ramMb;
        bw[k] -= v.bw;
        storage[k] -= v.size;
        return k;
      }
    }
    return -1;
  });
}

/** 32-bit integer hash (MurmurHash3's fmix32 of seed and index): the guests' sub-second phases. */
export function hash32(seed: number, i: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export interface EstateGuest {
  index: number;
  name: string;
  type: number;
  host: number;
  file: string;
  copy: number;
  /** Offset into the trace, in microseconds: copy × 16 intervals + a sub-second phase. */
  offsetUs: number;
}

export interface EstateHost {
  index: number;
  name: string;
  type: number;
}

export interface Estate {
  hosts: EstateHost[];
  guests: EstateGuest[];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The estate as data: hosts, guests, their types, trace, offset and placement. */
export function buildEstate(options: EstateOptions = {}): Estate {
  const nHosts = options.hosts ?? CLOUDSIM.NUMBER_OF_HOSTS;
  const nGuests = options.guests ?? CLOUDSIM.NUMBER_OF_VMS;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(nHosts) || nHosts < 1) throw new Error(`hosts must be a positive integer (got ${nHosts})`);
  if (!Number.isInteger(nGuests) || nGuests < 1) throw new Error(`guests must be a positive integer (got ${nGuests})`);
  const hw = Math.max(3, String(nHosts - 1).length);
  const gw = Math.max(4, String(nGuests - 1).length);
  const hosts: EstateHost[] = [];
  for (let i = 0; i < nHosts; i++) hosts.push({ index: i, name: `h${pad(i, hw)}-${HOST_LABELS[hostTypeOf(i)]}`, type: hostTypeOf(i) });
  const types = Array.from({ length: nGuests }, (_, i) => vmTypeOf(i, nGuests));
  const placement = placeFirstFit(hosts.map((h) => hostType(h.type)), types.map(vmType));
  const nFiles = PLANETLAB_20110303.length;
  const intervalUs = CLOUDSIM.SCHEDULING_INTERVAL_S * 1e6;
  const traceUs = 288 * intervalUs;
  const guests = types.map((type, i): EstateGuest => {
    if (placement[i] < 0) throw new Error(`guest ${i} (type ${type}: ${CLOUDSIM.VM_MIPS[type]} MIPS, ${CLOUDSIM.VM_RAM[type]} MB) fits no host by CloudSim's first-fit rule; give more hosts`);
    const copy = Math.floor(i / nFiles);
    const phaseUs = hash32(seed, i) % 1_000_000;
    const offsetUs = ((copy * COPY_STRIDE_INTERVALS * intervalUs) % traceUs) + phaseUs;
    return { index: i, name: `vm${pad(i, gw)}`, type, host: placement[i], file: PLANETLAB_20110303[i % nFiles], copy, offsetUs };
  });
  return { hosts, guests };
}

/** µs → a duration string the loader reads exactly: whole seconds and six decimals. */
export function offsetText(us: number): string {
  return `${Math.floor(us / 1e6)}.${pad(us % 1e6, 6)}s`;
}

const ghzText = (mips: number): string => (mips / 1000).toFixed(2);
const refText = (mips: number): string => String(mips / 1000);

/** The scenario YAML. Same options → same bytes. */
export function estateScenarioYaml(options: EstateOptions = {}): string {
  const nHosts = options.hosts ?? CLOUDSIM.NUMBER_OF_HOSTS;
  const nGuests = options.guests ?? CLOUDSIM.NUMBER_OF_VMS;
  const seed = options.seed ?? 1;
  const duration = options.duration ?? '1d';
  const full = nHosts === CLOUDSIM.NUMBER_OF_HOSTS && nGuests === CLOUDSIM.NUMBER_OF_VMS;
  const name = options.name ?? (full ? 'estate-planetlab' : `estate-planetlab-${nHosts}x${nGuests}`);
  const { hosts, guests } = buildEstate(options);
  const perType = Math.ceil(nGuests / CLOUDSIM.VM_TYPES);
  const used = new Set(guests.map((g) => g.host)).size;
  const hostMemMb = CLOUDSIM.HOST_RAM[0] + XEN_RESERVED_MB + DOM0_MB;
  const L: string[] = [];
  const args = full ? '' : ` --hosts ${nHosts} --guests ${nGuests}`;
  L.push(
    '# yaml-language-server: $schema=../docs/scenario.schema.json',
    `# ${name}: CloudSim 3.0.3's PlanetLab power example as a Xen estate — ${nHosts} HP ProLiant ML110 G4/G5 hosts, ${nGuests} guests`,
    '#',
    `# GENERATED by scenarios/estate/generate-estate-planetlab.ts${args}${seed !== 1 ? ` --seed ${seed}` : ''} (do not edit; test/scenario/estate-planetlab.test.ts`,
    '# checks the file equals the generator\'s output). See docs/estate.md.',
    '#',
    '# Source: Cloudslab/cloudsim, tag cloudsim-3.0.3 (commit 46c46604a021c4cbb54a4dac812e91f89d6c495c),',
    '# modules/cloudsim-examples/src/main/java/org/cloudbus/cloudsim/examples/power/:',
    '#   Constants.java  VM_MIPS = { 2500, 2000, 1000, 500 }; VM_PES = { 1, 1, 1, 1 }; VM_RAM = { 870, 1740, 1740, 613 };',
    '#                   VM_BW = 100000; VM_SIZE = 2500; HOST_TYPES = 2; HOST_MIPS = { 1860, 2660 }; HOST_PES = { 2, 2 };',
    '#                   HOST_RAM = { 4096, 4096 }; HOST_BW = 1000000; HOST_STORAGE = 1000000; SCHEDULING_INTERVAL = 300;',
    '#                   SIMULATION_LIMIT = 24 * 60 * 60; HOST_POWER = { PowerModelSpecPowerHpProLiantMl110G4Xeon3040,',
    '#                   PowerModelSpecPowerHpProLiantMl110G5Xeon3075 }',
    '#   Helper.java:67  int vmType = i / (int) Math.ceil((double) vmsNumber / Constants.VM_TYPES);',
    '#   Helper.java:94  int hostType = i % Constants.HOST_TYPES;',
    '#   planetlab/PlanetLabConstants.java:17  NUMBER_OF_HOSTS = 800;  planetlab/PlanetLabHelper.java: one VM per trace file',
    '#   planetlab/NonPowerAware.java:68  new PowerVmAllocationPolicySimple(hostList)',
    '# modules/cloudsim/src/main/java/org/cloudbus/cloudsim/:',
    '#   power/PowerVmAllocationPolicyAbstract.java:88-95 findHostForVm: for (PowerHost host : getHostList())',
    '#                   if (host.isSuitableForVm(vm)) return host;',
    '#   Host.java:188-193 isSuitableForVm: getVmScheduler().getPeCapacity() >= vm.getCurrentRequestedMaxMips()',
    '#                   && getVmScheduler().getAvailableMips() >= vm.getCurrentRequestedTotalMips()',
    '#                   && getRamProvisioner().isSuitableForVm(vm, vm.getCurrentRequestedRam()) && getBwProvisioner()',
    '#                   .isSuitableForVm(vm, vm.getCurrentRequestedBw())',
    '#   Vm.java:153-162 getCurrentRequestedMips: if (isBeingInstantiated()) every PE requests getMips() — the full',
    '#                   VM MIPS at placement, not the trace\'s first value; RAM and BW likewise (Vm.java:197-214)',
    '#',
    '# PLACEMENT RULE (CloudSim\'s NonPowerAware example, PowerVmAllocationPolicySimple): guests in index order,',
    '# each on the FIRST host in index order with a core of at least the guest\'s MIPS, unreserved MIPS',
    '# (cores × MIPS − the full MIPS of the guests already there) ≥ its MIPS, free RAM ≥ its RAM, free',
    '# bandwidth ≥ 100 Mbit/s of 1 Gbit/s, storage ≥ 2.5 GB. So 2,500- and 2,000-MIPS guests only fit G5 hosts',
    '# (a G4 core is 1,860 MIPS). The migration policies (thr/iqr/mad/lr/lrr) place initially by power-aware',
    '# best fit instead (PowerVmAllocationPolicyMigrationAbstract.java:212-240 findHostForVm); not used here.',
    `# Result: ${used} of the ${nHosts} hosts hold guests; the rest idle (and draw idle power) all day.`,
    '#',
    '# Mapping (xensim):',
    '# - host i: hosts[i], G4 when i is even, G5 when odd; 2 pCPUs at 1.86 / 2.66 GHz, ipc 1.0, so 1 MIPS',
    '#   per MHz; power profiles hp-proliant-ml110-g4 / -g5 (the same SPECpower curves as CloudSim\'s models).',
    `# - memory: CloudSim\'s 4,096 MB for guests + ${XEN_RESERVED_MB} MB Xen (xen_reserved) + ${DOM0_MB} MB Dom0 = ${hostMemMb} MB.`,
    '#   CloudSim has no hypervisor or Dom0; these are ASSUMPTIONS, chosen small so that CloudSim\'s',
    '#   placement (up to 4,093 MB of guests on one host) fits. Dom0: 1 vCPU, idle (no I/O here).',
    `# - guest i: type vmType(i) = i / ${perType}: 2,500 / 2,000 / 1,000 / 500 MIPS, 870 / 1,740 / 1,740 / 613 MB, 1 vCPU,`,
    '#   PV. Workload: PlanetLab trace file (i mod 60) of the 60 bundled (sorted by name; CloudSim\'s example',
    '#   has 1,052 distinct files, in File.listFiles order), ref_ghz = the type\'s MIPS / 1000: utilisation u',
    '#   is u × MIPS million instructions per second (a PV guest\'s plain instruction costs 1 cycle at ipc 1).',
    '# - copies of one file (copy c = i div 60, 0–17) start c × 16 intervals (c × 80 min) into the day, looping;',
    '#   every guest also gets a sub-second phase (hash32(seed, i) mod 10^6 µs) so the 1-s replay periods of',
    '#   the guests do not all fall on the same instant: `offset:` (docs/traces.md).',
    '# - credit scheduler; no migration, no timeline; 24 h.',
    '# Differences from CloudSim: its traces are sampled every 300 s and interpolated linearly; xensim holds',
    '# each 5-min value for its interval and replays it as 1-s periods of instructions. CloudSim\'s NPA',
    '# datacenter counts every host at max power; xensim uses the SPECpower curve at each host\'s load.',
    `name: ${name}`,
    `seed: ${seed}`,
    `duration: ${duration}`,
    ...(options.sample !== undefined ? [`sample: ${options.sample}`] : []),
    `scheduler: { name: credit${options.bookkeeping !== undefined ? `, bookkeeping: ${options.bookkeeping}` : ''} }`,
    `dom0: { memory: ${DOM0_MB}M, vcpus: 1 }`,
    'hosts:',
  );
  for (const h of hosts) {
    const t = hostType(h.type);
    L.push(`  - { name: ${h.name}, pcpus: ${t.pes}, cpu: { ghz: ${ghzText(t.mips)}GHz, ipc: 1.0 }, memory: ${hostMemMb}M, xen_reserved: ${XEN_RESERVED_MB}M, power: { profile: ${HOST_PROFILES[h.type]} } }`);
  }
  L.push('domains:');
  for (const g of guests) {
    const t = vmType(g.type);
    L.push(`  - { name: ${g.name}, host: ${hosts[g.host].name}, memory: ${t.ramMb}M, vcpus: ${t.pes}, workload: { trace: ${TRACE_DIR}/${g.file}, format: planetlab, ref_ghz: ${refText(t.mips)}, offset: ${offsetText(g.offsetUs)}${options.period !== undefined ? `, period: ${options.period}` : ''} } }   # type ${g.type}, copy ${g.copy}`);
  }
  return L.join('\n') + '\n';
}
