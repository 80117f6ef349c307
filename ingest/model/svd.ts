import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { seededRandom } from './seeded-random.ts';

/** A sparse row: column indices and their values. */
export interface SparseRow {
  index: Int32Array;
  value: Float64Array;
}

export interface TruncatedSvd {
  /** The k largest singular values, largest first. */
  sigma: Float64Array;
  /** Right singular vectors, columns × k, row-major: row c is column c's coordinates in the k dimensions. */
  right: Float64Array;
  k: number;
}

/** rows (n × columns, sparse) × dense (columns × width) → n × width. */
function times(rows: SparseRow[], dense: Float64Array, width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    const o = r * width;
    for (let t = 0; t < row.index.length; t++) {
      const b = (row.index[t] ?? 0) * width;
      const v = row.value[t] ?? 0;
      for (let c = 0; c < width; c++) out[o + c] = (out[o + c] ?? 0) + v * (dense[b + c] ?? 0);
    }
  });
  return out;
}

/** rowsᵀ (columns × n) × dense (n × width) → columns × width. */
function timesTransposed(
  rows: SparseRow[],
  columns: number,
  dense: Float64Array,
  width: number,
): Float64Array {
  const out = new Float64Array(columns * width);
  rows.forEach((row, r) => {
    const o = r * width;
    for (let t = 0; t < row.index.length; t++) {
      const b = (row.index[t] ?? 0) * width;
      const v = row.value[t] ?? 0;
      for (let c = 0; c < width; c++) out[b + c] = (out[b + c] ?? 0) + v * (dense[o + c] ?? 0);
    }
  });
  return out;
}

/** Orthonormal columns (modified Gram-Schmidt) of a height × width row-major matrix, in place. */
function orthonormalise(m: Float64Array, height: number, width: number): Float64Array {
  for (let c = 0; c < width; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let r = 0; r < height; r++) dot += (m[r * width + c] ?? 0) * (m[r * width + p] ?? 0);
      for (let r = 0; r < height; r++)
        m[r * width + c] = (m[r * width + c] ?? 0) - dot * (m[r * width + p] ?? 0);
    }
    let norm = 0;
    for (let r = 0; r < height; r++) norm += (m[r * width + c] ?? 0) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < height; r++) m[r * width + c] = (m[r * width + c] ?? 0) / norm;
  }
  return m;
}

/**
 * The k largest singular values and right singular vectors of a sparse matrix, by randomized range finding
 * with power iterations (Halko, Martinsson and Tropp, 2011): the range of A·Ω is orthonormalised into Q,
 * and the small matrix B = QᵀA is decomposed exactly (through the eigenvectors of B·Bᵀ).
 */
export function truncatedSvd(
  rows: SparseRow[],
  columns: number,
  k: number,
  options: { oversample?: number; powerIterations?: number; seed?: number } = {},
): TruncatedSvd {
  const width = Math.min(k + (options.oversample ?? 20), columns, rows.length);
  const random = seededRandom(options.seed ?? 1);
  const omega = new Float64Array(columns * width).map(() => random() - 0.5);
  let q = orthonormalise(times(rows, omega, width), rows.length, width);
  for (let i = 0; i < (options.powerIterations ?? 2); i++) {
    const z = orthonormalise(timesTransposed(rows, columns, q, width), columns, width);
    q = orthonormalise(times(rows, z, width), rows.length, width);
  }
  const bt = timesTransposed(rows, columns, q, width);
  const gram = new Matrix(width, width);
  for (let a = 0; a < width; a++) {
    for (let b = a; b < width; b++) {
      let s = 0;
      for (let r = 0; r < columns; r++) s += (bt[r * width + a] ?? 0) * (bt[r * width + b] ?? 0);
      gram.set(a, b, s);
      gram.set(b, a, s);
    }
  }
  const eigen = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const vectors = eigen.eigenvectorMatrix;
  const kept = Math.min(k, width);
  const order = [...values.keys()].sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0)).slice(0, kept);
  const sigma = Float64Array.from(order, (o) => Math.sqrt(Math.max(0, values[o] ?? 0)));
  const right = new Float64Array(columns * kept);
  order.forEach((o, j) => {
    const s = (sigma[j] ?? 0) || 1;
    for (let r = 0; r < columns; r++) {
      let x = 0;
      for (let c = 0; c < width; c++) x += (bt[r * width + c] ?? 0) * vectors.get(c, o);
      right[r * kept + j] = x / s;
    }
  });
  return { sigma, right, k: kept };
}
