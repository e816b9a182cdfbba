// jstat ships no types (and @types has none): the few functions the sweep's statistics use.
declare module 'jstat' {
  interface JStat {
    mean(values: number[]): number;
    /** `sample` true: the n - 1 (sample) standard deviation. */
    stdev(values: number[], sample?: boolean): number;
    median(values: number[]): number;
    min(values: number[]): number;
    max(values: number[]): number;
    /** Share of `values` below `score` ('strict') or at or below it ('weak'), 0..1. */
    percentileOfScore(values: number[], score: number, kind?: 'strict' | 'weak'): number;
    studentt: { inv(p: number, dof: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
