/**
 * What an instruction costs, by class and guest type — the talk's story of x86
 * virtualisation in one table. Plain instructions run at the host's speed in every
 * type but full emulation; the costly classes (syscall, page-table update, privileged
 * operation, interrupt delivery) are where the types differ. docs/guest-types.md gives
 * the reasoning per cell; every number below carries its source or `ESTIMATE:`.
 *
 * A class instruction stands for the *event* (the kernel entry/exit of a system call,
 * one guest PTE write, one trapping privileged instruction, one interrupt delivered
 * and returned from); the kernel's own work around it is plain instructions.
 * `hypervisorCycles` is the part of `cycles` spent in Xen or the VMM on the guest's
 * behalf (charged to the guest and reported apart, as Xen does).
 *
 * Sources (cycles are NetBurst Pentium 4 cycles throughout, the talk's era):
 * - [AA06] Adams & Agesen, "A Comparison of Software and Hardware Techniques for x86
 *   Virtualization", ASPLOS 2006, §6 nanobenchmarks on their VT-x Pentium 4: native,
 *   software VMM (binary translation) and hardware VMM (first-generation VT-x, shadow
 *   paging). Figures taken from the paper's text as quoted in ligurio/openbsd-tests
 *   tests/atomics/at_vmm.cc: syscall (+~2000 BT, native speed VT-x), in (3209 native,
 *   ~15x faster BT, 15826 VT-x), call/ret (11/51/11), pgfault (1093/3927/11242),
 *   divzero (889/3223/1014), ptemod (single-cycle store/391/12733).
 * - [XEN03] Barham et al., "Xen and the Art of Virtualization", SOSP 2003, Table 3
 *   lmbench null call: Linux-UP 0.45 µs, XenoLinux 0.46 µs on a 2.4 GHz Xeon. Recalled,
 *   not re-read: the look-up tools held only the paper's first pages.
 * - [TCG20] TCG Continuous Benchmarking (QEMU 5.1 linux-user, 2020), "Measuring QEMU
 *   Emulation Efficiency": x86_64 guest, host instructions per guest instruction
 *   10.2 (integer benchmarks), 17.9 (floating point), 14.1 (average of six).
 * - [ITJ06] Intel Technology Journal 10(3), 2006: EPT "allows a VMM to avoid the VM exits
 *   associated with page-table virtualization".
 */

export type InstructionClass = 'plain' | 'syscall' | 'pagetable' | 'privileged' | 'interrupt';

/** Per instruction of a costly class; hypervisorCycles ⊆ cycles. */
export interface ClassCost {
  cycles: number;
  hypervisorCycles: number;
}

export interface CostTable {
  /** Multiplies the host's 1/ipc for plain instructions (1 except under full emulation). */
  plainCyclesFactor: number;
  syscall: ClassCost;
  pagetable: ClassCost;
  privileged: ClassCost;
  interrupt: ClassCost;
  source: string;
}

export interface InstructionMixFractions {
  syscall?: number;
  pagetable?: number;
  privileged?: number;
  interrupt?: number;
}

/** Replace any part of a table; a class given partially keeps the rest of its default. */
export interface CostOverrides {
  plainCyclesFactor?: number;
  syscall?: Partial<ClassCost>;
  pagetable?: Partial<ClassCost>;
  privileged?: Partial<ClassCost>;
  interrupt?: Partial<ClassCost>;
  source?: string;
}

export type CostTableName = 'native' | 'pv' | 'hvm' | 'emulated' | 'bt' | 'hvm-ept';

// ---- Published anchors (P4 cycles) ------------------------------------------------

