// The evidence panel: an event's fields, each with the sentences that support
// it and those that contradict it, highlighted in their source text.
import { TYPE_COLOURS, day, fill, formatTime, h, plural, safeUrl } from "./dom.js";

const FIELD_CLASS = (field) => `f-${field.split(":")[0]}`;

/** Split ``text`` at every mark boundary; each piece is a span with its marks' classes. */
export function marked(text, marks, classesOf) {
  const cuts = new Set([0, text.length]);
  for (const m of marks) {
    cuts.add(Math.max(0, Math.min(text.length, m.start)));
    cuts.add(Math.max(0, Math.min(text.length, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const active = marks.filter((m) => m.start <= a && b <= m.end);
    const piece = text.slice(a, b);
    if (!active.length) out.push(piece);
    else out.push(h("span", classesOf(active), piece));
  }
  return out;
}

function published(doc) {
  const pub = doc.published;
  if (!pub || !pub.date) return h("span", { class: "muted" }, "undated");
  return h("span", { class: pub.inferred ? "inferred" : "", title: pub.inferred ? `inferred: ${pub.reason}` : "" },
    day(pub.date), pub.inferred ? " (inferred)" : "");
}

function sourceLine(doc, onDocument) {
  const url = safeUrl(doc.url);
  return h("div", { class: "source" },
    h("span", { class: "outlet" }, doc.outlet || "unknown outlet"), " · ", published(doc), " · ",
    h("a", { href: "#", class: "doclink", onclick: (ev) => { ev.preventDefault(); onDocument(doc.id); } },
      doc.title || doc.id),
    url ? h("a", { href: url, class: "ext", rel: "noopener noreferrer", target: "_blank" }, " ↗") : null);
}

function conflictBanner(conflicts, docs) {
  if (!conflicts.length) return null;
  return h("div", { class: "conflicts", role: "alert" },
    h("strong", {}, `Sources disagree on ${plural(conflicts.length, "field")}`),
    conflicts.map((c) => h("div", { class: "conflict-row" },
      h("span", { class: "field" }, c.field), ": ",
      c.values.map((v, i) => h("span", { class: v.value === c.chosen ? "value chosen" : "value other" },
        i ? " vs " : "", String(v.value), " ",
        h("span", { class: "muted" }, `(${v.documents.map((d) => docs[d]?.outlet || d).join(", ")})`))),
      h("div", { class: "muted rule" }, `kept ${String(c.chosen)}: ${c.rule}`))));
}

function fieldTable(fields, focus, onFocus) {
  return h("table", { class: "fields" },
    h("tbody", {}, fields.map((f) => h("tr", {
      class: `${f.conflict ? "disputed" : ""}${focus === f.field ? " focus" : ""}`,
      data: { field: f.field },
      onclick: () => onFocus(focus === f.field ? null : f.field),
      title: "Show the sentences for this field",
    },
    h("th", {}, h("span", { class: `swatch ${FIELD_CLASS(f.field)}` }), f.label),
    h("td", { class: "value" }, f.value, f.conflict ? h("span", { class: "badge conflict" }, "≠") : null),
    h("td", { class: "num support", title: "supporting sentences" }, `✓ ${f.supporting.length}`),
    h("td", { class: `num contra${f.contradicting.length ? " on" : ""}`, title: "contradicting sentences" },
      `✗ ${f.contradicting.length}`)))));
}

function stances(fields, index) {
  const pro = fields.filter((f) => f.supporting.includes(index)).map((f) => f.label);
  const contra = fields.filter((f) => f.contradicting.includes(index)).map((f) => f.label);
  return h("div", { class: "stance" },
    pro.length ? h("span", { class: "pro" }, `supports ${pro.join(", ")}`) : null,
    contra.length ? h("span", { class: "contra" }, `contradicts ${contra.join(", ")}`) : null);
}

function evidenceItem(ev, fields, focus) {
  const related = !focus || fields.some((f) => f.field === focus
    && (f.supporting.includes(ev.index) || f.contradicting.includes(ev.index)));
  const contra = focus && fields.some((f) => f.field === focus && f.contradicting.includes(ev.index));
  const classes = (active) => {
    const names = [];
    if (active.some((m) => m.field === "evidence")) names.push("ev");
    const field = active.find((m) => m.field !== "evidence");
    if (field) names.push("mk", FIELD_CLASS(field.field), focus && field.field.startsWith(focus) ? "hot" : "");
    return { class: names.join(" ").trim(), "data-field": field ? field.field : undefined };
  };
  return h("blockquote", {
    class: `evidence${related ? "" : " dim"}${contra ? " against" : ""}`,
    data: { index: ev.index, document: ev.document },
  }, stances(fields, ev.index), h("p", {}, marked(ev.context.text, ev.marks, classes)));
}

/** Render a generic JSON value (the merge explanation) as nested lists of text. */
function tree(value) {
  if (Array.isArray(value)) return h("ol", {}, value.map((v) => h("li", {}, tree(v))));
  if (value && typeof value === "object") {
    return h("dl", {}, Object.entries(value).map(([k, v]) => [h("dt", {}, k), h("dd", {}, tree(v))]));
  }
  return value === null ? h("span", { class: "muted" }, "—") : String(value);
}

function features(values) {
  return h("span", { class: "features" }, Object.entries(values || {}).map(([k, v]) =>
    h("span", { class: "feat" }, `${k.replaceAll("_", " ")}: ${v === null ? "—" : String(v)}`)));
}

function decisions(items, docs, extra) {
  return h("table", { class: "decisions" }, h("tbody", {}, items.map((d) => h("tr", {},
    h("td", { class: "doc" }, docs[d.document]?.outlet || d.document),
    h("td", {}, h("div", { class: "trigger" }, String(d.trigger ?? "")), features(d.features)),
    h("td", { class: "action" }, extra(d), d.score ? h("span", { class: "muted" }, ` ${d.score}`) : null)))));
}

/** Render the merge explanation: which mentions joined, which were kept apart, and why. */
function explanation(value, docs) {
  if (!value || !Array.isArray(value.members)) return tree(value);
  const apart = value.kept_apart || [];
  return [
    h("p", { class: "muted" }, `${plural(value.members.length, "mention")} merged`),
    decisions(value.members, docs, (d) => d.action),
    apart.length ? h("p", { class: "muted" }, `${plural(apart.length, "nearby mention")} kept apart`) : null,
    apart.length ? decisions(apart, docs, (d) => d.reason || d.action) : null,
  ];
}

/** Show one event's detail in the panel. */
export function renderEvent(panel, detail, { focus = null, onFocus, onDocument }) {
  const event = detail.event;
  const docs = Object.fromEntries(detail.sources.map((d) => [d.id, d]));
  const chip = h("span", { class: "chip" }, event.type);
  chip.style.setProperty("--c", TYPE_COLOURS[event.type] || "#555");
  const byDoc = new Map();
  for (const ev of detail.evidence) {
    if (!byDoc.has(ev.document)) byDoc.set(ev.document, []);
    byDoc.get(ev.document).push(ev);
  }
  fill(panel,
    h("div", { class: "ev-head" }, chip,
      event.mode !== "completed" ? h("span", { class: `badge mode m-${event.mode}` }, event.mode) : null,
      h("h2", {}, event.label),
      h("div", { class: "meta" },
        formatTime(event.time), " ", h("span", { class: "muted" }, `(${event.time.granularity || "open interval"})`),
        detail.place ? ` · ${detail.place.name}` : " · place unknown",
        ` · ${plural(event.independent_reports, "independent report")} in ${plural(event.documents.length, "document")}`)),
    conflictBanner(detail.conflicts, docs),
    fieldTable(detail.fields, focus, onFocus),
    h("h3", {}, "Evidence"),
    [...byDoc.entries()].map(([docId, items]) => h("section", { class: "doc-evidence" },
      sourceLine(docs[docId] || { id: docId }, onDocument),
      items.map((ev) => evidenceItem(ev, detail.fields, focus)))),
    h("h3", {}, "Sources"),
    h("ul", { class: "sources" }, detail.sources.map((d) => h("li", {}, sourceLine(d, onDocument)))),
    detail.explanation ? h("details", { class: "explain", open: true },
      h("summary", {}, "Why these reports were merged"), explanation(detail.explanation, docs)) : null);
}

const MENTION_ORDER = ["place", "timex", "quantity", "actor", "entity"];

/** Show one document with its mentions and evidence sentences highlighted. */
export function renderDocument(panel, doc, { onBack, onEvent }) {
  const marks = [
    ...doc.mentions.map((m) => ({ ...m, field: m.kind })),
    ...doc.evidence.map((e) => ({ start: e.start, end: e.end, field: "evidence", event: e.event })),
  ];
  const classes = (active) => {
    const ev = active.find((m) => m.field === "evidence");
    const mention = MENTION_ORDER.map((k) => active.find((m) => m.field === k)).find(Boolean);
    const names = [ev ? "ev link" : "", mention ? `mk k-${mention.field}` : ""].join(" ").trim();
    return {
      class: names,
      title: mention ? `${mention.kind}${mention.label ? `: ${mention.label}` : ""}` : undefined,
      onclick: ev ? () => onEvent(ev.event) : undefined,
    };
  };
  fill(panel,
    h("button", { type: "button", class: "back", onclick: onBack }, "← back to the event"),
    h("h2", {}, doc.title || doc.id),
    sourceLine(doc, () => {}),
    h("div", { class: "legend doc-legend" },
      ["actor", "place", "timex", "quantity"].map((k) => [h("span", { class: `mk k-${k}` }, k), " "]),
      h("span", { class: "ev" }, "evidence (click to open its event)")),
    h("div", { class: "doctext" }, marked(doc.text, marks, classes)));
}
