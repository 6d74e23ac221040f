// The `table` block: a data table with its caption, column headers and, when the editor
// says so, row headers; numbers are right-aligned so that their digits line up. Cells
// show `text`, which the CMS has already written in the page's language.
import type { Schemas } from "@/lib/types";

const NUMERIC = new Set(["number"]);

export function TableBlock({ value }: { value: Schemas["TableDict"] }) {
  if (!value.columns.length) return null;
  const numeric = value.columns.map((c) => NUMERIC.has(c.type));
  const align = (i: number) => (numeric[i] ? { textAlign: "right" as const } : undefined);
  return (
    // Wide tables scroll inside their own box; the box is focusable so that keyboard
    // users can scroll it too, and named by the caption.
    <div className="table-block" role="region" aria-label={value.caption || undefined} tabIndex={0} style={{ overflowX: "auto" }}>
      <table>
        {value.caption ? <caption>{value.caption}</caption> : null}
        <thead>
          <tr>
            {value.columns.map((c, i) => (
              <th key={i} scope="col" style={align(i)}>{c.heading}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {value.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) =>
                i === 0 && value.first_column_is_header ? (
                  <th key={i} scope="row" style={align(i)}>{cell.text}</th>
                ) : (
                  <td key={i} style={align(i)}>{cell.text}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
