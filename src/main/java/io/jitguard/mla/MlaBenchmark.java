package io.jitguard.mla;

import io.jitguard.gpu.CardPeaks;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.gpu.KernelRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times plan + decode + merge with CUDA events: warm-up runs, then the median of the timed ones,
 * each on the next of several copies of the kv cache (together at least {@link #L2_MULTIPLE}
 * times the L2), so the cache does not flatter small problems. The three kernels are captured as
 * CUDA graphs and replayed, as a serving loop replays its decode step: one host call a run, queued
 * ahead of the GPU, so the times are the GPU's even where the three kernels take less time than
 * the host needs to launch them one by one (batch 1: 60-70 us of waiting in a total of 130-180 at
 * 2026-12-07's first measurement on the H100). Events between the kernels, captured in graphs of
 * their own, time each kernel too. Where the driver refuses any of that, the three kernels are
 * launched one by one instead, still queued ahead of the GPU, and the result says so.
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

  /** The timed runs' totals and, from as many runs again with events between the kernels, each kernel's time. */
  private record Times(double[] ms, double[] instrumentedMs, double[][] kernelMs, String how) {
    Times(int iterations, String how) {
      this(new double[iterations], new double[iterations], new double[3][iterations], how);
    }
  }

  static MlaRunner.Bench run(KernelRuntime rt, MlaRunner.Shape s, int warmup, int iterations,
      CardPeaks roof) {
    MlaInputs in = MlaInputs.generate(s);
    long kvBytes = in.kvBytes();
    int copies = kvCopies(kvBytes);
    CudaDriver d = rt.driver();
    List<CudaDriver.Graph> graphs = new ArrayList<>();
    try (MlaLaunch p = new MlaLaunch(rt, in, copies)) {
      CudaDriver.Stream stream = d.stream();
      p.run(0, stream); // eagerly once: everything a launch looks up is looked up outside a capture
      d.synchronize(stream);
      Times t;
      try {
        t = graphTimes(d, p, stream, copies, warmup, iterations, graphs);
      } catch (CudaDriver.CudaDriverException e) {
        d.synchronize(stream);
        t = eagerTimes(d, p, stream, copies, warmup, iterations, new Times(iterations,
            "launched one by one, queued ahead of the GPU (CUDA graphs refused: " + e.getMessage() + ")"));
      }
      double median = median(t.ms());
      double min = Arrays.stream(t.ms()).min().orElse(median);
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
          new MlaRunner.Phases(median(t.kernelMs()[0]), median(t.kernelMs()[1]), median(t.kernelMs()[2]),
              median(t.instrumentedMs())), p.decode.resourceUsage(), t.how());
    } finally {
      graphs.forEach(CudaDriver.Graph::close);
    }
  }

  /**
   * Totals from one graph of plan, decode and merge per kv copy, events around each replay; each
   * kernel's time from graphs with events between the kernels (event record nodes), one per slot of a
   * batch, else from launches one by one.
   */
  private static Times graphTimes(CudaDriver d, MlaLaunch p, CudaDriver.Stream stream, int copies, int warmup,
      int iterations, List<CudaDriver.Graph> graphs) {
    CudaDriver.Graph[] plain = new CudaDriver.Graph[copies];
    for (int c = 0; c < copies; c++) {
      int copy = c;
      plain[c] = d.capture(stream, () -> p.run(copy, stream));
      graphs.add(plain[c]);
    }
    CudaDriver.Event[][] outer = new CudaDriver.Event[TIMED_BATCH][];
    for (int j = 0; j < TIMED_BATCH; j++) {
      outer[j] = new CudaDriver.Event[] {d.event(), d.event()};
    }
    for (int i = 0; i < warmup; i++) {
      d.launch(plain[i % copies], stream);
    }
    d.synchronize(stream);
    Times t = new Times(iterations, "replayed as CUDA graphs queued ahead of the GPU");
    for (int done = 0; done < iterations; done += TIMED_BATCH) {
      int runs = Math.min(TIMED_BATCH, iterations - done);
      d.launch(plain[(done + copies - 1) % copies], stream); // the GPU works on it while the rest are queued
      for (int j = 0; j < runs; j++) {
        d.record(outer[j][0], stream);
        d.launch(plain[(done + j) % copies], stream);
        d.record(outer[j][1], stream);
      }
      d.synchronize(stream);
      for (int j = 0; j < runs; j++) {
        t.ms()[done + j] = d.elapsedMillis(outer[j][0], outer[j][1]);
      }
    }
    try {
      CudaDriver.Event[][] inner = new CudaDriver.Event[TIMED_BATCH][];
      CudaDriver.Graph[] instrumented = new CudaDriver.Graph[TIMED_BATCH];
      for (int j = 0; j < TIMED_BATCH; j++) {
        CudaDriver.Event[] m = {d.event(), d.event(), d.event(), d.event()};
        int copy = j % copies;
        inner[j] = m;
        instrumented[j] = d.capture(stream, () -> p.run(copy, stream, m));
        graphs.add(instrumented[j]);
      }
      for (int done = 0; done < iterations; done += TIMED_BATCH) {
        int runs = Math.min(TIMED_BATCH, iterations - done);
        d.launch(plain[(done + copies - 1) % copies], stream);
        for (int j = 0; j < runs; j++) {
          d.launch(instrumented[j], stream);
        }
        d.synchronize(stream);
        for (int j = 0; j < runs; j++) {
          t.instrumentedMs()[done + j] = d.elapsedMillis(inner[j][0], inner[j][3]);
          for (int k = 0; k < 3; k++) {
            t.kernelMs()[k][done + j] = d.elapsedMillis(inner[j][k], inner[j][k + 1]);
          }
        }
      }
      return t;
    } catch (CudaDriver.CudaDriverException e) {
      d.synchronize(stream);
      Times kernels = eagerTimes(d, p, stream, copies, 0, iterations, new Times(iterations, ""));
      return new Times(t.ms(), kernels.instrumentedMs(), kernels.kernelMs(), t.how() + "; the kernels' own times "
          + "from launches one by one (events in a graph refused: " + e.getMessage() + ")");
    }
  }

  /** Both from the three launches queued one by one, each batch led by an untimed run. */
  private static Times eagerTimes(CudaDriver d, MlaLaunch p, CudaDriver.Stream stream, int copies, int warmup,
      int iterations, Times t) {
    for (int i = 0; i < warmup; i++) {
      p.run(i % copies, stream);
    }
    d.synchronize(stream);
    CudaDriver.Event[][] marks = new CudaDriver.Event[TIMED_BATCH][];
    for (int j = 0; j < TIMED_BATCH; j++) {
      marks[j] = new CudaDriver.Event[] {d.event(), d.event(), d.event(), d.event()};
    }
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
            t.ms()[done + j] = d.elapsedMillis(marks[j][0], marks[j][3]);
            continue;
          }
          t.instrumentedMs()[done + j] = d.elapsedMillis(marks[j][0], marks[j][3]);
          for (int k = 0; k < 3; k++) {
            t.kernelMs()[k][done + j] = d.elapsedMillis(marks[j][k], marks[j][k + 1]);
          }
        }
      }
    }
    return t;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
