// Opens COUNT TCP connections to HOST:PORT, each stopping in the middle of its request headers,
// and holds them: prints "open <n>" once all are connected and "closed <n>" as the server drops
// them. Exits when its stdin closes. A child of its own, so the test process keeps its file limit.
import net from "node:net";

const [host, port, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
let open = 0;
let closed = 0;
let failed = 0;
const report = () => process.stdout.write(`open ${open} closed ${closed} failed ${failed}\n`);
for (let i = 0; i < count; i++) {
  const socket = net.connect(port, host, () => {
    socket.write(`POST /mcp/everything HTTP/1.1\r\nHost: ${host}\r\n`);
    if (++open === count) report();
  });
  socket.resume();
  socket.on("error", () => failed++);
  socket.on("close", () => {
    closed++;
    if (closed % 1000 === 0 || closed === count) report();
  });
}
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
