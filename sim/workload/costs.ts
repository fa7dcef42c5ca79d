/**
 * What an instruction costs, by class and guest type — the talk's story of x86
 * virtualisation in one table. Plain instructions run at the host's speed in every
 * type but full emulation; the costly classes are where the types differ:
 *
 * - `native`: bare metal (the physical servers of a before/after comparison).
 * - `pv`: Xen paravirtualised guests (Barham et al., "Xen and the Art of
 *   Virtualization", SOSP 2003). System calls go straight to the guest kernel through
 *   the fast trap gate, so cost about what they cost natively (their lmbench null call:
 *   0.45 µs Linux vs 0.46 µs XenoLinux); page-table updates are validated by Xen
 *   (mmu_update hypercalls, batched), privileged operations become hypercalls,
 *   interrupts arrive as event-channel upcalls.
 * - `hvm`: first-generation hardware assist (Intel VT-x / AMD-V, 2005–06) with shadow
 *   page tables (Adams & Agesen, "A Comparison of Software and Hardware Techniques for
 *   x86 Virtualization", ASPLOS 2006): system calls do not exit, but every privileged
 *   operation and every guest page-table write does, and an exit round trip cost
 *   thousands of cycles on the Pentium 4 generation.
 * - `emulated`: full emulation without hardware help or paravirtualisation (the slow
 *   path the talk contrasts with partitioning, as QEMU without an accelerator): even
 *   plain code is translated, several times slower, and every costly class is
 *   emulated in software.
 *
 * The figures are cycles per instruction of that class (plain: a factor on the host's
 * cycles per instruction, 1/ipc). They are ESTIMATES of the order of magnitude the
 * cited papers report, not measurements of ours; `hypervisorCycles` is the part spent
 * in Xen or the VMM on the guest's behalf (charged to the guest and reported apart).
 * docs/guest-types.md gives the reasoning per cell.
 */

export type InstructionClass = 'plain' | 'syscall' | 'pagetable' | 'privileged' | 'interrupt';

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

const cost = (cycles: number, hypervisorCycles: number): ClassCost => ({ cycles, hypervisorCycles });

export const DEFAULT_COSTS: Record<'native' | 'pv' | 'hvm' | 'emulated', CostTable> = {
  native: {
    plainCyclesFactor: 1,
    syscall: cost(250, 0), // a Linux null system call on a Pentium 4: a few hundred cycles (A&A 2006 native column)
    pagetable: cost(20, 0), // a PTE store plus a TLB invalidation of one entry
    privileged: cost(200, 0), // port I/O and control-register writes are slow even natively
    interrupt: cost(1000, 0), // delivery through the IDT, handler entry and exit
    source: 'native baseline (Adams & Agesen 2006, native column; estimates)',
  },
  pv: {
    plainCyclesFactor: 1,
    syscall: cost(260, 10), // fast trap gate: ≈ native (Barham et al. 2003, lmbench null call)
    pagetable: cost(600, 580), // mmu_update hypercall with validation, amortised over batches
    privileged: cost(450, 400), // a hypercall instead of the instruction
    interrupt: cost(1800, 800), // event-channel upcall through Xen
    source: 'Xen paravirtualisation (Barham et al. 2003; estimates)',
  },
  hvm: {
    plainCyclesFactor: 1,
    syscall: cost(250, 0), // no VM exit for system calls under VT-x
    pagetable: cost(4000, 3980), // shadow page table: a VM exit per guest PTE write (A&A 2006 ptemod)
    privileged: cost(2600, 2400), // VM exit round trip, Pentium 4 generation (A&A 2006)
    interrupt: cost(3500, 2500), // exit on the external interrupt, virtual interrupt injection
    source: 'first-generation VT-x with shadow paging (Adams & Agesen 2006; estimates)',
  },
  emulated: {
    plainCyclesFactor: 8, // translated code runs several times slower than native
    syscall: cost(3000, 2750),
    pagetable: cost(2500, 2480),
    privileged: cost(2000, 1800),
    interrupt: cost(5000, 4000),
    source: 'full software emulation (estimates)',
  },
};

export function costTable(type: string): CostTable {
  const t = (DEFAULT_COSTS as Record<string, CostTable>)[type];
  if (t === undefined) throw new Error(`unknown guest type '${type}' (known: ${Object.keys(DEFAULT_COSTS).join(', ')})`);
  return t;
}

/** Cycles and hypervisor cycles of n instructions with a mix (fractions; the rest plain) at the host's ipc. */
export function mixCost(table: CostTable, ipc: number, n: number, mix: InstructionMixFractions, out: { cycles: number; hypervisorCycles: number }): void {
  const s = mix.syscall ?? 0, p = mix.pagetable ?? 0, q = mix.privileged ?? 0, i = mix.interrupt ?? 0;
  const plain = 1 - s - p - q - i;
  const plainCycles = (plain * table.plainCyclesFactor) / ipc;
  out.cycles = n * (plainCycles + s * table.syscall.cycles + p * table.pagetable.cycles + q * table.privileged.cycles + i * table.interrupt.cycles);
  out.hypervisorCycles = n * ((plain * (table.plainCyclesFactor - 1)) / ipc + s * table.syscall.hypervisorCycles + p * table.pagetable.hypervisorCycles + q * table.privileged.hypervisorCycles + i * table.interrupt.hypervisorCycles);
}
