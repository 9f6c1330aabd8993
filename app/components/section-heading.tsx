// A card's title and one line of explanation under it; `id` labels the section.
import { sectionTitle } from './styles';

export function SectionHeading({ id, title, hint }: { id: string; title: string; hint?: React.ReactNode }) {
  return (
    <div>
      <h2 id={id} className={sectionTitle}>
        {title}
      </h2>
      {hint && <p className="text-muted mt-1 text-sm break-words">{hint}</p>}
    </div>
  );
}
