package io.jitguard.mla;

import java.util.ArrayList;
import java.util.List;

/** The decode's o and lse against the float64 reference, on every (request, head) pair or a sample. */
final class MlaComparison {
  /** Sampled (request, head) pairs when the whole problem is too large to check in float64. */
  static final int MAX_CHECKED_PAIRS = 384;
  /** The reference's |lse| under which the relative error is taken against this instead. */
  private static final double LSE_FLOOR = 1e-6;

  private MlaComparison() {}

  static MlaRunner.Check compare(MlaInputs in, MlaLaunch.Outputs out, String variant, String target) {
    MlaRunner.Shape s = in.shape;
    int n = in.requests();
    int heads = s.heads();
    int ckv = MlaInputs.CKV;
    List<int[]> pairs = new ArrayList<>();
    if ((long) n * heads <= MAX_CHECKED_PAIRS) {
      for (int b = 0; b < n; b++) {
        for (int h = 0; h < heads; h++) {
          pairs.add(new int[] {b, h});
        }
      }
    } else {
      for (int i = 0; i < MAX_CHECKED_PAIRS; i++) {
        // every request at least once
        pairs.add(new int[] {i < n ? i : in.sampler.nextInt(n), in.sampler.nextInt(heads)});
      }
    }
    double diff2 = 0;
    double ref2 = 0;
    double maxAbs = 0;
    double lseRel = 0;
    for (int[] pair : pairs) {
      int b = pair[0];
      int h = pair[1];
      double[] ref = new double[ckv];
      double refLse = MlaReference.decodeOne(in.qNope, in.qPe, in.ckv, in.kpe, heads, s.pageSize(), in.pages[b],
          s.kvLen()[b], b, h, s.smScale(), ref);
      int base = (b * heads + h) * ckv;
      for (int d = 0; d < ckv; d++) {
        double e = out.o()[base + d] - ref[d];
        diff2 += e * e;
        ref2 += ref[d] * ref[d];
        maxAbs = Math.max(maxAbs, Math.abs(e));
      }
      double got = out.lse()[b * heads + h];
      if (Double.isInfinite(refLse)) {
        lseRel = Math.max(lseRel, Double.isInfinite(got) && got < 0 ? 0 : Double.POSITIVE_INFINITY);
      } else {
        lseRel = Math.max(lseRel, Math.abs(got - refLse) / Math.max(Math.abs(refLse), LSE_FLOOR));
      }
    }
    double oRel = ref2 == 0 ? Math.sqrt(diff2) : Math.sqrt(diff2 / ref2);
    return new MlaRunner.Check(variant, target, out.workItems(), out.partialRows(), pairs.size(), out.unwritten(),
        maxAbs, oRel, lseRel);
  }
}
