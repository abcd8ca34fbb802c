import type { JSX } from "solid-js";

/** A progress bar screen readers can read: role, value, min and max; the caption says the rest. */
export function ProgressBar(props: { percent: number; label: string; caption?: JSX.Element }) {
  const value = () => Math.max(0, Math.min(100, Math.round(props.percent)));
  return (
    <div class="progress">
      <div class="progress-track" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value()}>
        <div class="progress-fill" style={{ width: `${value()}%` }} />
      </div>
      <div class="progress-caption">
        <span>{value()}%</span>
        {props.caption}
      </div>
    </div>
  );
}
