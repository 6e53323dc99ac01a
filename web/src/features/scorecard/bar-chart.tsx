/** A horizontal bar chart of ratios, as plain SVG: a few lines of our own beat a chart library. */
export function BarChart({
  label,
  bars,
}: {
  label: string;
  bars: { label: string; value: number | null }[];
}) {
  const row = 28;
  const labelWidth = 120;
  const width = 340;
  const height = bars.length * row + 8;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {bars.map((bar, i) => {
        const y = i * row + 4;
        const w = bar.value === null ? 0 : Math.max(1, bar.value * (width - labelWidth - 48));
        return (
          <g key={bar.label}>
            <text x={labelWidth - 6} y={y + 17} text-anchor="end" font-size="14" fill="#0b0c0c">
              {bar.label.length > 20 ? `${bar.label.slice(0, 19)}…` : bar.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={w} height={row - 10} fill="#1d70b8" />
            <text x={labelWidth + w + 4} y={y + 17} font-size="14" fill="#0b0c0c">
              {bar.value === null ? 'chưa có' : `${Math.round(bar.value * 100)}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
