package io.jitguard.mla;

import io.jitguard.gpu.CardPeaks;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.gpu.KernelRuntime;
import java.util.Arrays;

/**
 * Times plan + decode + merge with CUDA events: warm-up runs, then the median of the timed ones,
 * each on the next of several copies of the kv cache (together at least {@link #L2_MULTIPLE}
 * times the L2), so the cache does not flatter small problems. Events between the launches time
 * each kernel too. The launches are queued ahead of the GPU: the times are the GPU's, with no wait
 * for the host's launch calls (a CUDA graph replays the three kernels the same way).
 */
final class MlaBenchmark {
  /** The L2 the kv copies must outgrow: 50 MB on the H100 and the H200. */
  static final long L2_BYTES = 50L * 1024 * 1024;
  static final int L2_MULTIPLE = 4;
  static final int MAX_KV_COPIES = 16;
  /** Timed runs queued together behind one untimed run, which the GPU works on while the host queues the rest. */
  static final int TIMED_BATCH = 32;
  /** FLOP per (head, kv position): q.k over 576 values and p.v over 512, two each (INCIDENT.md). */
  static final double FLOP_PER_HEAD_TOKEN = 2.0 * (MlaInputs.CKV + MlaInputs.KPE) + 2.0 * MlaInputs.CKV;

  private MlaBenchmark() {}

  /** How many copies of the kv cache make L2_MULTIPLE x L2_BYTES, between 1 and MAX_KV_COPIES. */
  static int kvCopies(long kvBytesPerCopy) {
    long wanted = (L2_MULTIPLE * L2_BYTES + kvBytesPerCopy - 1) / Math.max(1, kvBytesPerCopy);
    return (int) Math.max(1, Math.min(MAX_KV_COPIES, wanted));
  }

  static MlaRunner.Bench run(KernelRuntime rt, MlaRunner.Shape s, int warmup, int iterations,
      CardPeaks roof) {
    MlaInputs in = MlaInputs.generate(s);
    long kvBytes = in.kvBytes();
    int copies = kvCopies(kvBytes);
    try (MlaLaunch p = new MlaLaunch(rt, in, copies)) {
      CudaDriver d = rt.driver();
      CudaDriver.Stream stream = d.stream();
      for (int i = 0; i < warmup; i++) {
        p.run(i % copies, stream);
      }
      d.synchronize(stream);
      // The total comes from runs with events only before plan and after merge; the kernels' own
      // times from as many runs again with events between them too.
      CudaDriver.Event[][] marks = new CudaDriver.Event[TIMED_BATCH][];
      for (int j = 0; j < TIMED_BATCH; j++) {
        marks[j] = new CudaDriver.Event[] {d.event(), d.event(), d.event(), d.event()};
      }
      double[] ms = new double[iterations];
      double[] instrumentedMs = new double[iterations];
      double[][] kernelMs = new double[3][iterations];
      for (int done = 0; done < iterations; done += TIMED_BATCH) {
        int runs = Math.min(TIMED_BATCH, iterations - done);
        for (boolean between : new boolean[] {false, true}) {
          p.run((done + copies - 1) % copies, stream);
          for (int j = 0; j < runs; j++) {
            CudaDriver.Event[] m = marks[j];
            p.run((done + j) % copies, stream, between ? m : new CudaDriver.Event[] {m[0], null, null, m[3]});
          }
          d.synchronize(stream);
          for (int j = 0; j < runs; j++) {
            if (!between) {
              ms[done + j] = d.elapsedMillis(marks[j][0], marks[j][3]);
              continue;
            }
            instrumentedMs[done + j] = d.elapsedMillis(marks[j][0], marks[j][3]);
            for (int k = 0; k < 3; k++) {
              kernelMs[k][done + j] = d.elapsedMillis(marks[j][k], marks[j][k + 1]);
            }
          }
        }
      }
      double median = median(ms);
      double min = Arrays.stream(ms).min().orElse(median);
      double tokens = 0;
      for (int len : s.kvLen()) {
        tokens += len;
      }
      double bytes = kvBytes;
      double flops = tokens * s.heads() * FLOP_PER_HEAD_TOKEN;
      double memMs = bytes / roof.bytesPerSecond() * 1e3;
      double computeMs = flops / roof.flopsPerSecond() * 1e3;
      double roofMs = Math.max(memMs, computeMs);
      return new MlaRunner.Bench(p.decode.variant(), p.decode.target().name(), iterations, median, min, bytes, flops,
          bytes / (median * 1e-3) / 1e9, flops / (median * 1e-3) / 1e12, roofMs, roofMs / median,
          !roof.known() ? "?" : computeMs >= memMs ? "compute" : "memory",
          new MlaRunner.Phases(median(kernelMs[0]), median(kernelMs[1]), median(kernelMs[2]), median(instrumentedMs)),
          p.decode.resourceUsage());
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
