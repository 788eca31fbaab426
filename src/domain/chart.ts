import type { LightCounts } from './digest.js';
import type { Light } from './lights.js';

/** One bar of the digest chart: a week and its items by light. */
export interface WeekLights {
  week: string;
  counts: LightCounts;
}

const colours: Record<Light, string> = { red: '#d93025', yellow: '#f2b600', blue: '#1a73e8', green: '#188038', grey: '#9aa0a6' };
// Stacked from the bottom, worst first, so that red is always read at the base.
const order: Light[] = ['red', 'yellow', 'blue', 'green', 'grey'];
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The digest's chart as SVG: items by light over the last weeks, one stacked bar a week, with
 * the total above each bar. Labels are ASCII (week keys and numbers), so that no CJK font is needed
 * on the server that renders it.
 *
 * @example
 * lightsChart([{ week: '2026-W46', counts: { red: 2, yellow: 1, blue: 0, green: 5, grey: 0 } }])
 */
export function lightsChart(weeks: WeekLights[], options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const margin = { top: 30, right: 16, bottom: 40, left: 40 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const totals = weeks.map((week) => order.reduce((sum, light) => sum + week.counts[light], 0));
  const max = Math.max(1, ...totals);
  const slot = plotWidth / Math.max(1, weeks.length);
  const barWidth = Math.min(48, slot * 0.6);
  const bars = weeks
    .map((week, i) => {
      const x = margin.left + i * slot + (slot - barWidth) / 2;
      let y = margin.top + plotHeight;
      const parts = order
        .filter((light) => week.counts[light] > 0)
        .map((light) => {
          const h = (week.counts[light] / max) * plotHeight;
          y -= h;
          return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${colours[light]}"/>`;
        })
        .join('');
      const label = `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - margin.bottom + 16}" font-size="11" text-anchor="middle" fill="#3c4043">${escapeXml(week.week.replace(/^\d{4}-/, ''))}</text>`;
      const total = `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" font-size="11" text-anchor="middle" fill="#3c4043">${totals[i]}</text>`;
      return parts + label + total;
    })
    .join('');
  const axis = `<line x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${width - margin.right}" y2="${margin.top + plotHeight}" stroke="#dadce0"/>`;
  const legend = order
    .map((light, i) => `<rect x="${margin.left + i * 90}" y="8" width="10" height="10" fill="${colours[light]}"/><text x="${margin.left + i * 90 + 14}" y="17" font-size="11" fill="#3c4043">${light}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#ffffff"/>${legend}${axis}${bars}</svg>`;
}
