/**
 * Seeded random streams: one independent stream per name, derived from (seed, name),
 * so adding a domain or an arrival process leaves every other stream's numbers as
 * they were (common random numbers across sweep cells).
 *
 * Generator: pure-rand's xoroshiro128+ (mutating `next()`, no allocation per draw),
 * with uniformFloat64 for 53-bit doubles. Its state is filled from a hash of
 * (seed, name) through splitmix32, because xoroshiro seeded directly with a small
 * integer gives a first draw close to 1.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

type Generator = ReturnType<typeof xoroshiro128plusFromState>;

/** FNV-1a over the UTF-16 code units of a string. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step: a well-mixed 32-bit output from a 32-bit counter. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class RandomStream {
  private readonly gen: Generator;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number, readonly name: string) {
    const hi = Math.floor(seed / 0x100000000) >>> 0;
    let x = (splitmix32((seed >>> 0) ^ splitmix32(hi)) ^ hashString(name)) >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = splitmix32(x + i * 0x632be5ab);
      words.push(x | 0);
    }
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    this.gen = xoroshiro128plusFromState(words);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform on [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * uniformFloat64(this.gen);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(uniformFloat64(this.gen) * n);
  }

  exponential(mean: number): number {
    // 1 − u is in (0, 1], so the log is finite.
    return -mean * Math.log(1 - uniformFloat64(this.gen));
  }

  /** Normal by the Box–Muller transform, keeping the second variate for the next call. */
  normal(mean: number, sd: number): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    const u = 1 - uniformFloat64(this.gen);
    const v = uniformFloat64(this.gen);
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given mean and standard deviation of the variate itself (not of its log). */
  lognormal(mean: number, sd: number): number {
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    const mu = Math.log(mean) - s2 / 2;
    return Math.exp(this.normal(mu, Math.sqrt(s2)));
  }

  /** Pareto (type I): P(X > x) = (scale / x)^shape for x ≥ scale. */
  pareto(shape: number, scale: number): number {
    return scale / Math.pow(1 - uniformFloat64(this.gen), 1 / shape);
  }
}

/** The streams of one run, each created on first use and derived from (seed, name). */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: number) {}

  get(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}
