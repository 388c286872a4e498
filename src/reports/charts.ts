// Charts as typed data → Vega-Lite specs (pure) → SVG through Vega's headless renderer, PNG through resvg. Vega
// escapes every label it writes into the SVG, so chart markup can be embedded as trusted HTML.
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface BarDatum {
  readonly category: string;
  readonly value: number;
  /** Groups bars side by side (e.g. one bar per strategy within a CWE). */
  readonly series?: string;
}

export interface LineDatum {
  readonly x: number;
  readonly y: number;
  readonly series: string;
}

interface ChartBase {
  /** Stable id: file names, anchors. Lowercase letters, digits and dashes. */
  readonly id: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
}

export interface BarChart extends ChartBase {
  readonly kind: 'bar';
  readonly data: readonly BarDatum[];
  /** Keep the data order on the category axis instead of sorting by value. */
  readonly keepOrder?: boolean;
}

export interface LineChart extends ChartBase {
  readonly kind: 'line';
  readonly data: readonly LineDatum[];
}

export type Chart = BarChart | LineChart;

const font = 'DejaVu Sans';
const baseConfig = {
  font,
  title: { font, fontSize: 14 },
  axis: { labelFont: font, titleFont: font, labelLimit: 400 },
  legend: { labelFont: font, titleFont: font, labelLimit: 480 },
  background: 'white',
};

/** The Vega-Lite spec for a chart (pure). */
export function chartSpec(chart: Chart): TopLevelSpec {
  if (chart.kind === 'line') {
    return {
      title: chart.title,
      width: 520,
      height: 280,
      config: baseConfig,
      data: { values: chart.data.map((datum) => ({ ...datum })) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: chart.xTitle, axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'y', type: 'quantitative', title: chart.yTitle },
        color: { field: 'series', type: 'nominal', title: null },
      },
    };
  }
  const grouped = chart.data.some((datum) => datum.series !== undefined);
  const sort = chart.keepOrder === true ? null : grouped ? 'ascending' : '-x';
  return {
    title: chart.title,
    width: 520,
    config: baseConfig,
    data: {
      values: chart.data.map((datum) => ({ category: datum.category, value: datum.value, series: datum.series ?? '' })),
    },
    mark: { type: 'bar', tooltip: false },
    encoding: {
      // No axis title on the category axis: headless rendering estimates label widths, and a title placed from
      // that estimate overlaps long CWE names. The chart title already says what the categories are.
      y: { field: 'category', type: 'nominal', title: null, sort, axis: { labelLimit: 440 } },
      x: { field: 'value', type: 'quantitative', title: chart.yTitle },
      ...(grouped
        ? {
            yOffset: { field: 'series', type: 'nominal' },
            color: { field: 'series', type: 'nominal', title: null },
          }
        : { color: { value: '#4c78a8' } }),
    },
  };
}

/** Renders a chart to a standalone SVG document. */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const view = new vega.View(vega.parse(compile(chartSpec(chart)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterizes an SVG (from renderChartSvg) to PNG at `scale`× its size, with the system's DejaVu fonts. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: font },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** Every chart's SVG by id. */
export async function renderChartSvgs(charts: readonly Chart[]): Promise<Map<string, string>> {
  const rendered = new Map<string, string>();
  for (const chart of charts) rendered.set(chart.id, await renderChartSvg(chart));
  return rendered;
}
