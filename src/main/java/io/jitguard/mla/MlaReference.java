package io.jitguard.mla;

import java.util.Arrays;

/**
 * Absorbed MLA decode in float64: the reference the GPU kernels are checked against.
 *
 * <p>For request b, head h and kv position t (a row of the paged cache found through the page
 * table): {@code score = (q_nope[b,h] . ckv[t] + q_pe[b,h] . kpe[t]) * smScale};
 * {@code o[b,h] = softmax_t(score) . ckv}; {@code lse[b,h] = log(sum_t exp(score))} (natural log).
 * A request with no kv gets o = 0 and lse = -infinity, as the kernels write.
 */
public final class MlaReference {
  public static final int HEAD_DIM_CKV = 512;
  public static final int HEAD_DIM_KPE = 64;

  private MlaReference() {}

  /**
   * One decode problem, in flat row-major arrays.
   *
   * @param qNope [batch, heads, ckvDim]
   * @param qPe [batch, heads, kpeDim]
   * @param ckv [pages, pageSize, ckvDim]
   * @param kpe [pages, pageSize, kpeDim]
   * @param pageTable for each request, its pages in order
   * @param kvLen for each request, its number of kv positions
   */
  public record Problem(
      int batch, int heads, int ckvDim, int kpeDim, int pageSize, double[] qNope, double[] qPe, double[] ckv,
      double[] kpe, int[][] pageTable, int[] kvLen, double smScale) {

    public Problem {
      if (qNope.length != (long) batch * heads * ckvDim || qPe.length != (long) batch * heads * kpeDim) {
        throw new IllegalArgumentException("q shapes do not match batch " + batch + " x heads " + heads);
      }
      if (ckv.length % ((long) pageSize * ckvDim) != 0 || kpe.length / ((long) pageSize * kpeDim)
          != ckv.length / ((long) pageSize * ckvDim)) {
        throw new IllegalArgumentException("ckv and kpe must hold the same whole number of pages");
      }
      if (pageTable.length != batch || kvLen.length != batch) {
        throw new IllegalArgumentException("pageTable and kvLen need one entry per request");
      }
      for (int b = 0; b < batch; b++) {
        if (kvLen[b] < 0 || (long) pageTable[b].length * pageSize < kvLen[b]) {
          throw new IllegalArgumentException("request " + b + ": " + kvLen[b] + " kv positions do not fit in "
              + pageTable[b].length + " pages of " + pageSize);
        }
      }
    }

    /** The cache row (page * pageSize + slot) of position t of request b. */
    public int row(int b, int t) {
      return pageTable[b][t / pageSize] * pageSize + t % pageSize;
    }
  }

  /** @param o [batch, heads, ckvDim]; @param lse [batch, heads] */
  public record Result(double[] o, double[] lse) {}

  public static Result decode(Problem p) {
    double[] o = new double[p.batch() * p.heads() * p.ckvDim()];
    double[] lse = new double[p.batch() * p.heads()];
    Arrays.fill(lse, Double.NEGATIVE_INFINITY);
    for (int b = 0; b < p.batch(); b++) {
      int len = p.kvLen()[b];
      if (len == 0) {
        continue;
      }
      for (int h = 0; h < p.heads(); h++) {
        int qRow = b * p.heads() + h;
        double[] scores = new double[len];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < len; t++) {
          int row = p.row(b, t);
          double dot = 0;
          for (int d = 0; d < p.ckvDim(); d++) {
            dot += p.qNope()[qRow * p.ckvDim() + d] * p.ckv()[row * p.ckvDim() + d];
          }
          for (int d = 0; d < p.kpeDim(); d++) {
            dot += p.qPe()[qRow * p.kpeDim() + d] * p.kpe()[row * p.kpeDim() + d];
          }
          scores[t] = dot * p.smScale();
          max = Math.max(max, scores[t]);
        }
        double sum = 0;
        for (int t = 0; t < len; t++) {
          scores[t] = Math.exp(scores[t] - max);
          sum += scores[t];
        }
        for (int t = 0; t < len; t++) {
          int row = p.row(b, t);
          double w = scores[t] / sum;
          for (int d = 0; d < p.ckvDim(); d++) {
            o[qRow * p.ckvDim() + d] += w * p.ckv()[row * p.ckvDim() + d];
          }
        }
        lse[qRow] = max + Math.log(sum);
      }
    }
    return new Result(o, lse);
  }

  /**
   * One request and head, from flat float arrays as the GPU sees them: writes o into {@code out}
   * (512 values) and returns lse, both in float64.
   */
  public static double decodeOne(float[] qNope, float[] qPe, float[] ckv, float[] kpe, int heads, int pageSize,
      int[] pages, int len, int b, int h, double smScale, double[] out) {
    java.util.Arrays.fill(out, 0);
    if (len == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    int qRow = b * heads + h;
    double[] scores = new double[len];
    double max = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < len; t++) {
      int row = pages[t / pageSize] * pageSize + t % pageSize;
      double dot = 0;
      for (int d = 0; d < HEAD_DIM_CKV; d++) {
        dot += (double) qNope[qRow * HEAD_DIM_CKV + d] * ckv[row * HEAD_DIM_CKV + d];
      }
      for (int d = 0; d < HEAD_DIM_KPE; d++) {
        dot += (double) qPe[qRow * HEAD_DIM_KPE + d] * kpe[row * HEAD_DIM_KPE + d];
      }
      scores[t] = dot * smScale;
      max = Math.max(max, scores[t]);
    }
    double sum = 0;
    for (int t = 0; t < len; t++) {
      scores[t] = Math.exp(scores[t] - max);
      sum += scores[t];
    }
    for (int t = 0; t < len; t++) {
      int row = pages[t / pageSize] * pageSize + t % pageSize;
      double w = scores[t] / sum;
      for (int d = 0; d < HEAD_DIM_CKV; d++) {
        out[d] += w * ckv[row * HEAD_DIM_CKV + d];
      }
    }
    return max + Math.log(sum);
  }

  /**
   * Merges partial results over disjoint kv chunks of the same request and head, the way the
   * merge kernel does: {@code o = sum_i exp(lse_i - lse) o_i}, {@code lse = log(sum_i exp(lse_i))}.
   */
  public static double[] merge(double[][] partialO, double[] partialLse, double[] mergedLseOut) {
    double max = Arrays.stream(partialLse).max().orElse(Double.NEGATIVE_INFINITY);
    double sum = 0;
    for (double l : partialLse) {
      sum += Math.exp(l - max);
    }
    double lse = max + Math.log(sum);
    double[] o = new double[partialO[0].length];
    for (int i = 0; i < partialO.length; i++) {
      double w = Math.exp(partialLse[i] - lse);
      for (int d = 0; d < o.length; d++) {
        o[d] += w * partialO[i][d];
      }
    }
    mergedLseOut[0] = lse;
    return o;
  }
}
