// The task progress bar: role=progressbar with aria-valuenow; fixed height, so live updates never
// move the layout; stripes move while the task runs.
export function ProgressBar({
  value,
  label,
  running = false,
  size = 'md',
  tone = 'accent',
}: {
  value: number;
  label: string;
  running?: boolean;
  size?: 'sm' | 'md';
  tone?: 'accent' | 'danger' | 'muted';
}) {
  const fill = tone === 'danger' ? 'bg-danger' : tone === 'muted' ? 'bg-faint' : 'bg-accent';
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={`${value}%`}
      className={`bg-track w-full overflow-hidden rounded-full ${size === 'sm' ? 'h-1.5' : 'h-3'}`}
    >
      <div
        className={`${fill} h-full rounded-full transition-[width] duration-500 ease-out ${running ? 'sp-stripes' : ''}`}
        style={{ width: `${value}%` }}
      />
    </div>
  );
}
