// node pac-resolver (QuickJS compiled to WebAssembly) over the same inputs: evaluations per second.
const fs = require('fs');
const { getQuickJS } = require('quickjs-emscripten');
const { createPacResolver } = require('pac-resolver');

(async () => {
  const [pacFile, urlsFile, resultsFile, seconds] = process.argv.slice(2);
  const urls = fs.readFileSync(urlsFile, 'utf8').split('\n').filter(Boolean);
  const pairs = urls.map((u) => [u, new URL(u).hostname]);
  const qjs = await getQuickJS();
  const findProxy = createPacResolver(qjs, fs.readFileSync(pacFile, 'utf8'));
  const first = [];
  for (const [u, h] of pairs) first.push(await findProxy(u, h));
  fs.writeFileSync(resultsFile, first.join('\n') + '\n');
  let count = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(Number(seconds) * 1e9));
  while (process.hrtime.bigint() - start < limit) {
    for (const [u, h] of pairs) await findProxy(u, h);
    count += pairs.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpuStart);
  const cpu = (used.user + used.system) / 1e6; // includes V8's own helper threads, if any were busy
  console.log(`${(count / elapsed).toFixed(0)} ${(count / cpu).toFixed(0)}`);
})().catch((e) => { console.error(e); process.exit(1); });
