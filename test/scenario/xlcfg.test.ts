/** xl/xm domain configs are read as data (never run), with line:col errors; disk and vif specs parse as xl documents them. */
import { describe, expect, test } from '@jest/globals';
import { parseCpuList, parseDiskSpec, parseVifSpec } from '../../sim/scenario/devices.js';
import { xlDomainFields } from '../../sim/scenario/xl-domain.js';
import { parseXlConfig, type XlConfig } from '../../sim/scenario/xlcfg.js';

/** The config shown in the talk, as typed there. */
const TALK_CONFIG = `kernel = "/boot/vmlinuz-2.6.11-xenU"
memory = 256
name = "vmname"
nics = 1
vif = [ 'mac=00:60:b0:28:78:84, bridge=xen-cust' ]
disk = ['phy:vg0/vmname_root,sda1,w', 'phy:vg0/vmname_swap,sda2,w']
root = "/dev/sda1 ro"
`;

function ok(text: string): XlConfig {
  const r = parseXlConfig(text);
  if ('errors' in r) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

function errs(text: string) {
  const r = parseXlConfig(text);
  if (!('errors' in r)) throw new Error('expected errors');
  return r.errors;
}

describe("the talk's config", () => {
  test('every setting is read with its value and position', () => {
    const c = ok(TALK_CONFIG);
    expect(c.entries.get('kernel')?.value).toBe('/boot/vmlinuz-2.6.11-xenU');
    expect(c.entries.get('memory')?.value).toBe(256);
    expect(c.entries.get('name')?.value).toBe('vmname');
    expect(c.entries.get('nics')?.value).toBe(1);
    expect(c.entries.get('vif')?.value).toEqual(['mac=00:60:b0:28:78:84, bridge=xen-cust']);
    expect(c.entries.get('disk')?.value).toEqual(['phy:vg0/vmname_root,sda1,w', 'phy:vg0/vmname_swap,sda2,w']);
    expect(c.entries.get('root')?.value).toBe('/dev/sda1 ro');
    expect(c.entries.get('disk')).toMatchObject({ line: 6, col: 1 });
  });
  test('it maps to a domain: name, 256 MB, two vbds on vg0, a vif on xen-cust', () => {
    const x = xlDomainFields(ok(TALK_CONFIG));
    expect(x.errors).toEqual([]);
    expect(x.fields).toMatchObject({ name: 'vmname', memory: 256 });
    const vbds = x.fields.disk!.map((d) => parseDiskSpec(d));
    expect(vbds).toEqual([
      { vbd: { raw: 'phy:vg0/vmname_root,sda1,w', hostDisk: 'vg0', target: 'vg0/vmname_root', vdev: 'sda1', mode: 'w' } },
      { vbd: { raw: 'phy:vg0/vmname_swap,sda2,w', hostDisk: 'vg0', target: 'vg0/vmname_swap', vdev: 'sda2', mode: 'w' } },
    ]);
    expect(parseVifSpec(x.fields.vif![0])).toEqual({ vif: { raw: 'mac=00:60:b0:28:78:84, bridge=xen-cust', mac: '00:60:b0:28:78:84', bridge: 'xen-cust' } });
    expect(x.positions.disk).toEqual({ line: 6, col: 1 });
  });
});

describe('syntax', () => {
  test('comments, multi-line lists, trailing commas, numbers and both quote styles', () => {
    const c = ok(`# a comment line
name = 'web1'   # trailing comment
vcpus = 2
maxmem = 512
cpus = "0-1"
cpu_weight = 512
cpu_cap = 150
builder = "hvm"
disk = [ 'file:/srv/web1.img,xvda,w',
         # a comment inside the list
         'target=/dev/vg0/web1_data,vdev=xvdb,access=ro',
       ]
`);
    expect(c.entries.get('name')?.value).toBe('web1');
    expect(c.entries.get('disk')?.value).toEqual(['file:/srv/web1.img,xvda,w', 'target=/dev/vg0/web1_data,vdev=xvdb,access=ro']);
    const x = xlDomainFields(c);
    expect(x.errors).toEqual([]);
    expect(x.fields).toMatchObject({ name: 'web1', vcpus: 2, maxmem: 512, cpus: [0, 1], weight: 512, cap: 150, type: 'hvm' });
  });

  test('code is refused, not run: a call, an expression, an import', () => {
    expect(errs('memory = int("256")\n')[0]).toMatchObject({ line: 1, col: 10 });
    expect(errs('memory = 128 * 2\n')[0]).toMatchObject({ line: 1, col: 14, message: expect.stringContaining("unexpected '*'") });
    expect(errs('import os\n')[0]).toMatchObject({ line: 1, message: expect.stringContaining("expected '='") });
  });

  test('an unterminated string points at its opening quote', () => {
    expect(errs('name = "oops\nmemory = 1\n')[0]).toMatchObject({ line: 1, col: 8, message: expect.stringContaining('unterminated string') });
  });

  test('an unterminated list points at its bracket', () => {
    expect(errs("memory = 64\ndisk = [ 'phy:vg0/a,sda1,w',\n")[0]).toMatchObject({ line: 2, col: 8, message: expect.stringContaining('unterminated list') });
  });

  test('a bad item in a multi-line list is one error, and later lines are still read', () => {
    const e = errs(`disk = [ 'phy:vg0/a,sda1,w',
  oops,
  'phy:vg0/b,sda2,w' ]
name = = "x"
`);
    expect(e.map((x) => x.line)).toEqual([2, 4]);
  });

  test('a missing value', () => {
    expect(errs('memory =\n')[0]).toMatchObject({ line: 1, message: expect.stringContaining('missing value') });
  });
});

describe('domain fields from a config', () => {
  test('bad values are reported at the setting', () => {
    const x = xlDomainFields(ok('name = "a"\n\nvcpus = 0\nbuilder = "qemu"\ncpus = "x"\n'));
    expect(x.errors).toEqual([
      { line: 3, col: 1, message: expect.stringContaining('vcpus') },
      { line: 4, col: 1, message: expect.stringContaining("'qemu'") },
      { line: 5, col: 1, message: expect.stringContaining("'x'") },
    ]);
  });
});

describe('disk specs', () => {
  test.each([
    ['phy:vg0/hex_root,sda1,w', { hostDisk: 'vg0', vdev: 'sda1', mode: 'w' }],
    ['phy:/dev/vg0/hex_root,xvda,r', { hostDisk: 'vg0', vdev: 'xvda', mode: 'r' }],
    ['file:/srv/xen/hex.img,xvda,w', { hostDisk: 'srv', vdev: 'xvda', mode: 'w' }],
    ['tap:aio:/images/hex.img,xvda1,w', { hostDisk: 'images', vdev: 'xvda1', mode: 'w' }],
    ['target=/dev/vg0/hex,vdev=xvda,access=rw', { hostDisk: 'vg0', vdev: 'xvda', mode: 'w' }],
    ['vdev=hdc:cdrom,access=ro,target=/isos/debian.iso', { hostDisk: 'isos', vdev: 'hdc', mode: 'r' }],
  ])('%p', (raw, want) => {
    const r = parseDiskSpec(raw);
    expect(r).toEqual({ vbd: expect.objectContaining(want) });
  });
  test.each(['phy:vg0/hex_root', 'phy:vg0/x,sda1,rx'])('%p is an error', (raw) => {
    expect('error' in parseDiskSpec(raw)).toBe(true);
  });
});

describe('vif specs', () => {
  test('rate limits convert to bytes/s', () => {
    expect(parseVifSpec('mac=00:16:3e:00:00:01, bridge=xenbr0, rate=10Mb/s')).toEqual({
      vif: { raw: 'mac=00:16:3e:00:00:01, bridge=xenbr0, rate=10Mb/s', mac: '00:16:3e:00:00:01', bridge: 'xenbr0', rateBps: 1.25e6 },
    });
  });
  test.each(['mac=00:60:b0:28:78, bridge=x', 'bridge', 'rate=fast'])('%p is an error', (raw) => {
    expect('error' in parseVifSpec(raw)).toBe(true);
  });
});

describe('cpus pinning lists', () => {
  test.each([
    ['0-1', [0, 1]],
    ['0,2', [0, 2]],
    ['0-3,^2', [0, 1, 3]],
    [3, [3]],
    [[1, 0], [0, 1]],
  ] as const)('%p', (input, cpus) => expect(parseCpuList(input)).toEqual({ cpus }));
});
