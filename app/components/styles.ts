// Shared class lists: one type and spacing scale for every page (text-sm body, text-xs meta,
// text-base section titles, text-xl page titles; p-4 / p-6 cards, gap-2 / gap-3 / gap-4).
export const card = 'rounded-lg border border-line bg-surface';
export const cardPad = `${card} p-4 sm:p-6`;
export const btn =
  'inline-flex min-h-9 items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50';
export const btnPrimary = `${btn} bg-accent text-accent-ink hover:bg-accent-hover`;
export const btnSecondary = `${btn} border border-line bg-surface text-ink hover:bg-sunken`;
export const btnDanger = `${btn} border border-danger-line bg-danger-soft text-danger hover:border-danger`;
export const input =
  'mt-1 w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink placeholder:text-faint focus:border-accent focus:outline-2 focus:outline-accent/30';
export const label = 'block text-sm font-medium text-muted';
export const link =
  'text-accent underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-accent';
export const pageTitle = 'text-xl font-bold text-ink';
export const sectionTitle = 'text-base font-bold text-ink';
