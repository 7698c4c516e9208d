// Writes the explorer scenario's large tidy data set into target/bench/ (never committed): about
// 50 MB of observations.csv (1,550 organisations x 20 metrics x 48 months, seeded), with its
// metrics.json and organisations.csv. RM3 is one of the organisations, so the explorer keeps its
// default focus. Reuses the files when they are already there with the same parameters.
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { orgCode, rng } from '../www/bench/data.js';

const ORGS = 1550;
const METRICS = 20;
const MONTHS = 48;
const SEED = 5050;
const REGIONS = ['North East and Yorkshire', 'North West', 'Midlands', 'East of England', 'London', 'South East', 'South West'];

export async function writeLargeTidy(dir) {
  mkdirSync(dir, { recursive: true });
  const paths = {
    observations: join(dir, 'large-observations.csv'),
    metrics: join(dir, 'large-metrics.json'),
    organisations: join(dir, 'large-organisations.csv'),
    stamp: join(dir, 'large.stamp'),
  };
  const stamp = JSON.stringify({ ORGS, METRICS, MONTHS, SEED, version: 1 });
  if (Object.values(paths).every(existsSync) && readFileSync(paths.stamp, 'utf8') === stamp) return paths;

  const r = rng(SEED);
  const codes = Array.from({ length: ORGS }, (_, i) => (i === 0 ? 'RM3' : orgCode(i)));
  const orgs = ['code,name,region,type', ...codes.map((c, i) => `${c},Organisation ${i + 1} NHS Trust,${REGIONS[i % REGIONS.length]},NHS trust`)];
  writeFileSync(paths.organisations, `${orgs.join('\n')}\n`);
  const metrics = Array.from({ length: METRICS }, (_, m) => ({
    id: `metric_${String(m + 1).padStart(2, '0')}`, title: `Synthetic indicator ${m + 1}`, unit: '%', kind: 'proportion',
    polarity: m % 3 === 2 ? 'lowerIsBetter' : 'higherIsBetter', multiplier: 100, source: 'synthetic, seeded',
  }));
  writeFileSync(paths.metrics, JSON.stringify(metrics, null, 2));

  const periods = Array.from({ length: MONTHS }, (_, k) => `${2016 + Math.floor((k + 3) / 12)}-${String(((k + 3) % 12) + 1).padStart(2, '0')}`);
  const out = createWriteStream(paths.observations);
  out.write('org_code,metric,period,numerator,denominator,value\n');
  const base = metrics.map(() => 0.5 + 0.4 * r());
  for (let o = 0; o < ORGS; o++) {
    const size = 500 + Math.floor(14500 * r() * r());
    const lines = [];
    for (let m = 0; m < METRICS; m++) {
      const own = Math.min(0.99, Math.max(0.01, base[m] + 0.1 * (r() - 0.5)));
      for (const period of periods) {
        const den = Math.max(20, Math.round(size * (0.8 + 0.4 * r())));
        const p = Math.min(1, Math.max(0, own + 0.03 * (r() - 0.5)));
        lines.push(`${codes[o]},${metrics[m].id},${period},${Math.round(den * p)},${den},`);
      }
    }
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(paths.stamp, stamp);
  return paths;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const paths = await writeLargeTidy(join(process.cwd(), 'target', 'bench'));
  console.log(paths);
}
