// Inlined into the page's HTML (page-assets.ts): asks for the first view's data and modules while
// the page's modules load, instead of after. app.js takes the answer over once (takeFirstLoad) when
// its view asks for the same address; any other address is asked for as usual.
(() => {
  try {
    // The route as app.js reads it (route()), and the address its view asks for first.
    const [view, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
    const argument = rest.map(decodeURIComponent).join('/');
    const addresses = {
      pool: 'api/pool',
      cost: 'api/cost',
      plan: `api/plans/${encodeURIComponent(argument)}`,
    };
    const address = Object.hasOwn(addresses, view) ? addresses[view] : 'api/board';
    window.batonFirstLoad = { address, answer: fetch(address, { headers: { accept: 'application/json' } }) };
    // The first view's modules, when app.js does not import them itself (page-assets.ts lists
    // them before this script): asked for now, together, not after app.js has run.
    const modules = window.batonViewModules;
    for (const name of Object.hasOwn(modules, view) ? modules[view] : []) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = `assets/${name}`;
      document.head.append(link);
    }
  } catch {
    // Nothing asked for early: the view asks when it loads.
  }
})();
