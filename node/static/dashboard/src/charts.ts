/** Two small SVG charts: the time-to-resolve histogram and open reports over time. */
import type { FigureJson } from './api.js';
import { s } from './dom.js';
import { duration, shortDate, time } from './format.js';
import { t } from './i18n.js';

const W = 520;
const HEIGHT = 220;
const M = { top: 18, right: 12, bottom: 42, left: 40 };
const innerW = W - M.left - M.right;
const innerH = HEIGHT - M.top - M.bottom;

type OnFigure = (figure: FigureJson) => void;

function frame(label: string, max: number): SVGSVGElement {
  const svg = s('svg', { viewBox: `0 0 ${W} ${HEIGHT}`, role: 'img', 'aria-label': label, class: 'chart' });
  svg.append(
    s('line', { x1: M.left, y1: M.top + innerH, x2: M.left + innerW, y2: M.top + innerH, class: 'axis' }),
    s('line', { x1: M.left, y1: M.top, x2: M.left, y2: M.top + innerH, class: 'axis' }),
    s('text', { x: M.left - 6, y: M.top + innerH, class: 'tick', 'text-anchor': 'end' }, '0'),
    s('text', { x: M.left - 6, y: M.top + 10, class: 'tick', 'text-anchor': 'end' }, String(max)),
    s('text', { x: 4, y: M.top - 6, class: 'tick' }, t('reportsAxis')),
  );
  return svg;
}

function bucketLabel(from: number, to: number | null): string {
  if (from === 0 && to !== null) return `< ${duration(to)}`;
  if (to === null) return `≥ ${duration(from)}`;
  return `${duration(from)}–${duration(to)}`;
}

/** Bars per time-to-resolve bucket; the bucket holding the target is marked. */
export function histogram(
  buckets: readonly { from: number; to: number | null; reports: FigureJson }[],
  targetSeconds: number,
  onFigure: OnFigure,
): SVGSVGElement {
  const max = Math.max(1, ...buckets.map((b) => b.reports.value ?? 0));
  const svg = frame(t('histogramTitle'), max);
  const slot = innerW / Math.max(1, buckets.length);
  buckets.forEach((b, i) => {
    const value = b.reports.value ?? 0;
    const height = (value / max) * innerH;
    const x = M.left + i * slot + slot * 0.12;
    const holdsTarget = targetSeconds >= b.from && (b.to === null || targetSeconds < b.to);
    const label = bucketLabel(b.from, b.to);
    svg.append(
      s(
        'rect',
        {
          x,
          y: M.top + innerH - height,
          width: slot * 0.76,
          height: Math.max(height, value > 0 ? 1 : 0),
          class: 'bar',
          'data-figure': b.reports.trace,
          'data-value': value,
          onclick: () => onFigure(b.reports),
        },
        s('title', {}, `${label}: ${value}`),
      ),
      s('text', { x: x + slot * 0.38, y: M.top + innerH - height - 4, class: 'count', 'text-anchor': 'middle' }, value),
      s('text', { x: x + slot * 0.38, y: M.top + innerH + 14, class: 'tick', 'text-anchor': 'middle' }, label),
    );
    if (holdsTarget) {
      const tx = M.left + i * slot + 2;
      svg.append(
        s('line', { x1: tx, y1: M.top, x2: tx, y2: M.top + innerH, class: 'target' }),
        s(
          'text',
          { x: tx + 3, y: M.top + innerH + 30, class: 'tick target-label' },
          `${t('target')} ${duration(targetSeconds)}`,
        ),
      );
    }
  });
  return svg;
}

/** A line through the open-report counts; each point links to the reports open then. */
export function openOverTime(points: readonly { t: number; open: FigureJson }[], onFigure: OnFigure): SVGSVGElement {
  const max = Math.max(1, ...points.map((p) => p.open.value ?? 0));
  const svg = frame(t('openTitle'), max);
  if (points.length === 0) return svg;
  const first = points[0]!.t;
  const span = Math.max(1, points.at(-1)!.t - first);
  const xy = points.map((p) => ({
    p,
    x: M.left + ((p.t - first) / span) * innerW,
    y: M.top + innerH - ((p.open.value ?? 0) / max) * innerH,
  }));
  svg.append(s('polyline', { points: xy.map(({ x, y }) => `${x},${y}`).join(' '), class: 'line' }));
  for (const { p, x, y } of xy) {
    svg.append(
      s(
        'circle',
        {
          cx: x,
          cy: y,
          r: 3.5,
          class: 'dot',
          'data-figure': p.open.trace,
          'data-value': p.open.value ?? 0,
          onclick: () => onFigure(p.open),
        },
        s('title', {}, `${time(p.t)}: ${p.open.value ?? 0}`),
      ),
    );
  }
  const mid = points[Math.floor(points.length / 2)]!;
  for (const [p, anchor] of [
    [points[0]!, 'start'],
    [mid, 'middle'],
    [points.at(-1)!, 'end'],
  ] as const) {
    const x = M.left + ((p.t - first) / span) * innerW;
    svg.append(s('text', { x, y: M.top + innerH + 16, class: 'tick', 'text-anchor': anchor }, shortDate(p.t)));
  }
  return svg;
}
