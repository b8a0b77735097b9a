/**
 * Runs ISC dig (Debian package bind9-dnsutils) against a local server and parses its
 * output. A missing dig is a test failure with instructions, not a skip: CI installs it.
 */
import { execFile, execFileSync } from 'node:child_process';

export interface DigRecord {
  readonly name: string;
  readonly ttl: number;
  readonly type: string;
  /** Presentation form; for TXT the decoded strings joined. */
  readonly data: string;
}

export interface DigResult {
  readonly status: string;
  readonly flags: readonly string[];
  readonly answer: readonly DigRecord[];
  readonly authority: readonly DigRecord[];
  readonly raw: string;
}

let checked = false;
/** Throws a clear error when dig is not installed. */
export function requireDig(): void {
  if (checked) return;
  try {
    execFileSync('dig', ['-v'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'dig is not installed: install the Debian package bind9-dnsutils (apt-get install -y bind9-dnsutils)',
    );
  }
  checked = true;
}

/** Decodes the strings of a TXT rdata as dig prints them ("a" "b", with \" and \DDD escapes). */
export function parseTxtData(rdata: string): string {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(rdata); m; m = re.exec(rdata)) {
    out.push(m[1]!.replace(/\\(\d{3}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(Number(e)) : e)));
  }
  return out.join('');
}

function parseRecord(line: string): DigRecord {
  const [name, ttl, , type, ...rest] = line.split(/\s+/);
  const rdata = line.slice(line.indexOf(type!, line.indexOf(ttl!) + ttl!.length) + type!.length).trim();
  return { name: name!, ttl: Number(ttl), type: type!, data: type === 'TXT' ? parseTxtData(rdata) : rest.join(' ') };
}

/** Parses `dig +noall +comments +answer +authority` output. */
export function parseDig(raw: string): DigResult {
  const status = /status: ([A-Z]+)/.exec(raw)?.[1];
  if (!status) throw new Error(`dig gave no answer:\n${raw}`);
  const flags = /;; flags: ([a-z ]*);/.exec(raw)?.[1]?.trim().split(/\s+/) ?? [];
  const answer: DigRecord[] = [];
  const authority: DigRecord[] = [];
  let section: DigRecord[] | null = null;
  for (const line of raw.split('\n')) {
    if (line.startsWith(';; ANSWER SECTION')) section = answer;
    else if (line.startsWith(';; AUTHORITY SECTION')) section = authority;
    else if (line.startsWith(';; ')) section = null;
    else if (section && line.trim() && !line.startsWith(';')) section.push(parseRecord(line));
  }
  return { status, flags, answer, authority, raw };
}

export interface DigOptions {
  readonly tcp?: boolean;
  /** Extra dig arguments, e.g. '+ignore' or '+noedns'. */
  readonly extra?: readonly string[];
}

/** Queries `name`/`type` at 127.0.0.1:`port` with dig and parses the response. */
export function dig(port: number, name: string, type = 'A', options: DigOptions = {}): Promise<DigResult> {
  requireDig();
  const args = [
    '@127.0.0.1',
    '-p',
    String(port),
    name,
    type,
    '+noall',
    '+comments',
    '+answer',
    '+authority',
    '+time=5',
    '+tries=1',
    '+norecurse',
    options.tcp ? '+tcp' : '+notcp',
    ...(options.extra ?? []),
  ];
  return new Promise((resolve, reject) => {
    execFile('dig', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error && !stdout) reject(new Error(`dig ${args.join(' ')} failed: ${stderr || error.message}`));
      else {
        try {
          resolve(parseDig(stdout));
        } catch (e) {
          reject(e);
        }
      }
    });
  });
}
