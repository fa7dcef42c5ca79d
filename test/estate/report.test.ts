/**
 * An estate's report page: cards for the twelve busiest hosts, busiest first, with a
 * note that the hosts table lists every host (a page of 800 host sections helps nobody).
 */
import { describe, expect, test } from '@jest/globals';
import { renderOutputFiles } from '../../reports/index.js';
import { runScenario } from '../../sim/run.js';
import { scenarioFrom } from '../helpers/scenario.js';

describe('report.html of an estate', () => {
  test('16 hosts: the 12 busiest get cards, busiest first; the table has all 16', async () => {
    const hosts = Array.from({ length: 16 }, (_, k) => `  - { name: h${String(k).padStart(2, '0')}, pcpus: 2, memory: 1G }`).join('\n');
    // Host k runs k % 4 hogs: utilisation 0, 50, 100, 100 % (two pCPUs).
    const guests: string[] = [];
    for (let k = 0; k < 16; k++) for (let j = 0; j < k % 4; j++) guests.push(`  - { name: g${k}-${j}, memory: 64, host: h${String(k).padStart(2, '0')}, workload: cpu-hog }`);
    const r = runScenario(scenarioFrom(`name: cards\nduration: 2s\nhosts:\n${hosts}\ndom0: { memory: 128M }\nnetwork: { bandwidth: 1Gbit }\ndomains:\n${guests.join('\n')}\n`));
    const html = (await renderOutputFiles(r, { html: true }))['report.html'] as string;
    const sections = [...html.matchAll(/<section class="host" id="host-(h\d\d)">/g)].map((m) => m[1]);
    expect(sections).toHaveLength(12);
    expect(html).toMatch(/The 12 busiest of 16 hosts/);
    // Hosts with 2 or 3 hogs (100 %) first, then those with one (50 %); none of the idle ones.
    const util = new Map(r.hosts.map((h) => [h.name, h.utilisation]));
    for (let i = 1; i < sections.length; i++) expect(util.get(sections[i - 1])!).toBeGreaterThanOrEqual(util.get(sections[i])!);
    expect(sections.every((n) => Number(n.slice(1)) % 4 !== 0)).toBe(true);
    for (const h of r.hosts) expect(html).toContain(h.name);
  });
});
