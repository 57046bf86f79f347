/**
 * The proposal as HTML for the Chromium comparison (what an Electron `printToPDF` exporter would
 * render): same PdfModel, comparable layout — branded header, parties, sections, a pricing table
 * whose <thead> repeats on every printed page, totals, terms, payment details.
 */
import type { PdfModel } from '../src-main/pdf/pdf-model.ts'

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function markdown(src: string): string {
  return src
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split('\n')
      const bold = (t: string): string => esc(t).replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
      if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
        return `<ul>${lines.map((l) => `<li>${bold(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`
      }
      return `<p>${lines.map(bold).join('<br>')}</p>`
    })
    .join('')
}

export function proposalHtml(m: PdfModel): string {
  const showDiscount = m.lines.some((l) => l.discount !== '')
  const rows = m.lines
    .map(
      (l) => `<tr class="${l.optional ? 'opt' : ''}"><td class="r">${l.position}</td>
<td>${l.optional ? '<div class="tag">OPTIONAL</div>' : ''}${esc(l.description)}${l.sku ? `<div class="sku">${esc(l.sku)}</div>` : ''}</td>
<td class="r">${esc(l.quantity)}</td><td>${esc(l.unit)}</td><td class="r">${esc(l.unitPrice)}</td>
${showDiscount ? `<td class="r">${esc(l.discount)}</td>` : ''}<td class="r">${esc(l.taxes)}</td><td class="r">${esc(l.amount)}</td></tr>`,
    )
    .join('\n')
  const t = m.totals
  const totals = [
    ['Subtotal', t.linesNet],
    ...(t.documentDiscount ? [[t.documentDiscount.label, t.documentDiscount.amount]] : []),
    ...t.taxes.map((x) => [`${x.label} on ${x.base}`, x.amount]),
    ['Total', t.gross],
  ]
    .map(([k, v]) => `<tr><td>${esc(k ?? '')}</td><td class="r">${esc(v ?? '')}</td></tr>`)
    .join('')
  const c = m.client
  return `<!doctype html><html lang="${esc(m.locale)}"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 16mm 17mm 21mm 17mm; }
body { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1f2328; line-height: 1.25; }
.head { display: flex; justify-content: space-between; border-bottom: 1.5pt solid #1f4e79; padding-bottom: 10pt; }
.brand { font-size: 18pt; font-weight: bold; color: #1f4e79; width: 220pt; }
.company { text-align: right; font-size: 8.5pt; color: #5f6b76; }
.eyebrow { color: #1f4e79; font-weight: bold; font-size: 8.5pt; margin-top: 14pt; }
h1 { font-size: 20pt; margin: 2pt 0 12pt; }
h2 { font-size: 12pt; color: #1f4e79; margin: 10pt 0 4pt; }
.parties { display: flex; justify-content: space-between; margin-bottom: 16pt; }
.label { font-size: 7.5pt; font-weight: bold; color: #5f6b76; }
table { border-collapse: collapse; width: 100%; }
table.lines { table-layout: fixed; font-size: 8.5pt; }
table.lines td, table.lines th { padding: 4pt; vertical-align: top; overflow-wrap: anywhere; }
table.lines thead th { background: #1f4e79; color: #fff; text-align: left; }
table.lines tbody tr { border-bottom: 0.4pt solid #d5dbe1; }
table.lines tbody tr:nth-child(even) { background: #f6f8fa; }
.r { text-align: right !important; }
.sku { font-size: 7.5pt; color: #5f6b76; }
.tag { font-size: 6.5pt; font-weight: bold; color: #8a6d1f; }
.opt { color: #5f6b76; }
table.totals { width: 270pt; margin: 8pt 0 16pt auto; }
table.totals td { padding: 3pt 4pt; }
table.totals tr:last-child td { border-top: 1pt solid #1f4e79; font-size: 11pt; font-weight: bold; color: #1f4e79; }
.pay { background: #e8eef5; border-left: 2pt solid #1f4e79; padding: 8pt 10pt; white-space: pre-line; }
</style></head><body>
<div class="head"><div class="brand">${esc(m.company.name)}</div><div class="company"><b>${esc(m.company.name)}</b><br>${esc(m.company.address)}<br>${esc(m.company.email)}<br>${esc(m.company.phone)}<br>${esc(m.company.website)}<br>Tax ID ${esc(m.company.taxId)}</div></div>
<div class="eyebrow">PROPOSAL ${esc(m.proposal.number)}</div><h1>${esc(m.proposal.title)}</h1>
<div class="parties"><div><div class="label">PREPARED FOR</div>${c ? `<b>${esc(c.name)}</b><br>Attn. ${esc(c.contactName)}<br>${esc(c.address)}<br>${esc(c.email)}<br>${esc(c.phone)}` : '—'}</div>
<div><table><tr><td>Proposal no.</td><td class="r"><b>${esc(m.proposal.number)}</b></td></tr><tr><td>Revision</td><td class="r">${esc(m.proposal.revision)}</td></tr><tr><td>Issue date</td><td class="r">${esc(m.proposal.issueDate)}</td></tr><tr><td>Valid until</td><td class="r">${esc(m.proposal.validUntil)}</td></tr></table></div></div>
${m.sections.map((s) => `<h2>${esc(s.title)}</h2>${markdown(s.body)}`).join('')}
<h2>Pricing</h2>
<table class="lines"><colgroup><col style="width:20pt"><col><col style="width:38pt"><col style="width:34pt"><col style="width:60pt">${showDiscount ? '<col style="width:30pt">' : ''}<col style="width:40pt"><col style="width:68pt"></colgroup>
<thead><tr><th class="r">#</th><th>Description</th><th class="r">Qty</th><th>Unit</th><th class="r">Unit price</th>${showDiscount ? '<th class="r">Disc.</th>' : ''}<th class="r">Tax</th><th class="r">Amount</th></tr></thead>
<tbody>${rows}</tbody></table>
<table class="totals">${totals}</table>
${m.terms ? `<h2>Terms</h2>${markdown(m.terms)}` : ''}
${m.notes ? `<h2>Notes</h2>${markdown(m.notes)}` : ''}
${m.company.paymentDetails ? `<div class="pay"><div class="label">PAYMENT DETAILS</div>${esc(m.company.paymentDetails)}</div>` : ''}
</body></html>`
}

export function footerTemplate(m: PdfModel): string {
  return `<div style="font-size:8pt;color:#5f6b76;width:100%;padding:0 17mm;display:flex;justify-content:space-between;font-family:sans-serif">
<span>${esc(m.company.name)} · ${esc(m.proposal.number)} rev. ${esc(m.proposal.revision)}</span>
<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
}
