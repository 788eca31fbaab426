import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { fourFormsChart, lightsChart, stackCharts } from '../../src/domain/chart.js';

const week = (key: string, red: number, green: number) => ({ week: key, counts: { red, yellow: 1, blue: 0, green, grey: 0 } });

describe('the digest chart', () => {
  it('draws one stacked bar a week, worst at the base, with totals above', () => {
    const svg = lightsChart([week('2026-W45', 2, 5), week('2026-W46', 0, 8)]);
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#d93025"\/>/g)).toHaveLength(2); // the legend, and W45 (W46 has none)
    expect(svg).toContain('>W45<');
    expect(svg).toContain('>8<');
    expect(svg).toContain('>9<');
  });

  it('renders to a PNG of its size on the server', () => {
    const png = new Resvg(lightsChart([week('2026-W46', 3, 4)], { width: 400, height: 200 })).render();
    expect(png.width).toBe(400);
    expect(png.height).toBe(200);
    expect(Buffer.from(png.asPng()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('draws an empty week without dividing by zero', () => {
    expect(lightsChart([{ week: '2026-W01', counts: { red: 0, yellow: 0, blue: 0, green: 0, grey: 0 } }])).not.toContain('NaN');
  });

  it('draws the four forms, one bar each with its person-times and share, stacked below the lights in one PNG', () => {
    const forms = fourFormsChart({ year: 2026, forms: [6, 3, 1, 0], shares: [60, 30, 10, 0] });
    expect(forms).toContain('>6 (60.0%)<');
    expect(forms).toContain('>0 (0.0%)<');
    expect(forms).toContain('>form 4<');
    expect(fourFormsChart({ year: 2026, forms: [0, 0, 0, 0], shares: [0, 0, 0, 0] })).not.toContain('NaN');
    const png = new Resvg(stackCharts([lightsChart([week('2026-W46', 3, 4)]), forms])).render();
    expect(png.width).toBe(640);
    expect(png.height).toBe(560);
  });
});
