// Makes participants/static/participants/europe-countries.geojson, the country shapes
// the participants map draws when no tile server is configured: Natural Earth's 50m
// countries (public domain) from the world-atlas npm package, cut to Europe and its
// neighbours, simplified along shared borders (so neighbours still touch), rounded,
// each with its ISO 3166-1 alpha-2 code and a point inside it for its label.
//
// Run by hand, never at build or run time; see README.md beside this file:
//   mkdir -p /tmp/worldatlas && cd /tmp/worldatlas && npm init -y
//   npm install --save-exact world-atlas@2.0.2 topojson-client@3.1.0 topojson-simplify@3.0.3
//   node /path/to/participants/map_data/convert.mjs /path/to/participants/static/participants/europe-countries.geojson
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

// The packages are installed where the script is run, not in the repository.
const require = createRequire(process.cwd() + "/");
const topology = require("world-atlas/countries-50m.json");
const { feature, merge } = require("topojson-client");
const { presimplify, simplify } = require("topojson-simplify");
const versions = Object.fromEntries(
  ["world-atlas", "topojson-client", "topojson-simplify"].map((name) => [
    name,
    require(`${name}/package.json`).version,
  ]),
);

// West, south, east, north (degrees): from the Azores, the Canaries and Greenland's east
// coast to beyond the Urals and the Caspian, and up to the North Cape, so that the map
// at its widest default view (zoom 4 on a wide screen) has no bare edge.
const EXTENT = [-40, 26, 70, 75];
// Visvalingam's effective area (square degrees) below which a border point is dropped:
// about a kilometre of detail, plenty up to the regional zoom the map uses.
const MIN_WEIGHT = 0.001;
// Countries smaller than this (square degrees: Andorra, Liechtenstein, Malta, Monaco,
// San Marino, the Vatican) keep every point of their borders, or they would vanish.
const SMALL_COUNTRY = 0.1;
const DECIMALS = 3;

// ISO 3166-1 numeric (world-atlas ids) to alpha-2, for every country within EXTENT.
const ALPHA2 = {
  "004": "AF", "008": "AL", "012": "DZ", "020": "AD", "031": "AZ", "040": "AT", "048": "BH",
  "051": "AM", "056": "BE", "070": "BA", "100": "BG", "112": "BY", "156": "CN", "191": "HR",
  "196": "CY", "203": "CZ", "208": "DK", "233": "EE", "234": "FO", "246": "FI", "248": "AX",
  "250": "FR", "268": "GE", "275": "PS", "276": "DE", "300": "GR", "304": "GL", "336": "VA",
  "348": "HU", "352": "IS", "356": "IN", "364": "IR", "368": "IQ", "372": "IE", "376": "IL",
  "380": "IT", "398": "KZ", "400": "JO", "414": "KW", "417": "KG", "422": "LB", "428": "LV",
  "434": "LY", "438": "LI", "440": "LT", "442": "LU", "470": "MT", "478": "MR", "492": "MC",
  "498": "MD", "499": "ME", "504": "MA", "512": "OM", "528": "NL", "578": "NO", "586": "PK",
  "616": "PL", "620": "PT", "634": "QA", "642": "RO", "643": "RU", "674": "SM", "682": "SA",
  "688": "RS", "703": "SK", "705": "SI", "724": "ES", "732": "EH", "752": "SE", "756": "CH",
  "760": "SY", "762": "TJ", "784": "AE", "788": "TN", "792": "TR", "795": "TM", "804": "UA",
  "807": "MK", "818": "EG", "826": "GB", "831": "GG", "832": "JE", "833": "IM", "860": "UZ",
};
// Natural Earth units without an ISO code, or drawn apart from the member state they
// belong to: Northern Cyprus is part of Cyprus for the Council of Europe and the UN,
// the Åland Islands a region of Finland; Kosovo gets the code in common use.
const BY_NAME = { "N. Cyprus": "CY", "Kosovo": "XK" };
const MERGED_INTO = { AX: "FI" };
// Labels placed by hand where the computed point is far from where a reader looks for
// the name: Mercator stretches Sweden's north, and Italy's widest part is the Po valley.
const LABEL_AT = { SE: [15.2, 62.5], IT: [12.5, 42.8] };

