/**
 * The status page's only stylesheet, inlined (nothing is loaded from elsewhere), and its hash for the
 * Content-Security-Policy, which then allows this exact stylesheet and nothing else: no script, no other style.
 *
 * Colours keep text at 7:1 or more against its background (WCAG AAA for body text); states are always said in
 * words, colour only repeats them. Below 44rem the tables stack: each row becomes a block and each cell shows
 * its column's name, so nothing scrolls sideways on a 375 px phone.
 */
import { createHash } from 'node:crypto';

export const PAGE_CSS = `
:root{color-scheme:light;--ink:#1b1b1b;--muted:#454545;--line:#c9ccd1;--link:#0a4ea3;--band:#0d2b52;--soft:#f3f5f8}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#fff}
a{color:var(--link);text-underline-offset:.15em}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,main:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-10rem;padding:.5rem 1rem;background:var(--band);color:#fff;z-index:1}
.skip:focus{top:.5rem;outline:3px solid #fff}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
header{background:var(--band);color:#fff;padding:1rem 0 1.25rem}
header a{color:#fff}
header a:focus-visible{outline-color:#fff}
.lang{margin:0;text-align:right}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--band)}
h3{font-size:1.05rem;margin:0 0 .5rem}
.intro{margin:0;max-width:48rem}
main{display:block;padding-bottom:2rem}
.counts{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.75rem;margin:1.25rem 0 0;padding:0}
.counts div{background:var(--soft);border:1px solid var(--line);padding:.5rem .75rem}
.counts dt{font-size:.875rem;color:var(--muted)}
.counts dd{margin:0;font-size:1.25rem;font-weight:700}
form{background:var(--soft);border:1px solid var(--line);padding:.75rem 1rem;margin:0 0 1rem}
.fields{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:flex-end}
.field{display:flex;flex-direction:column;gap:.25rem;min-width:0;flex:1 1 12rem;max-width:24rem}
label{font-weight:600}
.hint{font-size:.875rem;color:var(--muted);margin:0}
select,input,button{font:inherit;min-height:2.75rem;padding:.4rem .6rem;border:1px solid #5f6368;border-radius:4px;background:#fff;color:var(--ink);max-width:100%}
button{background:var(--link);border-color:var(--link);color:#fff;font-weight:600;cursor:pointer;padding:.4rem 1.25rem}
.actions{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.matched{font-weight:600}
table{width:100%;border-collapse:collapse;margin:0 0 1rem}
caption{text-align:left;font-weight:700;padding:.25rem 0 .5rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line);overflow-wrap:break-word}
thead th{background:var(--band);color:#fff;font-size:.9rem}
tbody th[scope=rowgroup]{background:#e4e9f1;font-size:1.05rem;border-top:2px solid var(--band)}
.n{font-weight:400;color:var(--muted);font-size:.9rem}
tbody th[scope=row]{font-weight:600}
.tag{display:inline-block;margin-top:.2rem;padding:0 .4rem;border:1px solid;border-radius:3px;font-size:.875rem;font-weight:600}
.soon{background:#fff4ce;color:#4d3400;border-color:#8a6100}
.past,.state-failing,.state-held{background:#fde7e9;color:#7a0e1c;border-color:#a31426}
.state-overdue{background:#fff4ce;color:#4d3400;border-color:#8a6100}
.state-working{background:#e5f3e9;color:#0c4a22;border-color:#1d6b38}
.state-disabled,.state-never{background:var(--soft);color:var(--muted);border-color:#6b6f75}
.lists{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:0 0 1rem}
.lists li{margin:0}
.lists a{display:inline-block;padding:.35rem .1rem;min-height:2.75rem;line-height:2}
.lists a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.notice{border-left:4px solid var(--band);background:var(--soft);padding:.5rem .75rem;margin:0 0 1rem}
ul,ol{padding-left:1.25rem}
li{margin:.35rem 0;overflow-wrap:anywhere}
time{white-space:nowrap}
footer{border-top:1px solid var(--line);padding:1rem 0 2rem;color:var(--muted);font-size:.9rem}
footer a{color:var(--link)}
.chart-box{margin:0 0 1rem;max-width:40rem}
.chart{display:block;width:100%;height:auto}
.chart text{font:15px system-ui,sans-serif;fill:#1b1b1b}
.chart .year,.chart .today-label{font-size:13px;fill:#454545}
.chart .today-label{fill:#1b1b1b;font-weight:700}
.bar{fill:#0a4ea3}
.bar-soon{fill:#8a6100}
.bar-past{fill:#a31426}
.axis{stroke:#c9ccd1;stroke-width:1}
.today{stroke:#1b1b1b;stroke-width:2;stroke-dasharray:4 3}
.timeline li{margin:.5rem 0}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:44rem){
h1{font-size:1.35rem}
.field{max-width:none;flex-basis:100%}
table,thead,tbody,tr,th,td,caption{display:block}
thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
tbody tr{border-bottom:1px solid var(--line);padding:.25rem 0}
th,td{border:0;padding:.2rem .5rem;overflow-wrap:anywhere}
tbody th[scope=rowgroup]{padding:.5rem}
td[data-label]::before{content:attr(data-label) " : ";font-weight:600;color:var(--muted)}
:lang(en) td[data-label]::before{content:attr(data-label) ": "}
time{white-space:normal}
}
`;

/** The CSP source expression that allows exactly PAGE_CSS as an inline stylesheet. */
export const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS, 'utf8').digest('base64')}'`;
