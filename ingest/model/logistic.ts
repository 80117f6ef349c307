/**
 * A weighted, L2-regularised logistic regression, fitted by full-batch gradient descent on standardised
 * features: a few dozen weights over tens of thousands of candidates, fitted in about a second. (No
 * maintained npm package fits logistic regression with sample weights.)
 */

export interface LogisticFit {
  weights: number[];
  mean: number[];
  scale: number[];
  loss: number;
}

export function fitLogistic(
  xs: readonly number[][],
  ys: readonly number[],
  sampleWeights: readonly number[],
  options: { l2?: number; iterations?: number; rate?: number } = {},
): LogisticFit {
  const d = xs[0]?.length ?? 0;
  const total = sampleWeights.reduce((a, b) => a + b, 0);
  const w = sampleWeights.map((v) => v / total);
  // column 0 is the bias: left as is
  const mean = Array.from({ length: d }, (_, j) =>
    j === 0 ? 0 : xs.reduce((acc, x, i) => acc + (w[i] ?? 0) * (x[j] ?? 0), 0),
  );
  const scale = Array.from({ length: d }, (_, j) => {
    if (j === 0) return 1;
    const variance = xs.reduce((acc, x, i) => acc + (w[i] ?? 0) * ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0);
    return Math.sqrt(variance) || 1;
  });
  const z = xs.map((x) => x.map((v, j) => (j === 0 ? 1 : (v - (mean[j] ?? 0)) / (scale[j] ?? 1))));
  const beta = new Array<number>(d).fill(0);
  const l2 = options.l2 ?? 1e-3;
  const rate = options.rate ?? 1;
  let loss = Number.POSITIVE_INFINITY;
  for (let it = 0; it < (options.iterations ?? 2000); it++) {
    const grad = new Array<number>(d).fill(0);
    loss = 0;
    for (let i = 0; i < z.length; i++) {
      const row = z[i] as number[];
      let s = 0;
      for (let j = 0; j < d; j++) s += (beta[j] ?? 0) * (row[j] ?? 0);
      const p = 1 / (1 + Math.exp(-s));
      const y = ys[i] ?? 0;
      const wi = w[i] ?? 0;
      loss -= wi * (y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12));
      for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + wi * (p - y) * (row[j] ?? 0);
    }
    for (let j = 1; j < d; j++) {
      grad[j] = (grad[j] ?? 0) + l2 * (beta[j] ?? 0);
      loss += (l2 / 2) * (beta[j] ?? 0) ** 2;
    }
    for (let j = 0; j < d; j++) beta[j] = (beta[j] ?? 0) - rate * (grad[j] ?? 0);
  }
  return { weights: beta, mean, scale, loss };
}
