/**
 * The three PATCH bodies the API server takes, applied to a plain JSON object:
 * - application/merge-patch+json (RFC 7386): maps merge, `null` deletes, anything else replaces;
 * - application/json-patch+json (RFC 6902): add, remove, replace, test on JSON pointers;
 * - application/strategic-merge-patch+json: like a merge patch for maps. Lists would merge by their
 *   field's patch strategy (containers by name ...), which the emulator does not know, so a strategic
 *   patch that carries a list is refused rather than applied differently from a real server.
 * Errors are PatchError (the emulator answers 422, or 415 for another content type).
 */

export class PatchError extends Error {
  constructor(
    readonly status: 415 | 422,
    message: string,
  ) {
    super(message);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isMap = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function mergePatch(target: Json | undefined, patch: Json, strategic: boolean): Json {
  if (!isMap(patch)) {
    if (strategic && Array.isArray(patch))
      throw new PatchError(422, 'the emulator does not apply strategic merge patches to lists');
    return patch;
  }
  const out: Record<string, Json> = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v, strategic);
  }
  return out;
}

/** `/spec/ports/0/targetPort` → ['spec', 'ports', '0', 'targetPort'] (with ~1 and ~0 unescaped). */
function pointer(path: unknown): string[] {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/')))
    throw new PatchError(422, `invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container a pointer's last token lives in, and that token. */
function parentOf(doc: Json, tokens: string[], path: string): { parent: Json; key: string } {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(cur) ? cur[Number(t)] : isMap(cur) ? cur[t] : undefined;
    if (next === undefined) throw new PatchError(422, `the path ${path} does not exist`);
    cur = next;
  }
  return { parent: cur, key: tokens[tokens.length - 1]! };
}

function arrayIndex(arr: Json[], key: string, path: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length;
  const i = Number(key);
  if (!/^(0|[1-9][0-9]{0,8})$/.test(key) || i > arr.length || (!forAdd && i === arr.length))
    throw new PatchError(422, `the index in ${path} is out of range`);
  return i;
}

function jsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new PatchError(422, 'a JSON patch must be a list of operations');
  let out = structuredClone(doc);
  for (const raw of ops) {
    const op = (isMap(raw) ? raw : {}) as { op?: unknown; path?: unknown; value?: Json };
    const path = String(op.path);
    const tokens = pointer(op.path);
    if (tokens.length === 0) {
      if (op.op === 'replace' || op.op === 'add') out = structuredClone(op.value ?? null);
      else throw new PatchError(422, `cannot ${String(op.op)} the whole object`);
      continue;
    }
    const { parent, key } = parentOf(out, tokens, path);
    const has = Array.isArray(parent)
      ? /^[0-9]+$/.test(key) && Number(key) < parent.length
      : isMap(parent) && Object.hasOwn(parent, key);
    switch (op.op) {
      case 'add':
      case 'replace':
        if (op.value === undefined) throw new PatchError(422, `${op.op} at ${path} has no value`);
        if (op.op === 'replace' && !has) throw new PatchError(422, `the path ${path} does not exist`);
        if (Array.isArray(parent)) {
          const i = arrayIndex(parent, key, path, op.op === 'add');
          parent.splice(i, op.op === 'add' ? 0 : 1, structuredClone(op.value));
        } else if (isMap(parent)) parent[key] = structuredClone(op.value);
        else throw new PatchError(422, `the path ${path} does not exist`);
        break;
      case 'remove':
        if (!has) throw new PatchError(422, `the path ${path} does not exist`);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete (parent as Record<string, Json>)[key];
        break;
      case 'test': {
        const actual = Array.isArray(parent) ? parent[Number(key)] : (parent as Record<string, Json>)[key];
        if (JSON.stringify(actual) !== JSON.stringify(op.value))
          throw new PatchError(422, `test at ${path} failed`);
        break;
      }
      default:
        throw new PatchError(422, `unsupported JSON patch operation ${JSON.stringify(op.op)}`);
    }
  }
  return out;
}

export const PATCH_TYPES = [
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
] as const;

/** Applies `body` as `contentType` says; returns the new object (the input is not changed). */
export function applyPatch(obj: object, contentType: string | undefined, body: unknown): object {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const doc = structuredClone(obj) as Json;
  let out: Json;
  if (type === 'application/json-patch+json') out = jsonPatch(doc, body);
  else if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') {
    if (!isMap(body)) throw new PatchError(422, 'a merge patch must be a JSON object');
    out = mergePatch(doc, body, type.startsWith('application/strategic'));
  } else
    throw new PatchError(
      415,
      `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
    );
  if (!isMap(out)) throw new PatchError(422, 'the patch did not leave an object');
  return out;
}
