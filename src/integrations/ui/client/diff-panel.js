// A task's comments on its diff: the diff's lines, a comment form on a line, and sending the
// comments (the next round's feedback for a blocked task, a follow-up task for a merged one).
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, postJson } from './server-api.js';
import { html } from './view-helpers.js';

export function Diff({ planId, task, canComment }) {
  const [files, setFiles] = useState(null);
  const [comments, setComments] = useState([]);
  const [editing, setEditing] = useState(null);
  const [message, setMessage] = useState(null);
  const draft = useRef(null);
  useEffect(() => {
    getJson(`api/plans/${encodeURIComponent(planId)}/tasks/${encodeURIComponent(task.taskId)}/diff`)
      .then((answer) => setFiles(answer.files))
      .catch((error) => setMessage(error.message));
  }, [planId, task.taskId, task.state, task.round]);
  if (!files) return html`<p class="loading">Loading the diff…</p>`;
  if (files.length === 0) return html`<p class="muted">No diff recorded.</p>`;
  const addComment = (event) => {
    event.preventDefault();
    const text = draft.current.value.trim();
    if (text) setComments([...comments, { ...editing, text }]);
    setEditing(null);
  };
  // A blocked task takes the comments as its next round's feedback; a merged one cannot, so
  // they become a follow-up task in a revision of the plan, which goes back to review.
  const merged = task.state === 'done';
  const send = () =>
    postJson(`api/plans/${encodeURIComponent(planId)}/${merged ? 'follow-up' : 'comment'}`, {
      taskId: task.taskId,
      comments,
    })
      .then((result) => {
        setComments([]);
        setMessage(
          merged
            ? `Proposed: follow-up task ${result.task} in a revision of ${planId}, back in review for your approval.`
            : 'Sent: the comments are the feedback of the next round (baton run to go on).',
        );
      })
      .catch((error) => setMessage(error.message));
  return html`<div class="diff">
    ${files.map(
      (file) => html`<table class="diff-file" aria-label=${`diff of ${file.path}`}>
        <caption>${file.path}</caption>
        <tbody>
          ${file.lines.map((line) => {
            const number = line.newLine ?? line.oldLine;
            const side = line.newLine === null ? 'old' : 'new';
            const here = comments.filter(
              (comment) => comment.file === file.path && comment.line === number && comment.side === side,
            );
            const open =
              editing && editing.file === file.path && editing.line === number && editing.side === side;
            return html`<tr class=${`line ${line.kind}`}>
                <td class="number">${line.oldLine ?? ''}</td>
                <td class="number">
                  ${
                    canComment && line.kind !== 'hunk'
                      ? html`<button class="comment-button" aria-label=${`comment on ${file.path} line ${number}`} onClick=${() => setEditing({ file: file.path, line: number, side })}>${line.newLine ?? ''}</button>`
                      : (line.newLine ?? '')
                  }
                </td>
                <td class="code"><code dangerouslySetInnerHTML=${{ __html: line.html }}></code>
                  ${here.map((comment) => html`<div class="comment">${comment.text}</div>`)}
                  ${
                    open
                      ? html`<form class="comment-form" onSubmit=${addComment}>
                          <label>Comment on line ${number}<textarea ref=${draft} name="comment" rows="2" autofocus></textarea></label>
                          <button type="submit">Add comment</button> <button type="button" onClick=${() => setEditing(null)}>Cancel</button>
                        </form>`
                      : null
                  }
                </td>
              </tr>`;
          })}
        </tbody>
      </table>`,
    )}
    ${canComment && comments.length > 0 ? html`<button class="primary" onClick=${send}>${merged ? `Propose ${comments.length} comment(s) as a follow-up task` : `Send ${comments.length} comment(s) as the next round's feedback`}</button>` : null}
    ${message ? html`<p role="status">${message}</p>` : null}
  </div>`;
}
