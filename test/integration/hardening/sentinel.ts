import { type SandboxCustomer, seededUuid } from '../../sandbox/demoData';

/*
 * A hostile customer whose payloads, if any of them ever ran, would set one global in the page
 * that rendered them: `window.__rotorPwned`. The sandbox's own hostile set only calls alert(),
 * which a test cannot observe. Shared by the integration suite and the workbench spec (no
 * vscode import here).
 */

export const SENTINEL_GLOBAL = '__rotorPwned';
export const SENTINEL_ID = seededUuid(6670);

const set = `window.${SENTINEL_GLOBAL}=1`;

/** Every way markup could run script: tags, handlers, attribute break-outs, URLs, srcdoc, SVG. */
export const SENTINEL_PAYLOADS = {
  script: `<script>${set}</script>`,
  img: `<img src=x onerror="${set}">`,
  attributeBreakout: `" autofocus onfocus="${set}" x="`,
  singleQuoteBreakout: `' onmouseover='${set}' x='`,
  svg: `<svg onload="${set}"></svg>`,
  iframe: `<iframe srcdoc="<script>parent.${SENTINEL_GLOBAL}=1</script>"></iframe>`,
  javascriptUrl: `javascript:${set}`,
  dataUrl: `data:text/html,<script>${set}</script>`,
  closeTextarea: `</textarea></title></style><script>${set}</script>`,
  markdownLink: `[click](javascript:${set}) [cmd](command:workbench.action.quit)`,
  /** One unbreakable token: the layout must wrap it, not grow sideways. */
  unbroken: 'W'.repeat(3000),
} as const;

/** The sentinel customer: a payload in every string field the panel, hover and tree show. */
export function sentinelCustomer(): SandboxCustomer {
  const p = SENTINEL_PAYLOADS;
  return {
    id: SENTINEL_ID,
    first_name: p.script,
    last_name: p.img,
    company_name: `${p.attributeBreakout}${p.unbroken}`,
    email: `"><img src=x onerror=${set}>@example.com`,
    phone: p.javascriptUrl,
    status: p.svg,
    source: p.dataUrl,
    created_at: p.closeTextarea,
    is_auto_pay: true,
    address: {
      street1: p.iframe,
      street2: p.singleQuoteBreakout,
      city: p.svg,
      state: p.script,
      zip: p.javascriptUrl,
      country: p.img,
    },
    location: [39.7, -104.9],
    notes: Object.values(p).join('\n'),
    tags: [p.script, p.img, p.markdownLink, p.unbroken],
    [`<img src=x onerror="${set}">`]: p.attributeBreakout,
  };
}
