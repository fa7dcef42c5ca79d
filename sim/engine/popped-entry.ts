/** Where a pending-event layout writes the entry it pops (no object per pop). */
export interface PoppedEntry {
  outTime: number;
  /** Insertion sequence: orders entries of one instant. */
  outSeq: number;
  outKind: number;
  outTarget: number;
  outTimer: number;
  outGen: number;
}
