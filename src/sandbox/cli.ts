import { startSandbox } from './server.js';

// `npm run sandbox [-- --port 4100]`: the provider sandbox on its own, printing the
// variables that point a Sutra server at it. SANDBOX_ORDERS sizes its order book and
// SANDBOX_RATE_SCALE multiplies the providers' usage plans (1: the real limits).
const portIndex = process.argv.indexOf('--port');
const port = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 4100;
const sandbox = await startSandbox({ port, host: '127.0.0.1' });
console.log(`provider sandbox on ${sandbox.url} with ${sandbox.book.size} orders; point Sutra at it with:`);
for (const [name, value] of Object.entries(sandbox.env)) console.log(`export ${name}='${value}'`);
const stop = () => void sandbox.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
