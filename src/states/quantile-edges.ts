/**
 * Bin edges at the lower k/bins quantiles of `sortedValues` (ascending, finite, non-empty):
 * edge k = sortedValues[ceil(k·m/bins) - 1] for k = 1..bins-1 (numpy's 'inverted_cdf').
 *
 * Bins are right-closed: bin 0 = (-∞, e1], bin j = (e_j, e_j+1], last bin = (e_last, +∞), so
 * `binOf` = number of edges strictly below the value. Because every edge is an observed value,
 * each bin (e_j, e_j+1] holds at least e_j+1 itself; after dropping duplicate edges (ties) and
 * edges equal to the maximum (which would leave the top bin empty), every bin holds at least one
 * fit value. So ties never create empty bins, and a constant indicator gets a single bin.
 */
export function quantileEdges(sortedValues: Float64Array, bins: number): Float64Array {
  const m = sortedValues.length;
  const max = sortedValues[m - 1]!;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = sortedValues[Math.ceil((k * m) / bins) - 1]!;
    if (edge < max && (edges.length === 0 || edge > edges[edges.length - 1]!)) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/** The bin of `value` for right-closed bins with these ascending edges: edges strictly below it. */
export function binOf(edges: Float64Array, value: number): number {
  // Binary search for the first edge >= value; a handful of edges, but keep it O(log bins).
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
