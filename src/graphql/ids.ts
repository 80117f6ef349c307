import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { NodeRef } from '../db/graph-repo.ts';
import { badInput } from './paging.ts';

export const paperGlobalId = (id: string) => encodeGlobalID('Paper', id);
export const topicGlobalId = (key: string) => encodeGlobalID('Topic', key);

// what decodeGlobalID accepts as base64; anything else (an arXiv id, a DOI) is no global id, and testing
// that first spares a thrown error per request
const BASE64 = /^(?:[\d+/A-Za-z]{4})*(?:[\d+/A-Za-z]{2}==|[\d+/A-Za-z]{3}=)?$/;

function decode(id: string): { typename: string; id: string } | null {
  if (!BASE64.test(id)) return null;
  try {
    const decoded = decodeGlobalID(id);
    return decoded.typename && decoded.id ? decoded : null;
  } catch {
    return null;
  }
}

/** A global id ("UGFwZXI6…") of a paper, or the paper's own id ("2106.09685", a DOI, "t-3f…"). */
export function paperOwnId(id: string): string {
  const decoded = decode(id);
  return decoded?.typename === 'Paper' ? decoded.id : id;
}

/** A global id of a paper or a topic, or else a paper's own id. */
export function nodeRef(id: string, argumentName: string): NodeRef {
  if (id.trim() === '') throw badInput(`\`${argumentName}\` is empty`, { argumentName });
  const decoded = decode(id);
  if (decoded?.typename === 'Topic') return { kind: 'topic', key: decoded.id };
  if (decoded?.typename === 'Paper') return { kind: 'paper', id: decoded.id };
  if (decoded && /^[A-Z][A-Za-z]+$/.test(decoded.typename) && !id.includes('.') && !id.includes('/')) {
    throw badInput(`\`${argumentName}\` is the id of a ${decoded.typename}, not of a paper or topic`, {
      argumentName,
    });
  }
  return { kind: 'paper', id };
}
