"""The fixed Typst preamble of every cdc PDF printed by Typst: page, type, and the functions
the generated body calls (cover, contents, tables, notes, figures).

It is cdc's code, the same for every project: nothing from a project is ever spliced into it
(:mod:`cdc.rendering.writers.typst_markup` passes project text as string literals). Its values
mirror ``templates/common/print.css`` and ``style.css`` so both engines print alike.
"""

from __future__ import annotations

PREAMBLE = r"""
#let ink = rgb("#1d2430")
#let muted = rgb("#5b6472")
#let accent = rgb("#1f4e79")
#let accent-soft = rgb("#e8eff7")
#let rule = rgb("#c9d2dc")
#let warn = rgb("#8a5a00")
#let warn-soft = rgb("#fdf3e1")
#let code-bg = rgb("#f3f5f8")

#set text(font: ("DejaVu Sans",), size: 9.5pt, fill: ink, hyphenate: false)
#set par(leading: 0.72em, spacing: 1.15em, justify: false)
// Typst sets raw text at 0.8em, and an em here multiplies it: 1.15em gives the 0.92em of the
// HTML's <code> (1.03em printed code at 0.82em, a size smaller than in the WeasyPrint PDF).
#show raw: set text(font: ("DejaVu Sans Mono",), size: 1.15em)
// Inline code on the light grey of the HTML's <code>; a highlight, not a box, so that a long
// identifier still breaks across lines.
#show raw.where(block: false): it => highlight(fill: code-bg, top-edge: "ascender",
  bottom-edge: "descender", extent: 0.15em, it)
#show link: it => it

#let cdc-pages(header: "", footer: "", body) = {
  set page(
    paper: "a4",
    margin: (top: 24mm, right: 17mm, bottom: 20mm, left: 17mm),
    header-ascent: 3mm,
    footer-descent: 3mm,
    header: context if here().page() > 1 {
      set text(size: 7.5pt, fill: muted)
      align(bottom, header)
    },
    footer: context if here().page() > 1 {
      set text(size: 7.5pt, fill: muted)
      grid(
        columns: (3fr, 1fr),
        footer,
        align(right, box[Page #counter(page).display() / #counter(page).final().first()]),
      )
    },
  )
  body
}

#set heading(numbering: none)
#show heading: set text(fill: accent, weight: "bold")
#show heading: set par(leading: 0.45em)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 1): set block(
  above: 0pt, below: 1em, stroke: (bottom: 1.5pt + accent), inset: (bottom: 0.25em), width: 100%,
)
#show heading.where(level: 1): it => { pagebreak(weak: true); it }
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading.where(level: 2): set block(above: 1.6em, below: 0.8em)
#show heading.where(level: 3): set text(size: 11pt)
#show heading.where(level: 3): set block(above: 1.4em, below: 0.7em)
#show heading.where(level: 4): set text(size: 9.5pt)

#set list(indent: 0.4em, body-indent: 0.6em, spacing: 0.95em)
#set enum(indent: 0.4em, body-indent: 0.6em, spacing: 0.95em)

#let cdc-par-small(body) = par(text(size: 0.86em, fill: muted, body))
#let cdc-par-meta(body) = par(text(style: "italic", fill: muted, body))
#let cdc-par-caption(body) = par(text(size: 0.88em, fill: muted, body))
// Kept with the next block (the print CSS's break-after: avoid): a subheading, and the
// introduction right after a heading (the writer wraps it), never end a page on their own.
#let cdc-par-subheading(body) = block(sticky: true, above: 1.6em, below: 1.15em, par(body))
#let cdc-keep(body) = block(sticky: true, above: 1.15em, below: 1.15em, body)
#let cdc-par-lead(body) = par(body)

#set table(stroke: 0.75pt + rule, inset: (x: 0.45em, y: 0.55em), align: left + top)
// A row is never cut in two: each body cell's content is one unbreakable block (the rows stay
// breakable for Typst, which then moves a row that does not fit whole to the next page). At
// 1,000 requirements this takes ~60 MB less than unbreakable cells, for the same pages. Only
// for tables with fractional columns (a full-width block would widen an auto column).
#let cdc-whole-rows(it) = if it.y == 0 { it } else { block(breakable: false, width: 100%, it) }
#show table: set text(size: 0.93em)
#show table: set par(leading: 0.66em, spacing: 0.85em)
#let cdc-th(body) = table.cell(fill: accent, text(fill: white, weight: "bold", body))
#let cdc-rh(body) = table.cell(fill: accent-soft, text(weight: "bold", body))
#let cdc-caption(caption) = if caption != none {
  block(sticky: true, above: 0.9em, below: 0.4em, text(weight: "bold", fill: accent, caption))
}
#let cdc-table(caption: none, columns: (), ..cells) = {
  cdc-caption(caption)
  show table.cell: cdc-whole-rows
  block(above: 0.6em, below: 1em, table(columns: columns, ..cells))
}
// A matrix (RACI) is read across rows and columns: one piece whenever it fits on a page,
// centred marks, long role names in a smaller header (condensed where the font has it), broken
// only between words (hyphenation cut every name into fragments: "Direc-trice de la rela-tion client").
#let cdc-matrix(caption: none, columns: (), ..cells) = {
  cdc-caption(caption)
  show table.cell: cdc-whole-rows
  show table.cell.where(y: 0): set text(size: 0.68em, stretch: 87.5%, hyphenate: false)
  show table.cell.where(y: 0): set table.cell(inset: (x: 0.15em, y: 0.55em))
  block(above: 0.6em, below: 1em, breakable: false, table(
    columns: columns,
    align: (x, y) => (if x == 0 { left } else { center }) + (if y == 0 { bottom } else { top }),
    ..cells,
  ))
}

// A note's inset is the CSS padding plus its paragraph's margin and half-leading (a CSS line
// box is taller than Typst's, which ends at the baseline): with the padding alone the last
// line sat on the box's edge.
#let cdc-note(kind, body) = {
  if kind == "quote" {
    block(stroke: (left: 2.25pt + rule), inset: (x: 0.9em, y: 0.3em), above: 0.6em,
      below: 0.6em, breakable: false, text(fill: muted, body))
  } else {
    let (line, fill) = if kind in ("warning", "legal") { (warn, warn-soft) } else { (accent, accent-soft) }
    block(width: 100%, stroke: (left: 3pt + line), fill: fill, inset: (x: 0.8em, y: 0.9em),
      above: 0.8em, below: 0.8em, breakable: false, body)
  }
}

#let cdc-pre(code) = block(width: 100%, fill: code-bg, inset: (x: 0.8em, y: 0.6em),
  breakable: false, raw(code, block: true))

#let cdc-figure(path, caption: none) = block(above: 1em, below: 1.4em, breakable: false, {
  image(path, width: 100%)
  if caption != none { v(0.3em); text(size: 0.88em, fill: muted, caption) }
})

#let cdc-toc(title, depth) = {
  if title != "" {
    block(below: 1em, text(size: 16pt, weight: "bold", fill: accent, title))
  }
  show outline.entry: set block(above: 0.62em)
  set outline.entry(fill: box(width: 1fr, repeat([.], gap: 0.3em)))
  show outline.entry.where(level: 1): set block(above: 1.05em)
  show outline.entry.where(level: 1): it => strong(it)
  outline(title: none, depth: depth, indent: 1.5em)
  pagebreak(weak: true)
}

#let cdc-cover(kind: none, title: "", subtitle: none, fields: (), notice: none) = {
  v(60mm)
  if kind != none {
    block(width: 100%, stroke: (top: 3pt + accent), inset: (top: 4mm), above: 0pt, below: 0.3em,
      text(weight: "bold", fill: muted, tracking: 0.08em, upper(kind)))
  }
  // The title's leading set inside its 24 pt text: an em given to par() beside it would be
  // the body's (the two lines of a long title touched).
  // Typst measures lines from cap height to baseline, CSS from line box to line box: the
  // spacing around the title is the print CSS margins plus what the CSS line box adds.
  block(above: 11pt, below: 14pt, {
    set text(size: 24pt, weight: "bold", fill: accent)
    set par(leading: 0.5em)
    title
  })
  if subtitle != none { block(text(size: 1.15em, fill: muted, subtitle)) }
  if fields.len() > 0 {
    v(12mm)
    // As wide as its content (a contact on one line), at least 65 % of the page, as in CSS.
    let cells = fields.map(((label, value)) => (
      table.cell(inset: (left: 0.45em, right: 1.5em, y: 0.6em), text(weight: "bold", fill: muted, label)),
      value,
    )).flatten()
    let fields-table(columns) = table(
      columns: columns, stroke: (x, y) => (bottom: 0.75pt + rule), inset: (x: 0.45em, y: 0.6em),
      ..cells,
    )
    layout(size => {
      let natural = measure(fields-table((auto, auto))).width
      block(width: calc.min(size.width, calc.max(natural, 0.65 * size.width)),
        fields-table((auto, 1fr)))
    })
  }
  if notice != none {
    v(10mm)
    block(width: 80%, text(size: 0.9em, fill: muted, notice))
  }
  pagebreak(weak: true)
}
"""

__all__ = ["PREAMBLE"]
