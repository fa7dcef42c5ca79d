/** The Result's `xen` and `toolstack` fields: present only when the scenario named a release (`xen:`), so older results keep their bytes. */
import type { SchedulerSpec } from '../xen/params.js';
import { toolstack } from '../xen/version.js';

export function releaseFields(spec: SchedulerSpec): { xen?: string; toolstack?: 'xm' | 'xl' } {
  return spec.xen === undefined ? {} : { xen: spec.xen.text, toolstack: toolstack(spec.xen) };
}
