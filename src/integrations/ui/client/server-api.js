// The page's requests to the server that served it: JSON views (the first one possibly already
// asked for by first-load.js) and actions, which carry the page's CSRF token. Every address is
// relative: the page's own address carries its token.
const csrf = document.querySelector('meta[name="baton-csrf"]').content;

/** The first view's data, asked for by first-load.js while the modules loaded: taken once. */
function takeFirstLoad(address) {
  const first = window.batonFirstLoad;
  if (!first || first.address !== address) return undefined;
  window.batonFirstLoad = undefined;
  return first.answer;
}

export async function getJson(address) {
  const response = await (takeFirstLoad(address) ??
    fetch(address, { headers: { accept: 'application/json' } }));
  if (!response.ok) {
    // baton's refusal says why (a filter it cannot read, a plan that is not there) and what to do.
    const answer = await response.json().catch(() => null);
    const error = answer?.error;
    throw new Error(
      error
        ? `${error.code}: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`
        : `${address}: ${response.status}`,
    );
  }
  return response.json();
}

export async function postJson(address, body) {
  const response = await fetch(address, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-baton-csrf': csrf },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await response.json().catch(() => ({ ok: false, error: { message: `${response.status}` } }));
  if (!answer.ok)
    throw new Error(
      `${answer.error.code ?? 'ERROR'}: ${answer.error.message}${answer.error.hint ? ` — ${answer.error.hint}` : ''}`,
    );
  return answer.result;
}