/** [XEN03] lmbench null call, Linux UP: 0.45 µs × 2.4 GHz. A P4 kernel entry+exit. */
const NATIVE_SYSCALL_CYCLES = 0.45 * 2400;
/** [XEN03] lmbench null call, XenoLinux: 0.46 µs × 2.4 GHz (32-bit PV fast trap gate). */
const PV_SYSCALL_CYCLES = 0.46 * 2400;
/** [AA06] ptemod: natively a PTE write is a single-cycle store. */
const NATIVE_PTE_WRITE_CYCLES = 1;
/** [AA06] ptemod, software VMM: the adaptive translator's small program per PTE write. */
const BT_PTE_WRITE_CYCLES = 391;
/** [AA06] ptemod, hardware VMM: a guest-mode exit and re-entry per PTE write (shadow paging). */
const VTX_PTE_WRITE_CYCLES = 12733;
/** [AA06] in from port 0x80 natively: an off-CPU chipset register. */
const NATIVE_IN_CYCLES = 3209;
/** [AA06] in, software VMM: "fifteen times faster than native" (virtual chipset model). */
const BT_IN_CYCLES = Math.round(NATIVE_IN_CYCLES / 15);
/** [AA06] in, hardware VMM: VMM/guest round trip plus device emulation. */
const VTX_IN_CYCLES = 15826;
/** [AA06] software VMM system call: "approximately 2000 more cycles than a native system call". */
const BT_SYSCALL_EXTRA_CYCLES = 2000;
/** [AA06] divzero natively: a fault delivered through the IDT and returned from. */
const NATIVE_FAULT_DELIVERY_CYCLES = 889;
/** [AA06] divzero, software VMM: a fault reflected into the guest by the VMM. */
const BT_FAULT_DELIVERY_CYCLES = 3223;
/** [TCG20] QEMU TCG, x86_64 on x86_64: 14.1 host instructions per guest instruction (average). */
const TCG_HOST_INSNS_PER_GUEST_INSN = 14.1;

// ---- Estimates (no published figure found; reasoning given) ----------------------

// ESTIMATE: a PV hypercall (int 0x82 into Xen and back) is a ring transition round trip
// like a system call, so priced as the lmbench null call on the same CPU generation.
const PV_HYPERCALL_CYCLES = NATIVE_SYSCALL_CYCLES;
// ESTIMATE: Xen's mmu_update validation of one PTE (type/refcount checks) and the
// handler work of a simple privileged hypercall: a few hundred cycles.
const PV_HANDLER_CYCLES = 200;
// ESTIMATE: VM exit + VM entry round trip on Prescott (2005–06). Intel's published
// latency curve is usually quoted as ~2400 cycles for Prescott, ~1000 for Core 2 and
// ~500 for Nehalem; not verified here. (Linux commit e38aea3e, 2007: KVM's whole exit
// path on early Core 2 was ~8800 cycles before MSR-switching fixes — software dominates.)
const VMX_ROUNDTRIP_PRESCOTT_CYCLES = 2400;
const VMX_ROUNDTRIP_NEHALEM_CYCLES = 500;
// ESTIMATE: the VMM's work for an external interrupt beyond the exit itself: acknowledge,
// route to the virtual APIC/PIC, inject on the next entry.
const VMM_INTERRUPT_WORK_CYCLES = 1000;

const cost = (cycles: number, hypervisorCycles: number): ClassCost => ({ cycles, hypervisorCycles });

