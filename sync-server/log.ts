/**
 * Structured logging: one JSON object per line on stdout, so any log shipper (journald, Loki, jq)
 * can read it without a parser of ours.
 *
 * Callers pass only what is safe to keep: document names, connection ids, sizes, reasons.
 * Never a room key, a key hash or a full query string (the key travels in the query).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export function createLogger(write: (line: string) => void = writeStdout): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    // `t`, `level` and `msg` come first and cannot be overwritten by a field of the same name.
    const record: LogFields = { t: new Date().toISOString(), level, msg };
    for (const [key, value] of Object.entries(fields ?? {})) if (!(key in record)) record[key] = value;
    let line: string;
    try {
      line = JSON.stringify(record, replaceUnserialisable);
    } catch {
      line = JSON.stringify({ t: record.t, level, msg, logError: 'unserialisable fields' });
    }
    write(line + '\n');
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

let stdoutGuarded = false;
function writeStdout(line: string): void {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    // If whoever reads our stdout goes away (a closed pipe: EPIPE), the unhandled stream error
    // would end the relay. Losing log lines is better than dropping every teacher's connection.
    process.stdout.on('error', () => {});
  }
  process.stdout.write(line);
}

/** A logger that drops everything (in-process tests that do not read logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The parts of an error worth a log line: its message and code, not the bytes that caused it. */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { error: err.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { error: String(err) };
}

function replaceUnserialisable(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  return value;
}
