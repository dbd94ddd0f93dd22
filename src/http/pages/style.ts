import { createHash } from 'node:crypto';

/** The page style, served as /static/style.css so the CSP can forbid inline styles and scripts alike. */
export const STYLE = `:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#6e6e73;--bg:#fff;--card:#f5f5f7;--line:#e5e5ea;--accent:#c0392b;--chip:#eef0fb;--mark:#ffe58f}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--muted:#a1a1a6;--bg:#111;--card:#1c1c1e;--line:#2c2c2e;--chip:#2a2a40;--mark:#7a5c00}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg);-webkit-text-size-adjust:100%}
header,main,footer{max-width:760px;margin:0 auto;padding:10px 16px}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 16px;border-bottom:1px solid var(--line)}
header h1{margin:4px 0;font-size:22px}header h1 a{color:inherit;text-decoration:none}
header nav a{margin-right:14px;color:var(--muted);text-decoration:none}header nav a[aria-current]{color:var(--fg);font-weight:600}
a{color:#1a5fb4}@media (prefers-color-scheme:dark){a{color:#78aeed}}
form.search{display:flex;gap:8px;margin:12px 0}
form.search input{flex:1;min-width:0;padding:8px 10px;font-size:16px;border:1px solid var(--line);border-radius:8px;background:var(--card);color:var(--fg)}
form.search button{padding:8px 16px;border:0;border-radius:8px;background:var(--accent);color:#fff;font-size:16px;cursor:pointer}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.chip{display:inline-block;padding:2px 10px;border-radius:999px;background:var(--chip);color:inherit;text-decoration:none;font-size:14px;line-height:1.7;white-space:nowrap}
.chip span{color:var(--muted);font-size:12px}
.chips .why{font-size:12px;color:var(--muted);align-self:center}
details.why{font-size:14px;color:var(--muted);margin:8px 0}
.chip.on{background:var(--accent);color:#fff}.chip.on span{color:#fde}
.filters{font-size:14px;color:var(--muted)}
article{padding:12px 0;border-bottom:1px solid var(--line)}
article h2{font-size:18px;line-height:1.45;margin:0 0 4px;font-weight:600}article h2 a{color:inherit;text-decoration:none}article h2 a:hover{text-decoration:underline}
.meta{color:var(--muted);font-size:14px}.meta a{color:inherit}
.outlets strong{color:var(--accent);font-weight:600}
.summary{margin:6px 0;font-size:15px;overflow-wrap:anywhere}
mark{background:var(--mark);color:inherit;padding:0 1px;border-radius:2px}
.more{display:block;margin:16px 0;padding:10px;text-align:center;border-radius:8px;background:var(--card);text-decoration:none;color:inherit}
.subscribe{margin:8px 0;font-size:14px}.subscribe details{display:inline}.subscribe summary{display:inline;cursor:pointer;color:var(--muted);margin-left:10px}
.subscribe details[open] ul{margin:6px 0;padding:8px 8px 8px 26px;background:var(--card);border-radius:8px}
.source{padding:10px 0;border-bottom:1px solid var(--line)}.source h2{font-size:16px;margin:0}
.source dl{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:4px 0;font-size:14px}.source dt{color:var(--muted)}.source dd{margin:0;overflow-wrap:anywhere}
.status{font-weight:600}.ok{color:#2e7d32}.error{color:var(--accent)}.pending{color:var(--muted)}
.empty{color:var(--muted);padding:24px 0}
.body{overflow-wrap:anywhere}.body img,.body video{max-width:100%;height:auto}
footer{color:var(--muted);font-size:13px;border-top:1px solid var(--line);margin-top:12px}
`;

/** For the stylesheet URL: a changed style gets a new URL, so it can be cached for a long time. */
export const STYLE_VERSION = createHash('sha1').update(STYLE).digest('hex').slice(0, 10);

/** The site icon: three strands joining into one (汇聚, "converge"), drawn without text so it needs no font. */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#c0392b"/><path d="M6 8c8 0 10 8 18 8M6 16h18M6 24c8 0 10-8 18-8" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/></svg>`;
