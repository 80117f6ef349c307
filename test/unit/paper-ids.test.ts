import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { arxivId, normaliseDoi } from '../../src/domain/identity.ts';
import { paperLookup } from '../../src/graphql/ids.ts';

const byArxiv = (id: string) => ({ ids: [id], doi: null });
const byDoi = (doi: string) => ({ ids: [`doi:${doi}`], doi });

describe('paper ids as people write them', () => {
  it.each([
    ['2401.00001', byArxiv('2401.00001')],
    ['2401.00001v3', byArxiv('2401.00001')],
    [' arXiv:2401.00001 ', byArxiv('2401.00001')],
    ['arxiv:2401.00001v2', byArxiv('2401.00001')],
    ['https://arxiv.org/abs/2401.00001', byArxiv('2401.00001')],
    ['https://arxiv.org/abs/2401.00001v3', byArxiv('2401.00001')],
    ['http://export.arxiv.org/abs/2401.00001', byArxiv('2401.00001')],
    ['https://arxiv.org/pdf/2401.00001', byArxiv('2401.00001')],
    ['https://arxiv.org/pdf/2401.00001v2.pdf', byArxiv('2401.00001')],
    ['https://arxiv.org/abs/hep-th/9901001v1', byArxiv('hep-th/9901001')],
    ['10.48550/arXiv.2401.00001', byArxiv('2401.00001')],
    ['https://doi.org/10.48550/arXiv.2401.00001', byArxiv('2401.00001')],
    ['10.5555/XYZ.123', byDoi('10.5555/xyz.123')],
    ['doi:10.5555/xyz.123', byDoi('10.5555/xyz.123')],
    ['DOI:10.5555/XYZ.123', byDoi('10.5555/xyz.123')],
    ['https://doi.org/10.5555/XYZ.123', byDoi('10.5555/xyz.123')],
    ['http://dx.doi.org/10.5555/xyz.123', byDoi('10.5555/xyz.123')],
    ['https://doi.org/10.5555%2FXYZ.123', byDoi('10.5555/xyz.123')],
    ['t-0123456789abcdef', { ids: ['t-0123456789abcdef'], doi: null }],
    [encodeGlobalID('Paper', 'doi:10.5555/xyz.123'), { ids: ['doi:10.5555/xyz.123'], doi: null }],
    ['iclr-2020-006f52e9', { ids: ['iclr-2020-006f52e9'], doi: null }],
  ])('%j is looked up as %j', (raw, lookup) => {
    expect(paperLookup(raw)).toEqual(lookup);
  });

  it('reads the same forms at ingest', () => {
    expect(arxivId('https://arxiv.org/pdf/2106.09685v2.pdf')).toBe('2106.09685');
    expect(arxivId('10.48550/arXiv.2106.09685')).toBe('2106.09685');
    expect(arxivId('10.5555/xyz.123')).toBeNull();
    expect(normaliseDoi('https://doi.org/10.5555%2FXYZ.123')).toBe('10.5555/xyz.123');
  });
});
