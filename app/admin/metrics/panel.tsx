// One titled table of the metrics page. From the `sm` breakpoint up it is a table; on a phone each
// row is a small card (the first column as its heading, the others as labelled values, long text
// wrapped), so nothing scrolls sideways at 390 px.
import { card, sectionTitle } from '../../components/styles';

const th = 'px-3 py-2 font-medium';
const td = 'px-3 py-2';
// Numbers take their width; text columns share the rest and are cut with an ellipsis (full text in the title).
const num = `${td} w-px whitespace-nowrap text-right tabular-nums`;
const text = `${td} max-w-0 truncate`;

/** A heading starting with ">" is a right-aligned number column; `testId` marks table rows, `${testId}-card` the phone cards. */
export function Panel(props: { title: string; head: string[]; rows: string[][]; empty: string; testId: string }) {
  const right = props.head.map((h) => h.startsWith('>'));
  const heads = props.head.map((h) => h.replace(/^>/, ''));
  return (
    <section className={card}>
      <h2 className={`${sectionTitle} px-3 pt-3`}>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p className="text-muted px-3 py-3 text-sm">{props.empty}</p>
      ) : (
        <>
          <table className="hidden w-full text-sm sm:table">
            <thead className="text-faint text-left text-xs">
              <tr>
                {heads.map((h, i) => (
                  <th key={h} className={`${th} ${right[i] ? 'text-right whitespace-nowrap' : ''}`}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={row.join('|')} className="border-line border-t" data-testid={props.testId}>
                  {heads.map((h, i) => (
                    <td key={h} className={right[i] ? num : text} title={right[i] ? undefined : row[i]}>
                      {row[i]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="mt-2 sm:hidden">
            {props.rows.map((row) => (
              <li key={row.join('|')} className="border-line border-t px-3 py-2" data-testid={`${props.testId}-card`}>
                <p className="text-ink text-sm font-medium break-all">{row[0]}</p>
                <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
                  {heads.slice(1).map((h, j) => (
                    <div key={h} className={right[j + 1] ? 'flex gap-1' : 'flex basis-full gap-1'}>
                      <dt className="text-faint shrink-0">{h}</dt>
                      <dd className={right[j + 1] ? 'text-ink tabular-nums' : 'text-muted min-w-0 break-words'}>
                        {row[j + 1]}
                      </dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
