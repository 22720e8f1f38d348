// The throughput ceiling: a bare Node http server answering every request with
// the bytes and headers the hub sent for the article page. Started by the
// bench in its own process: node --import tsx bench/ceiling-server.ts <fixture.json> <port>
import fs from 'node:fs';
import http from 'node:http';

interface Fixture {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const [file, port] = process.argv.slice(2);
if (!file || !port) {
  console.error('usage: ceiling-server.ts <fixture.json> <port>');
  process.exit(2);
}
const fixture = JSON.parse(fs.readFileSync(file, 'utf8')) as Fixture;
const body = Buffer.from(fixture.body, 'base64');
const headers = { ...fixture.headers, 'content-length': String(body.length) };

const server = http.createServer((_req, res) => {
  res.writeHead(fixture.status, headers);
  res.end(body);
});
server.listen(Number(port), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
