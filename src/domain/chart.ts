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

const formColours = ['#4285f4', '#f2b600', '#e8710a', '#d93025'];

/**
 * The four forms (四种形态) as SVG: person-times per form, one bar each, with the count and share
 * above it. Labels are ASCII (`form 1`…`form 4`), for the same reason as the lights chart.
 *
 * @example
 * fourFormsChart({ year: 2026, forms: [6, 3, 1, 0], shares: [60, 30, 10, 0] })
 */
export function fourFormsChart(figures: { year: number; forms: number[]; shares: number[] }, options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const margin = { top: 30, right: 16, bottom: 30, left: 40 };
  const plotHeight = height - margin.top - margin.bottom;
  const slot = (width - margin.left - margin.right) / 4;
  const barWidth = Math.min(64, slot * 0.6);
  const max = Math.max(1, ...figures.forms);
  const bars = figures.forms
    .map((count, i) => {
      const x = margin.left + i * slot + (slot - barWidth) / 2;
      const h = (count / max) * plotHeight;
      const y = margin.top + plotHeight - h;
      const centre = (x + barWidth / 2).toFixed(1);
      return (
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${formColours[i]}"/>` +
        `<text x="${centre}" y="${(y - 4).toFixed(1)}" font-size="11" text-anchor="middle" fill="#3c4043">${count} (${(figures.shares[i] ?? 0).toFixed(1)}%)</text>` +
        `<text x="${centre}" y="${height - margin.bottom + 16}" font-size="11" text-anchor="middle" fill="#3c4043">form ${i + 1}</text>`
      );
    })
    .join('');
  const axis = `<line x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${width - margin.right}" y2="${margin.top + plotHeight}" stroke="#dadce0"/>`;
  const title = `<text x="${margin.left}" y="17" font-size="12" fill="#3c4043">four forms ${figures.year}: person-times</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#ffffff"/>${title}${axis}${bars}</svg>`;
}

/** Two charts stacked into one image (one upload, so a retry never posts half of it twice). */
export function stackCharts(charts: string[]): string {
  const sizes = charts.map((chart) => ({ width: Number(/width="(\d+)"/.exec(chart)?.[1] ?? 0), height: Number(/height="(\d+)"/.exec(chart)?.[1] ?? 0) }));
  const width = Math.max(0, ...sizes.map((size) => size.width));
  let y = 0;
  const parts = charts.map((chart, i) => {
    const part = chart.replace('<svg ', `<svg x="0" y="${y}" `);
    y += sizes[i]?.height ?? 0;
    return part;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${parts.join('')}</svg>`;
}