function alpha2(geometry) {
  const code = ALPHA2[geometry.id] || BY_NAME[geometry.properties.name];
  return code ? MERGED_INTO[code] || code : null;
}

function polygonsOf(geometry) {
  if (!geometry) return [];
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

// Sutherland–Hodgman against each side of the extent: a ring stays a ring (parts
// joined along the cut, which is outside the area anyone looks at).
function clipRing(ring) {
  const [west, south, east, north] = EXTENT;
  const sides = [
    [(p) => p[0] >= west, (a, b) => atX(a, b, west)],
    [(p) => p[0] <= east, (a, b) => atX(a, b, east)],
    [(p) => p[1] >= south, (a, b) => atY(a, b, south)],
    [(p) => p[1] <= north, (a, b) => atY(a, b, north)],
  ];
  let points = ring.slice(0, -1);
  for (const [inside, cut] of sides) {
    const kept = [];
    points.forEach((current, index) => {
      const previous = points[(index + points.length - 1) % points.length];
      if (inside(current)) {
        if (!inside(previous)) kept.push(cut(previous, current));
        kept.push(current);
      } else if (inside(previous)) {
        kept.push(cut(previous, current));
      }
    });
    points = kept;
    if (!points.length) return [];
  }
  return points;
}

function atX(a, b, x) {
  return [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
}

function atY(a, b, y) {
  return [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
}

const scale = 10 ** DECIMALS;
function rounded(points) {
  const result = [];
  for (const [x, y] of points) {
    const point = [Math.round(x * scale) / scale, Math.round(y * scale) / scale];
    const last = result[result.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) result.push(point);
  }
  if (result.length > 1) {
    const [first, last] = [result[0], result[result.length - 1]];
    if (first[0] === last[0] && first[1] === last[1]) result.pop();
  }
  // Fewer than three distinct points encloses nothing.
  return result.length >= 3 ? [...result, result[0]] : null;
}

function clipped(geometry) {
  const polygons = [];
  for (const polygon of polygonsOf(geometry)) {
    const [outer, ...holes] = polygon.map((ring) => rounded(clipRing(ring)));
    // A polygon whose outer ring is cut away loses its holes with it.
    if (outer) polygons.push([outer, ...holes.filter(Boolean)]);
  }
  return polygons;
}

// Where a label goes: the point of the largest piece farthest from its edges (the
// "pole of inaccessibility", after Mapbox's polylabel), on Web Mercator as the map is
// drawn, so that a crescent (Croatia) or a long coast (Norway) keeps its name inside.
const mercatorY = (lat) => (Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 180) / Math.PI;
const latitudeOf = (y) => (Math.atan(Math.exp((y * Math.PI) / 180)) * 360) / Math.PI - 90;

function projectedArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return Math.abs(sum / 2);
}

function signedDistance(x, y, polygon) {
  let inside = false;
  let nearest = Infinity;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[j];
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      nearest = Math.min(nearest, segmentDistanceSquared(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(nearest);
}

function segmentDistanceSquared(px, py, ax, ay, bx, by) {
  let [x, y, dx, dy] = [ax, ay, bx - ax, by - ay];
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = [bx, by];
    else if (t > 0) [x, y] = [ax + dx * t, ay + dy * t];
  }
  return (px - x) ** 2 + (py - y) ** 2;
}

function poleOfInaccessibility(polygon, precision = 0.01) {
  const xs = polygon[0].map((p) => p[0]);
  const ys = polygon[0].map((p) => p[1]);
  const [minX, minY, maxX, maxY] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const cell = (x, y, half) => {
    const distance = signedDistance(x, y, polygon);
    return { x, y, half, distance, potential: distance + half * Math.SQRT2 };
  };
  const size = Math.min(maxX - minX, maxY - minY);
  let best = cell((minX + maxX) / 2, (minY + maxY) / 2, 0);
  if (size === 0) return [best.x, best.y];
  const queue = [];
  for (let x = minX; x < maxX; x += size) {
    for (let y = minY; y < maxY; y += size) queue.push(cell(x + size / 2, y + size / 2, size / 2));
  }
  while (queue.length) {
    queue.sort((a, b) => a.potential - b.potential);
    const current = queue.pop();
    if (current.distance > best.distance) best = current;
    if (current.potential - best.distance <= precision) continue;
    const half = current.half / 2;
    for (const [sx, sy] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) {
      queue.push(cell(current.x + sx * half, current.y + sy * half, half));
    }
  }
  return [best.x, best.y];
}

function labelPoint(polygons) {
  const projected = polygons.map((polygon) =>
    polygon.map((ring) => ring.map(([lon, lat]) => [lon, mercatorY(lat)])),
  );
  const largest = projected.reduce((a, b) => (projectedArea(b[0]) > projectedArea(a[0]) ? b : a));
  const [x, y] = poleOfInaccessibility(largest);
  return [Math.round(x * 100) / 100, Math.round(latitudeOf(y) * 100) / 100];
}

// The weight of every point of a small country's arcs is raised to infinity, so that
// simplifying keeps them; its neighbour shares the very same arcs and still fits.
function arcIndexes(arcs) {
  return Array.isArray(arcs) ? arcs.flatMap(arcIndexes) : [arcs < 0 ? ~arcs : arcs];
}

function planarArea(geometry) {
  return polygonsOf(geometry).reduce((sum, polygon) => sum + projectedArea(polygon[0]), 0);
}

const weighted = presimplify(topology);
for (const geometry of topology.objects.countries.geometries) {
  if (!alpha2(geometry) || planarArea(feature(topology, geometry).geometry) >= SMALL_COUNTRY) continue;
  for (const index of arcIndexes(geometry.arcs)) {
    for (const point of weighted.arcs[index]) point[2] = Infinity;
  }
}
const simplified = simplify(weighted, MIN_WEIGHT);
const groups = new Map();
for (const geometry of simplified.objects.countries.geometries) {
  const code = alpha2(geometry);
  if (!code) continue;
  groups.set(code, [...(groups.get(code) || []), geometry]);
}

const features = [];
for (const [code, geometries] of groups) {
  // Merging drops the border between the parts (Cyprus's Green Line, Åland's strait).
  const geometry =
    geometries.length > 1 ? merge(simplified, geometries) : feature(simplified, geometries[0]).geometry;
  const polygons = clipped(geometry);
  if (!polygons.length) continue;
  features.push({
    type: "Feature",
    properties: {
      iso_a2: code,
      name: geometries[0].properties.name,
      label: LABEL_AT[code] || labelPoint(polygons),
    },
    geometry:
      polygons.length === 1
        ? { type: "Polygon", coordinates: polygons[0] }
        : { type: "MultiPolygon", coordinates: polygons },
  });
}
const missing = [...groups.keys()].filter((code) => !features.some((f) => f.properties.iso_a2 === code));
features.sort((a, b) => a.properties.iso_a2.localeCompare(b.properties.iso_a2));

const source =
  `Natural Earth 4.1.0 admin-0 countries 1:50m (public domain) via world-atlas ${versions["world-atlas"]}, ` +
  `topojson-client ${versions["topojson-client"]}, topojson-simplify ${versions["topojson-simplify"]}; ` +
  "made by participants/map_data/convert.mjs (see README.md there)";
// One feature a line: a remake shows in a diff country by country.
const text =
  `{"type":"FeatureCollection","source":${JSON.stringify(source)},"extent":${JSON.stringify(EXTENT)},"features":[\n` +
  features.map((f) => JSON.stringify(f)).join(",\n") +
  "\n]}\n";
const output = process.argv[2];
if (!output) {
  console.error("usage: node convert.mjs <output.geojson>");
  process.exit(2);
}
writeFileSync(output, text);
console.log(`${features.length} countries, ${text.length} bytes; outside the extent: ${missing.join(" ") || "none"}`);
