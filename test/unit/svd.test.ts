import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../ingest/model/seeded-random.ts';
import { type SparseRow, truncatedSvd } from '../../ingest/model/svd.ts';

function sparseMatrix(rows: number, columns: number, density: number, seed: number): SparseRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: rows }, () => {
    const index: number[] = [];
    const value: number[] = [];
    for (let c = 0; c < columns; c++) {
      if (random() < density) {
        index.push(c);
        value.push(random() * 2);
      }
    }
    return { index: Int32Array.from(index), value: Float64Array.from(value) };
  });
}

function dense(rows: SparseRow[], columns: number): Matrix {
  const m = new Matrix(rows.length, columns);
  rows.forEach((row, r) => {
    row.index.forEach((c, t) => {
      m.set(r, c, row.value[t] ?? 0);
    });
  });
  return m;
}

describe('truncatedSvd', () => {
  const rows = sparseMatrix(120, 60, 0.15, 3);
  const exact = new SingularValueDecomposition(dense(rows, 60));

  it('finds the largest singular values of a sparse matrix', () => {
    const svd = truncatedSvd(rows, 60, 8, { seed: 5, powerIterations: 6 });
    expect(svd.k).toBe(8);
    // within a thousandth: randomized range finding is exact only up to its power iterations
    for (let j = 0; j < 8; j++)
      expect(Math.abs((svd.sigma[j] ?? 0) / (exact.diagonal[j] ?? 1) - 1)).toBeLessThan(1e-3);
    for (let j = 1; j < 8; j++) expect(svd.sigma[j]).toBeLessThanOrEqual(svd.sigma[j - 1] ?? 0);
  });

  it('finds the right singular vectors, up to sign', () => {
    const svd = truncatedSvd(rows, 60, 5, { seed: 5, powerIterations: 3 });
    const v = exact.rightSingularVectors;
    for (let j = 0; j < 3; j++) {
      let dot = 0;
      for (let c = 0; c < 60; c++) dot += (svd.right[c * svd.k + j] ?? 0) * v.get(c, j);
      expect(Math.abs(dot)).toBeGreaterThan(0.999);
    }
  });

  it('keeps no more dimensions than the matrix has', () => {
    const small = sparseMatrix(6, 40, 0.5, 9);
    expect(truncatedSvd(small, 40, 10).k).toBe(6);
  });
});