const DEFAULTS: Record<CostTableName, CostTable> = {
  native: {
    plainCyclesFactor: 1,
    syscall: cost(NATIVE_SYSCALL_CYCLES, 0), // [XEN03] Table 3 null call, Linux UP, 2.4 GHz Xeon
    pagetable: cost(NATIVE_PTE_WRITE_CYCLES, 0), // [AA06] ptemod native: single-cycle store
    privileged: cost(NATIVE_IN_CYCLES, 0), // [AA06] in (port 0x80), native
    interrupt: cost(NATIVE_FAULT_DELIVERY_CYCLES, 0), // [AA06] divzero native, as the cost of an IDT delivery + iret
    source: 'bare metal, Pentium 4 (Adams & Agesen 2006 native column; Barham et al. 2003 lmbench Linux UP)',
  },
  pv: {
    plainCyclesFactor: 1,
    // [XEN03] null call 0.46 µs vs 0.45: the 32-bit fast trap gate enters the guest kernel
    // directly, Xen is not on the path (x86-64 PV bounces through Xen: see docs).
    syscall: cost(PV_SYSCALL_CYCLES, 0),
    // ESTIMATE: the store becomes an mmu_update hypercall + validation, unbatched
    // (Barham et al.: a PV page fault takes two transitions into Xen). Batching divides
    // the hypercall part by the batch size: override for lazy-MMU-heavy code.
    pagetable: cost(NATIVE_PTE_WRITE_CYCLES + PV_HYPERCALL_CYCLES + PV_HANDLER_CYCLES, PV_HYPERCALL_CYCLES + PV_HANDLER_CYCLES),
    // ESTIMATE: the privileged instruction is replaced by a hypercall; nothing runs natively.
    privileged: cost(PV_HYPERCALL_CYCLES + PV_HANDLER_CYCLES, PV_HYPERCALL_CYCLES + PV_HANDLER_CYCLES),
    // ESTIMATE: Xen takes the interrupt (one IDT delivery, [AA06] divzero), sends the
    // event-channel upcall (guest-side entry ≈ one delivery) and the guest returns via the
    // iret hypercall (≈ one hypercall).
    interrupt: cost(
      2 * NATIVE_FAULT_DELIVERY_CYCLES + PV_HYPERCALL_CYCLES,
      NATIVE_FAULT_DELIVERY_CYCLES + PV_HYPERCALL_CYCLES,
    ),
    source: 'Xen 32-bit paravirtualisation (Barham et al. 2003 lmbench; hypercall costs estimated)',
  },
  hvm: {
    plainCyclesFactor: 1,
    syscall: cost(NATIVE_SYSCALL_CYCLES, 0), // [AA06] syscall: hardware VMM runs system calls at native speed
    pagetable: cost(VTX_PTE_WRITE_CYCLES, VTX_PTE_WRITE_CYCLES - NATIVE_PTE_WRITE_CYCLES), // [AA06] ptemod, hardware VMM
    privileged: cost(VTX_IN_CYCLES, VTX_IN_CYCLES), // [AA06] in, hardware VMM (the VMM performs the op)
    // ESTIMATE: exit on the external interrupt + VMM routing/injection + the guest's own delivery.
    interrupt: cost(
      NATIVE_FAULT_DELIVERY_CYCLES + VMX_ROUNDTRIP_PRESCOTT_CYCLES + VMM_INTERRUPT_WORK_CYCLES,
      VMX_ROUNDTRIP_PRESCOTT_CYCLES + VMM_INTERRUPT_WORK_CYCLES,
    ),
    source: 'first-generation VT-x with shadow paging, Pentium 4 (Adams & Agesen 2006 hardware VMM)',
  },
  'hvm-ept': {
    plainCyclesFactor: 1, // ESTIMATE: ignores the longer two-dimensional page walk on TLB misses
    syscall: cost(NATIVE_SYSCALL_CYCLES, 0), // no exit, as [AA06]
    pagetable: cost(NATIVE_PTE_WRITE_CYCLES, 0), // [ITJ06] with EPT guest PTE writes do not exit
    // ESTIMATE: [AA06]'s hardware-VMM in with the Prescott exit round trip replaced by Nehalem's.
    privileged: cost(
      VTX_IN_CYCLES - VMX_ROUNDTRIP_PRESCOTT_CYCLES + VMX_ROUNDTRIP_NEHALEM_CYCLES,
      VTX_IN_CYCLES - VMX_ROUNDTRIP_PRESCOTT_CYCLES + VMX_ROUNDTRIP_NEHALEM_CYCLES,
    ),
    // ESTIMATE: as hvm with Nehalem's exit round trip.
    interrupt: cost(
      NATIVE_FAULT_DELIVERY_CYCLES + VMX_ROUNDTRIP_NEHALEM_CYCLES + VMM_INTERRUPT_WORK_CYCLES,
      VMX_ROUNDTRIP_NEHALEM_CYCLES + VMM_INTERRUPT_WORK_CYCLES,
    ),
    source: 'VT-x with EPT (Nehalem, 2008+): what-if on the Pentium 4 table (estimates)',
  },
  bt: {
    // ESTIMATE: user code runs directly; only kernel code is translated ([AA06] call/ret
    // 51 vs 11 cycles shows the cost is in indirect control flow, not straight-line code).
    plainCyclesFactor: 1,
    syscall: cost(NATIVE_SYSCALL_CYCLES + BT_SYSCALL_EXTRA_CYCLES, BT_SYSCALL_EXTRA_CYCLES), // [AA06] syscall, software VMM
    pagetable: cost(BT_PTE_WRITE_CYCLES, BT_PTE_WRITE_CYCLES - NATIVE_PTE_WRITE_CYCLES), // [AA06] ptemod, software VMM
    privileged: cost(BT_IN_CYCLES, BT_IN_CYCLES), // [AA06] in, software VMM: 15x faster than native
    // [AA06] divzero, software VMM, as the cost of reflecting an interrupt into the guest.
    interrupt: cost(BT_FAULT_DELIVERY_CYCLES, BT_FAULT_DELIVERY_CYCLES - NATIVE_FAULT_DELIVERY_CYCLES),
    source: 'software VMM with binary translation, Pentium 4 (Adams & Agesen 2006 software VMM)',
  },
  emulated: {
    // [TCG20] QEMU TCG x86_64 on x86_64: 14.1 host instructions per guest instruction,
    // taken as the cycle ratio (ESTIMATE: same host IPC; full-system softmmu is slower still).
    plainCyclesFactor: TCG_HOST_INSNS_PER_GUEST_INSN,
    // ESTIMATE: the emulator performs the architectural work of the event in software;
    // scaled by the same factor as plain code.
    syscall: cost(
      TCG_HOST_INSNS_PER_GUEST_INSN * NATIVE_SYSCALL_CYCLES,
      (TCG_HOST_INSNS_PER_GUEST_INSN - 1) * NATIVE_SYSCALL_CYCLES,
    ),
    // ESTIMATE: a PTE write is an ordinary emulated store (the soft MMU walks guest tables on a miss).
    pagetable: cost(
      TCG_HOST_INSNS_PER_GUEST_INSN * NATIVE_PTE_WRITE_CYCLES,
      (TCG_HOST_INSNS_PER_GUEST_INSN - 1) * NATIVE_PTE_WRITE_CYCLES,
    ),
    // ESTIMATE: a helper call out of translated code into the device model; no real chipset
    // access (cf. [AA06] BT's 214 cycles), but through QEMU's generic I/O dispatch.
    privileged: cost(2000, 2000),
    // ESTIMATE: interrupt delivery emulated in software, scaled like plain code.
    interrupt: cost(
      TCG_HOST_INSNS_PER_GUEST_INSN * NATIVE_FAULT_DELIVERY_CYCLES,
      (TCG_HOST_INSNS_PER_GUEST_INSN - 1) * NATIVE_FAULT_DELIVERY_CYCLES,
    ),
    source: 'full-system emulation by dynamic translation, QEMU without accelerator (TCG 2020 efficiency; estimates)',
  },
};

