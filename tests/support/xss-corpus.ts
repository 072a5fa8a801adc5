/**
 * Hostile strings for tenant-controlled fields. Every payload that could run sets `window.__xss`, so a test
 * only has to check that it stayed undefined (and that no dialog opened). The XSS scenario
 * (tests/fixtures/scenarios/xss.json, written by tests/support/xss-scenario.ts) places these in rule names,
 * subjects, display names, user agents and app names; tests read the same constants to find them on screen.
 */
export const XSS = {
  scriptTag: '<script>window.__xss=1</script>',
  imgOnerror: '<img src=x onerror="window.__xss=1">',
  svgOnload: '"><svg onload=window.__xss=1>',
  javascriptUrl: 'javascript:window.__xss=1',
  anchor: '<a href="javascript:window.__xss=1">open</a>',
  iframe: '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  /** Template injection (AngularJS-style expressions, JS template literals). */
  template: "{{constructor.constructor('window.__xss=1')()}}",
  templateLiteral: '${window.__xss=1}',
  /** Breaking out of a style element and hiding the page. */
  styleBreak: '</style><style>body{display:none}</style>',
  /** Entities must stay literal text: "&lt;" on screen, never "<". */
  entities: '&lt;script&gt;window.__xss=1&lt;/script&gt;',
  /** RIGHT-TO-LEFT OVERRIDE: "invoice.exe" displayed as "invoiceexe.pdf"-style spoofing. */
  rtl: 'invoice\u202Efdp.exe',
  /** Zero-width space, non-joiner, joiner, BOM: invisible, but not nothing. */
  zeroWidth: 'ad\u200Bm\u200Ci\u200Dn\uFEFF',
  /** Terminal control: clear screen and red text, for the CLI. */
  ansi: '\u001b[2J\u001b[31mred\u001b[0m',
  /** Stacked combining marks grow a line upwards and downwards. */
  zalgo: 'Z\u0351\u0360\u0337a\u0354\u0352l\u0353\u0358g\u035bo\u0336',
} as const;

/** 100 KiB without a single break opportunity, of the widest ASCII letter. */
export const LONG = `LONG-${'W'.repeat(100 * 1024 - 5)}`;

/** Every payload that looks like markup or script: none of these may become an element, a link or a run. */
export const MARKUP = [
  XSS.scriptTag,
  XSS.imgOnerror,
  XSS.svgOnload,
  XSS.javascriptUrl,
  XSS.anchor,
  XSS.iframe,
  XSS.template,
  XSS.templateLiteral,
  XSS.styleBreak,
  XSS.entities,
] as const;

/** Terminal-dangerous characters the CLI must neutralise (C0/C1 controls, bidi embeddings and isolates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
