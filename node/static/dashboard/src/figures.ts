/** A figure on screen: its formatted value, as a button that opens the entries behind it. */
import type { FigureJson } from './api.js';
import { h } from './dom.js';
import { count, duration, share } from './format.js';
import { t } from './i18n.js';

export type FigureFormat = 'count' | 'duration' | 'share';

let opener: (figure: FigureJson, label: string) => void = () => {};

/** Sets what a click on a figure does (the trace panel). */
export function onFigureClick(open: (figure: FigureJson, label: string) => void): void {
  opener = open;
}

export function formatFigure(figure: FigureJson, format: FigureFormat): string {
  if (format === 'duration') return duration(figure.value);
  if (format === 'share') return share(figure.value);
  return count(figure.value);
}

export function fig(figure: FigureJson, format: FigureFormat, label: string): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: `figure ${format}`,
      'data-figure': figure.trace,
      'data-value': figure.value === null ? '' : figure.value,
      title: `${label}: ${t('traceTotal', { n: figure.n })}`,
      onclick: () => opener(figure, label),
    },
    formatFigure(figure, format),
  );
}
