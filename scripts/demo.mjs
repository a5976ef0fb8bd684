// `npm run demo`: builds the demo page and serves it, in this one process, so stopping it stops the
// server too: Ctrl-C, a signal to this process, or a signal to `npm run demo`'s own PID (npm then
// ends the shell between it and this process, which would otherwise live on as an orphan still
// serving the port, as `vite build && vite preview` did).
import { build, preview } from 'vite';

// `npm run demo -- --port N` serves on another port than the configured 4173.
const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  process.stderr.write('demo: --port needs a port number (1-65535)\n');
  process.exit(2);
}

await build({ logLevel: 'warn' });
const server = await preview(port === undefined ? {} : { preview: { port, strictPort: true } });
server.printUrls();

const stop = () => {
  server.httpServer.close();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, stop);
// Orphaned: the process that started this one (npm's shell) has gone.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 500).unref();
