import type { DiffRow } from '../diff';

// On its own (no design-system imports) because the worker threads render it too (diff-task.tsx).
export function DiffRows({ rows }: { rows: DiffRow[] }) {
  if (rows.length === 0) return <p class="muted">The article text is the same in both revisions.</p>;
  return (
    <div class="table-wrap" role="region" aria-label="Changes to the article text" tabindex={0}>
      <table class="diff">
        <caption class="visually-hidden">Line-by-line changes to the article text</caption>
        <thead>
          <tr>
            <th scope="col">Old line</th>
            <th scope="col">New line</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            switch (row.kind) {
              case 'skip':
                return (
                  <tr class="diff-skip">
                    <td colspan={3}>
                      … {row.lines} unchanged {row.lines === 1 ? 'line' : 'lines'} …
                    </td>
                  </tr>
                );
              case 'same':
                return (
                  <tr class="diff-same">
                    <td class="ln">{row.before}</td>
                    <td class="ln">{row.after}</td>
                    <td class="text">{row.text}</td>
                  </tr>
                );
              case 'removed':
                return (
                  <tr class="diff-removed">
                    <td class="ln">{row.before}</td>
                    <td class="ln" />
                    <td class="text">
                      <span class="marker">Removed: </span>
                      <del>{row.text}</del>
                    </td>
                  </tr>
                );
              case 'added':
                return (
                  <tr class="diff-added">
                    <td class="ln" />
                    <td class="ln">{row.after}</td>
                    <td class="text">
                      <span class="marker">Added: </span>
                      <ins>{row.text}</ins>
                    </td>
                  </tr>
                );
              case 'changed':
                return (
                  <tr class="diff-changed">
                    <td class="ln">{row.before}</td>
                    <td class="ln">{row.after}</td>
                    <td class="text">
                      <span class="marker">Changed: </span>
                      {row.segments.map((s) =>
                        s.change === 'added' ? (
                          <ins>
                            <span class="visually-hidden">[added: </span>
                            {s.text}
                            <span class="visually-hidden">]</span>
                          </ins>
                        ) : s.change === 'removed' ? (
                          <del>
                            <span class="visually-hidden">[removed: </span>
                            {s.text}
                            <span class="visually-hidden">]</span>
                          </del>
                        ) : (
                          s.text
                        ),
                      )}
                    </td>
                  </tr>
                );
              default:
                return null;
            }
          })}
        </tbody>
      </table>
    </div>
  );
}
