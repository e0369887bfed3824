/**
 * The phone of the bytes-on-the-wire measurement, in a process of its own: installs the virtual
 * clock first (lib0 captures Date.now when it loads), then runs wireScenario.ts, which uses the
 * app's own DocSync (y-websocket + COMMIT_ACK) over a socket that counts every byte.
 *
 *   node --import tsx bench/measure/wireClient.ts '<json config>'
 */
import { VirtualClock } from '../lib/virtualClock.ts';

const clock = new VirtualClock();
clock.install();
const { runWireScenario } = await import('./wireScenario.ts');
const result = await runWireScenario(clock, JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
