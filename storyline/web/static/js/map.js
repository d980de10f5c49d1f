// The map: an offline basemap (countries and first-level boundaries from
// Natural Earth) under one marker per place, sized by its events.
/* global L, topojson */
import { TYPE_COLOURS, h, plural } from "./dom.js";

const ADMIN1_ZOOM = 4;

/** Create the map in ``el`` and start loading the basemap. */
export function createMap(el, { onMoved }) {
  const map = L.map(el, {
    preferCanvas: true,
    attributionControl: false,
    worldCopyJump: true,
    minZoom: 1,
    maxZoom: 12,
    zoomSnap: 0.5,
  }).setView([30, 20], 2);
  // The basemap is drawn on a canvas (thousands of shapes); the markers are
  // SVG elements, one per place, that tests and assistive tools can find.
  const renderer = L.canvas({ padding: 0.2 });
  const markers = L.layerGroup().addTo(map);
  const state = { map, markers, renderer, svg: L.svg(), admin1: null, byPlace: new Map() };
  loadBasemap(state);
  new ResizeObserver(() => map.invalidateSize({ animate: false })).observe(el);
  map.on("zoomend", () => toggleAdmin1(state));
  map.on("moveend", () => onMoved(map.getBounds()));
  return state;
}

async function loadBasemap(state) {
  const response = await fetch("/static/basemap/basemap.json");
  const data = await response.json();
  const countries = topojson.feature(data.countries, data.countries.objects.countries);
  L.geoJSON(countries, {
    renderer: state.renderer,
    interactive: false,
    style: { color: "#9aa5b1", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
  }).addTo(state.map).bringToBack();
  const mesh = topojson.mesh(data.admin1, data.admin1.objects.admin1, (a, b) => a !== b);
  state.admin1 = L.geoJSON(mesh, {
    renderer: state.renderer,
    interactive: false,
    style: { color: "#b9c0c8", weight: 0.6, dashArray: "2 3" },
  });
  toggleAdmin1(state);
  document.body.dataset.basemap = "ready";
}

function toggleAdmin1(state) {
  if (!state.admin1) return;
  const show = state.map.getZoom() >= ADMIN1_ZOOM;
  if (show && !state.map.hasLayer(state.admin1)) state.admin1.addTo(state.map);
  if (!show && state.map.hasLayer(state.admin1)) state.map.removeLayer(state.admin1);
}

/** Draw one marker per place; clicking it calls ``onPlace(id)``. */
export function renderMarkers(state, { events, places, selected, onPlace, fit }) {
  state.markers.clearLayers();
  state.byPlace = new Map();
  const groups = new Map();
  for (const event of events) {
    const place = places[event.place];
    if (!place || place.lat === null || place.lon === null) continue;
    if (!groups.has(place.id)) groups.set(place.id, { place, events: [] });
    groups.get(place.id).events.push(event);
  }
  for (const { place, events: here } of groups.values()) {
    const hasSelected = here.some((e) => e.id === selected);
    const conflicted = here.some((e) => e.conflicts.length);
    const lead = here.find((e) => e.id === selected) || here[0];
    const marker = L.circleMarker([place.lat, place.lon], {
      renderer: state.svg,
      className: `marker${hasSelected ? " selected" : ""}${conflicted ? " conflicted" : ""}`,
      radius: 5 + Math.sqrt(here.length) * 3,
      color: hasSelected ? "#111" : conflicted ? "#d62728" : "#ffffff",
      weight: hasSelected ? 3 : conflicted ? 2.5 : 1.5,
      fillColor: TYPE_COLOURS[lead.type] || "#555",
      fillOpacity: 0.85,
    });
    marker.bindTooltip(tooltip(place, here), { direction: "top", offset: [0, -6] });
    marker.on("click", () => onPlace(place.id));
    marker.addTo(state.markers);
    state.byPlace.set(place.id, marker);
  }
  if (fit && groups.size) {
    const bounds = L.latLngBounds([...groups.values()].map(({ place }) => [place.lat, place.lon]));
    state.map.fitBounds(bounds.pad(0.3), { maxZoom: 7, animate: false });
  }
}

function tooltip(place, events) {
  return h("div", { class: "tip" },
    h("strong", {}, place.name),
    h("span", { class: "muted" }, ` ${place.kind} · ${plural(events.length, "event")}`),
    h("ul", {}, events.slice(0, 6).map((e) => h("li", {}, e.label))),
    events.length > 6 ? h("span", { class: "muted" }, `and ${events.length - 6} more`) : null);
}

/** Pan to the selected event's place, if it has one. */
export function focusPlace(state, placeId) {
  const marker = state.byPlace.get(placeId);
  if (marker && !state.map.getBounds().contains(marker.getLatLng())) {
    state.map.panTo(marker.getLatLng(), { animate: false });
  }
}
