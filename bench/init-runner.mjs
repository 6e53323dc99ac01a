// Imports one bundle in a fresh Node process and prints how long its module init took.
import { pathToFileURL } from 'node:url';

const started = performance.now();
const module = await import(pathToFileURL(process.argv[2]).href);
const took = performance.now() - started;
if (typeof module.handler !== 'function') {
  console.error(`${process.argv[2]} exports no handler`);
  process.exit(1);
}
process.stdout.write(String(took));
