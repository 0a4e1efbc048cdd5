// node pac-resolver (QuickJS/WebAssembly) as a whole process over a URL list: prints URL<TAB>decision per
// line, like `uplink resolve --pac PAC --urls LIST`. Usage: node pac_resolver_list.js PAC LIST
const fs = require('fs');
const readline = require('readline');
const { getQuickJS } = require('quickjs-emscripten');
const { createPacResolver } = require('pac-resolver');

(async () => {
  const [pacFile, urlsFile] = process.argv.slice(2);
  const qjs = await getQuickJS();
  const source = fs.readFileSync(pacFile, 'utf8');
  // A fresh resolver (QuickJS context) every 16,384 URLs: each call registers host callbacks in its context, and
  // quickjs-emscripten numbers them with 16 bits ("QuickJSContext had no callback with id -32768" after ~32k calls).
  let findProxy;
  let calls = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(urlsFile), crlfDelay: Infinity });
  const out = [];
  for await (const line of lines) {
    const u = line.trim();
    if (!u) continue;
    if (calls++ % 16384 === 0) findProxy = createPacResolver(qjs, source);
    out.push(u + '\t' + (await findProxy(u, new URL(u).hostname)) + '\n');
    if (out.length >= 4096) { process.stdout.write(out.join('')); out.length = 0; }
  }
  process.stdout.write(out.join(''));
})().catch((e) => { console.error(e); process.exit(1); });
