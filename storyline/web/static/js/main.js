// The page: filters drive one query; the map, the timeline and the evidence
// panel all draw from its answer, so they always show the same events.
import { TYPES, TYPE_COLOURS, api, fill, h, plural, reveal } from "./dom.js";
import { renderDocument, renderEvent } from "./evidence.js";
import { createMap, focusPlace, renderMarkers } from "./map.js";
import { renderTimeline } from "./timeline.js";

const PAGE = 1000;
const $ = (id) => document.getElementById(id);

const state = {
  filters: { types: new Set(), mode: "", start: "", end: "", q: "", place: "", inView: false, conflicts: false },
  bbox: "",
  events: [],
  places: {},
  total: 0,
  selected: null,
  detail: null,
  focus: null,
  fitNext: true,
  request: 0,
};

function query() {
  const f = state.filters;
  return {
    limit: PAGE,
    type: [...f.types].join(","),
    mode: f.mode,
    start: f.start,
    end: f.end,
    q: f.q,
    place: f.place,
    bbox: f.inView ? state.bbox : "",
    conflicts: f.conflicts ? "true" : "",
  };
}

async function refresh() {
  const ticket = ++state.request;
  document.body.dataset.loading = "true";
  try {
    const answer = await api("/api/events", query());
    if (ticket !== state.request) return;
    state.events = answer.events;
    state.places = answer.places;
    state.total = answer.total;
    draw();
  } catch (error) {
    showError(error);
  } finally {
    if (ticket === state.request) document.body.dataset.loading = "false";
  }
}

function draw() {
  const shown = state.events.length;
  const more = state.total > shown ? ` of ${state.total} (narrow the filters to see the rest)` : "";
  fill($("count"), `${plural(shown, "event")}${more}`, placeChip());
  renderTimeline({
    axis: $("axis"),
    list: $("timeline"),
    events: state.events,
    places: state.places,
    filters: state.filters,
    selected: state.selected,
    onSelect: select,
    onRange: (start, end) => {
      Object.assign(state.filters, { start, end });
      $("f-start").value = start;
      $("f-end").value = end;
      refresh();
    },
  });
  renderMarkers(map, {
    events: state.events,
    places: state.places,
    selected: state.selected,
    onPlace: togglePlace,
    fit: state.fitNext && !state.filters.inView,
  });
  state.fitNext = false;
}

function placeChip() {
  const id = state.filters.place;
  if (!id) return null;
  const name = state.places[id]?.name || id;
  return h("button", { type: "button", class: "filter-chip", onclick: () => togglePlace(id), title: "Remove this filter" },
    `place: ${name} ×`);
}

function togglePlace(id) {
  state.filters.place = state.filters.place === id ? "" : id;
  refresh();
}

async function select(id) {
  state.selected = id;
  state.focus = null;
  for (const row of $("timeline").querySelectorAll(".row")) {
    const on = row.dataset.id === id;
    row.classList.toggle("selected", on);
    row.setAttribute("aria-selected", on ? "true" : "false");
    if (on) reveal($("timeline"), row);
  }
  const event = state.events.find((e) => e.id === id);
  renderMarkers(map, { events: state.events, places: state.places, selected: id, onPlace: togglePlace, fit: false });
  if (event?.place) focusPlace(map, event.place);
  try {
    state.detail = await api(`/api/events/${encodeURIComponent(id)}`);
    if (state.selected === id) showDetail();
  } catch (error) {
    showError(error);
  }
}

function showDetail() {
  renderEvent($("panel"), state.detail, {
    focus: state.focus,
    onFocus: (field) => { state.focus = field; showDetail(); },
    onDocument: openDocument,
  });
  $("panel").dataset.event = state.detail.event.id;
}

async function openDocument(id) {
  try {
    const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
    renderDocument($("panel"), doc, { onBack: showDetail, onEvent: select });
    $("panel").scrollTop = 0;
  } catch (error) {
    showError(error);
  }
}

function showError(error) {
  fill($("panel"), h("p", { class: "error", role: "alert" }, error.message));
}

function typeButtons(counts) {
  fill($("types"), TYPES.filter((t) => counts[t]).map((type) => {
    const button = h("button", {
      type: "button",
      class: "type",
      "aria-pressed": "false",
      data: { type },
      onclick: () => {
        const on = !state.filters.types.has(type);
        if (on) state.filters.types.add(type);
        else state.filters.types.delete(type);
        button.setAttribute("aria-pressed", on ? "true" : "false");
        refresh();
      },
    }, type, h("span", { class: "n" }, counts[type]));
    button.style.setProperty("--c", TYPE_COLOURS[type]);
    return button;
  }));
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function wireFilters() {
  const f = state.filters;
  const later = debounce(refresh, 250);
  $("f-q").addEventListener("input", (e) => { f.q = e.target.value.trim(); later(); });
  $("f-mode").addEventListener("change", (e) => { f.mode = e.target.value; refresh(); });
  $("f-start").addEventListener("change", (e) => { f.start = e.target.value; refresh(); });
  $("f-end").addEventListener("change", (e) => { f.end = e.target.value; refresh(); });
  $("f-view").addEventListener("change", (e) => { f.inView = e.target.checked; refresh(); });
  $("f-conflicts").addEventListener("change", (e) => { f.conflicts = e.target.checked; refresh(); });
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("f-reset").addEventListener("click", () => {
    Object.assign(f, { mode: "", start: "", end: "", q: "", place: "", inView: false, conflicts: false });
    f.types.clear();
    $("filters").reset();
    for (const b of $("types").querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
    state.fitNext = true;
    refresh();
  });
  $("timeline").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const i = state.events.findIndex((ev) => ev.id === state.selected);
    const next = state.events[Math.max(0, Math.min(state.events.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)))];
    if (next) select(next.id);
  });
}

const map = createMap($("map"), {
  onMoved: (bounds) => {
    const west = Math.max(-180, bounds.getWest());
    const east = Math.min(180, bounds.getEast());
    const south = Math.max(-90, bounds.getSouth());
    const north = Math.min(90, bounds.getNorth());
    state.bbox = [west, south, east, north].map((x) => x.toFixed(4)).join(",");
    if (state.filters.inView) refresh();
  },
});

async function start() {
  wireFilters();
  try {
    const facets = await api("/api/facets");
    fill($("summary"), `${plural(facets.events, "event")} · ${plural(facets.documents, "document")}`,
      facets.events_with_conflicts ? ` · ${facets.events_with_conflicts} with conflicts` : "");
    typeButtons(facets.types);
  } catch (error) {
    showError(error);
  }
  await refresh();
  document.body.dataset.ready = "true";
}

start();
