import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { NodeRef } from '../db/graph-repo.ts';
import type { PaperLookup } from '../db/papers-repo.ts';
import { arxivId, normaliseDoi } from '../domain/identity.ts';
import { badInput } from './errors.ts';

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

/**
 * Every paper an id as people write it may name: a global id; an arXiv id with or without version,
 * "arXiv:" or an arxiv.org address; a DOI bare, as "doi:" or as a doi.org address, in any case; a
 * stable id. A DOI finds the paper stored under it and the arXiv paper that carries it.
 */
export function paperLookup(id: string): PaperLookup {
  const decoded = decode(id);
  if (decoded?.typename === 'Paper') return { ids: [decoded.id], doi: null };
  const raw = id.trim();
  const arxiv = arxivId(raw);
  if (arxiv) return { ids: [arxiv], doi: null };
  const doi = normaliseDoi(raw);
  if (doi && /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?10\./i.test(raw)) {
    return { ids: [`doi:${doi}`], doi };
  }
  return { ids: [raw], doi: null };
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