function freezeTable(t: CostTable): CostTable {
  Object.freeze(t.syscall);
  Object.freeze(t.pagetable);
  Object.freeze(t.privileged);
  Object.freeze(t.interrupt);
  return Object.freeze(t);
}
for (const t of Object.values(DEFAULTS)) freezeTable(t);

/** The defaults, frozen. `native`, `pv`, `hvm`, `emulated` are the scenario guest types; `bt` and `hvm-ept` are extra tables. */
export const DEFAULT_COSTS: Readonly<Record<CostTableName, CostTable>> = Object.freeze(DEFAULTS);

const CLASSES = ['syscall', 'pagetable', 'privileged', 'interrupt'] as const;

function checkTable(type: string, t: CostTable): void {
  if (!(Number.isFinite(t.plainCyclesFactor) && t.plainCyclesFactor > 0)) {
    throw new RangeError(`cost table '${type}': plainCyclesFactor must be a positive number, got ${t.plainCyclesFactor}`);
  }
  for (const c of CLASSES) {
    const { cycles, hypervisorCycles } = t[c];
    if (!(Number.isFinite(cycles) && cycles >= 0)) throw new RangeError(`cost table '${type}': ${c}.cycles must be ≥ 0, got ${cycles}`);
    if (!(Number.isFinite(hypervisorCycles) && hypervisorCycles >= 0 && hypervisorCycles <= cycles)) {
      throw new RangeError(`cost table '${type}': ${c}.hypervisorCycles must be within [0, cycles=${cycles}], got ${hypervisorCycles}`);
    }
  }
}

/**
 * The cost table of a guest type, with optional overrides (a fresh object when
 * overridden, the frozen default otherwise). Throws on an unknown type or an
 * override that breaks 0 ≤ hypervisorCycles ≤ cycles.
 */
export function costTable(type: string, overrides?: CostOverrides): CostTable {
  const base = (DEFAULT_COSTS as Record<string, CostTable | undefined>)[type];
  if (base === undefined || !Object.prototype.hasOwnProperty.call(DEFAULT_COSTS, type)) {
    throw new Error(`unknown guest type '${type}' (known: ${Object.keys(DEFAULT_COSTS).join(', ')})`);
  }
  if (overrides === undefined) return base;
  const t: CostTable = {
    plainCyclesFactor: overrides.plainCyclesFactor ?? base.plainCyclesFactor,
    syscall: { ...base.syscall, ...overrides.syscall },
    pagetable: { ...base.pagetable, ...overrides.pagetable },
    privileged: { ...base.privileged, ...overrides.privileged },
    interrupt: { ...base.interrupt, ...overrides.interrupt },
    source: overrides.source ?? `${base.source} (overridden)`,
  };
  checkTable(type, t);
  return t;
}

/**
 * Cycles and hypervisor cycles of n instructions with a mix (fractions per class; the
 * rest plain) on a host retiring `ipc` plain instructions per cycle. Writes into `out`
 * and allocates nothing. Under emulation the plain slowdown beyond native counts as
 * hypervisor (emulator) cycles.
 */
export function mixCost(
  table: CostTable,
  ipc: number,
  n: number,
  mix: InstructionMixFractions,
  out: { cycles: number; hypervisorCycles: number },
): void {
  const s = mix.syscall ?? 0, p = mix.pagetable ?? 0, q = mix.privileged ?? 0, i = mix.interrupt ?? 0;
  const plain = 1 - s - p - q - i;
  if (!(plain >= -1e-12 && s >= 0 && p >= 0 && q >= 0 && i >= 0)) {
    throw new RangeError(`instruction mix fractions must be ≥ 0 and sum to ≤ 1 (syscall ${s}, pagetable ${p}, privileged ${q}, interrupt ${i})`);
  }
  const plainCycles = (plain * table.plainCyclesFactor) / ipc;
  out.cycles = n * (plainCycles + s * table.syscall.cycles + p * table.pagetable.cycles + q * table.privileged.cycles + i * table.interrupt.cycles);
  out.hypervisorCycles =
    n *
    ((plain * (table.plainCyclesFactor - 1)) / ipc +
      s * table.syscall.hypervisorCycles +
      p * table.pagetable.hypervisorCycles +
      q * table.privileged.hypervisorCycles +
      i * table.interrupt.hypervisorCycles);
}
