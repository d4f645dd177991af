package io.jitguard.mla;

import com.google.common.collect.ImmutableMap;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.gpu.KernelRuntime;
import io.jitguard.manifest.Instantiation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One absorbed MLA decode on the GPU through jitguard's runtime: a paged cache with scattered
 * pages, plan, decode and merge, then o and lse checked against the float64 reference. Inputs are
 * random (never zeros) and the outputs are poisoned with NaN before the launch, so an element the
 * kernels never write is caught.
 */
public final class MlaRunner {
  static final int CKV = MlaReference.HEAD_DIM_CKV;
  static final int KPE = MlaReference.HEAD_DIM_KPE;
  /**
   * Where each decode variant says how to launch it: threads, heads per block, shared bytes, tile,
   * whether it reads kv through tensor maps, and the threads of the plan kernel's one block.
   */
  static final String DECODE_GEOMETRY = "jitguard_mla_decode_geometry";
  /** merge_kernel's block (mla_merge.cu): a warp for each of MERGE_HEADS heads. */
  static final int MERGE_THREADS = 128;
  static final int MERGE_HEADS = 4;
  /** Sampled (request, head) pairs for the float64 check when the whole problem is too large. */
  static final int MAX_CHECKED_PAIRS = 384;
  static final int UPLOAD_SLICE = 64 << 20;
  /**
   * MLAParams (params.cuh): 16 pointers, num_heads, page_size, sm_scale, kv_box_rows, then the
   * tensor maps of ckv and kpe, 128 bytes each, from a 64-byte boundary.
   */
  static final int PARAMS_BYTES = 448;
  static final int BOX_ROWS_OFFSET = 140;
  static final int CKV_MAP_OFFSET = 192;

  /** What to run. */
  public record Shape(int heads, int pageSize, int[] kvLen, ElementType q, ElementType kv, ElementType o,
      double smScale, long seed) {}

  /** What came back and how far it is from float64. */
  public record Check(String variant, String target, int work, int partials, int checkedPairs, long unwritten,
      double oMaxAbs, double oRelative, double lseRelative) {
    public boolean ok(double oTolerance, double lseTolerance) {
      return unwritten == 0 && oRelative <= oTolerance && lseRelative <= lseTolerance;
    }
  }

  private MlaRunner() {}

  /** What a benchmark measured, and how it compares with the card's roofline. */
  public record Bench(String variant, String target, int iterations, double medianMillis, double minMillis,
      double kvBytes, double flops, double gbPerSecond, double tflopPerSecond, double rooflineMillis,
      double fractionOfRoofline, String bound, Phases phases, java.util.List<String> resourceUsage) {}

  /**
   * Medians of the three kernels' own times, in milliseconds, from runs timed separately with events
   * between the launches, and those runs' median in all (the events themselves take GPU time).
   */
  public record Phases(double planMillis, double decodeMillis, double mergeMillis, double totalMillis) {}

  /** Peak figures of the card the benchmark compares with (H100 SXM: 3.35 TB/s, about 989 dense bf16 TFLOP/s). */
  public record Roofline(double bytesPerSecond, double flopsPerSecond) {
    public static final Roofline H100 = new Roofline(3.35e12, 989e12);
  }

  /** FLOP per (head, kv position): q.k over 576 values and p.v over 512, two each (INCIDENT.md). */
  static final double FLOP_PER_HEAD_TOKEN = 2.0 * (CKV + KPE) + 2.0 * CKV;

  public static Check check(KernelRuntime rt, Shape s) {
    try (Problem p = new Problem(rt, s, 1)) {
      p.run(0, null);
      rt.driver().synchronize();
      return p.compare();
    }
  }

  /**
   * Times plan + decode + merge with CUDA events: {@code warmup} runs, then the median of
   * {@code iterations}, each on the next of several copies of the kv cache (together at least
   * 4x the 50 MB L2), so the cache does not flatter small problems. Events between the launches
   * also time each kernel. The launches are queued ahead of the GPU: the times are the GPU's, with
   * no wait for the host's launch calls (a CUDA graph replays the three kernels the same way).
   */
  public static Bench bench(KernelRuntime rt, Shape s, int warmup, int iterations, Roofline roof) {
    long kvBytesPerCopy = 0;
    for (int len : s.kvLen()) {
      kvBytesPerCopy += (long) len * (CKV + KPE) * s.kv().bytes();
    }
    int copies = (int) Math.max(1, Math.min(16, (4L * 50 * 1024 * 1024 + kvBytesPerCopy - 1) / Math.max(1,
        kvBytesPerCopy)));
    try (Problem p = new Problem(rt, s, copies)) {
      CudaDriver d = rt.driver();
      CudaDriver.Stream stream = d.stream();
      for (int i = 0; i < warmup; i++) {
        p.run(i % copies, stream);
      }
      d.synchronize(stream);
      // The launches are queued ahead of the GPU, so the events time its work and not the host's
      // launch calls: each batch of timed runs is led by an untimed one, which the GPU works on
      // while the host queues the rest. The total comes from runs with events only before plan and
      // after merge; the kernels' own times from as many runs again with events between them too.
      final int batch = 32;
      CudaDriver.Event[][] marks = new CudaDriver.Event[batch][];
      for (int j = 0; j < batch; j++) {
        marks[j] = new CudaDriver.Event[] {d.event(), d.event(), d.event(), d.event()};
      }
      double[] ms = new double[iterations];
      double[] instrumentedMs = new double[iterations];
      double[][] kernelMs = new double[3][iterations];
      for (int done = 0; done < iterations; done += batch) {
        int runs = Math.min(batch, iterations - done);
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
      double min = java.util.Arrays.stream(ms).min().orElse(median);
      double tokens = 0;
      for (int len : s.kvLen()) {
        tokens += len;
      }
      double bytes = kvBytesPerCopy;
      double flops = tokens * s.heads() * FLOP_PER_HEAD_TOKEN;
      double memMs = bytes / roof.bytesPerSecond() * 1e3;
      double computeMs = flops / roof.flopsPerSecond() * 1e3;
      double roofMs = Math.max(memMs, computeMs);
      return new Bench(p.decode.variant(), p.decode.target().name(), iterations, median, min, bytes, flops,
          bytes / (median * 1e-3) / 1e9, flops / (median * 1e-3) / 1e12, roofMs, roofMs / median,
          computeMs >= memMs ? "compute" : "memory",
          new Phases(median(kernelMs[0]), median(kernelMs[1]), median(kernelMs[2]), median(instrumentedMs)), p.decode.resourceUsage());
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The inputs on the host and the device, the prepared kernels, and how to launch them. */
  private static final class Problem implements AutoCloseable {
    final KernelRuntime rt;
    final CudaDriver d;
    final Shape s;
    final int n;
    final int heads;
    final int[][] pages;
    final float[] qNope;
    final float[] qPe;
    final float[] ckv;
    final float[] kpe;
    final Random rnd;
    final List<Long> allocations = new ArrayList<>();
    final int numSms;
    final int maxWork;
    final long dLen;
    final long[] work = new long[4];
    final long dMerge;
    final long dInfo;
    final long oBytes;
    final long dO;
    final long dLse;
    final long dPartialO;
    final long dPartialLse;
    final List<byte[]> decodeParams = new ArrayList<>();
    final KernelRuntime.Prepared decode;
    final KernelRuntime.Prepared merge;
    final CudaDriver.Function plan;
    final CudaDriver.Function decodeKernel;
    final CudaDriver.Function mergeKernel;
    final int[] geometry;

    Problem(KernelRuntime rt, Shape s, int copies) {
      this.rt = rt;
      this.d = rt.driver();
      this.s = s;
      this.n = s.kvLen().length;
      this.heads = s.heads();
      this.rnd = new Random(s.seed());
      pages = new int[n][];
      int totalPages = 0;
      for (int b = 0; b < n; b++) {
        pages[b] = new int[Math.max(1, (s.kvLen()[b] + s.pageSize() - 1) / s.pageSize())];
        totalPages += pages[b].length;
      }
      totalPages += 3; // pages no request uses
      int[] perm = permutation(totalPages, rnd);
      int[] indptr = new int[n + 1];
      List<Integer> pageIds = new ArrayList<>();
      for (int b = 0, k = 0; b < n; b++) {
        indptr[b] = pageIds.size();
        for (int i = 0; i < pages[b].length; i++) {
          pages[b][i] = perm[k++];
          pageIds.add(pages[b][i]);
        }
      }
      indptr[n] = pageIds.size();
      qNope = random(n * heads * CKV, rnd.nextLong(), s.q());
      qPe = random(n * heads * KPE, rnd.nextLong(), s.q());
      ckv = random(totalPages * s.pageSize() * CKV, rnd.nextLong(), s.kv());
      kpe = random(totalPages * s.pageSize() * KPE, rnd.nextLong(), s.kv());
      numSms = d.gpu().multiprocessors();
      maxWork = n + numSms * 2;
      try {
        long dQn = upload(s.q(), qNope);
        long dQp = upload(s.q(), qPe);
        long[] dCkv = new long[copies];
        long[] dKpe = new long[copies];
        for (int c = 0; c < copies; c++) {
          dCkv[c] = upload(s.kv(), ckv);
          dKpe[c] = upload(s.kv(), kpe);
        }
        long dIndptr = upload(ints(indptr));
        long dPages = upload(ints(pageIds.stream().mapToInt(Integer::intValue).toArray()));
        dLen = upload(ints(s.kvLen()));
        for (int i = 0; i < 4; i++) {
          work[i] = alloc(4L * maxWork);
        }
        dMerge = alloc(4L * (n + 1));
        dInfo = alloc(16);
        oBytes = (long) n * heads * CKV * s.o().bytes();
        dO = alloc(oBytes);
        dLse = alloc(4L * n * heads);
        dPartialO = alloc(4L * maxWork * heads * CKV);
        dPartialLse = alloc(4L * maxWork * heads);
        d.fill(dO, (byte) 0xff, oBytes); // NaN in bf16, fp16 and fp32
        d.fill(dLse, (byte) 0xff, 4L * n * heads);
        d.fill(dPartialO, (byte) 0xff, 4L * maxWork * heads * CKV);
        Instantiation decodeInst = rt.instantiation("mla_decode", ImmutableMap.of("DTypeQ", s.q().label(),
            "DTypeKV", s.kv().label(), "DTypeO", s.o().label(), "IdType", "i32"));
        Instantiation mergeInst = rt.instantiation("mla_merge", ImmutableMap.of("DTypeO", s.o().label(), "IdType",
            "i32"));
        decode = rt.prepare("mla_decode", decodeInst);
        merge = rt.prepare("mla_merge", mergeInst);
        plan = entry(decode, "plan_kernel");
        decodeKernel = entry(decode, "decode_kernel");
        mergeKernel = entry(merge, "merge_kernel");
        geometry = readInts(d.readGlobal(decode.module(), DECODE_GEOMETRY));
        if (geometry.length != 6 || geometry[0] <= 0 || geometry[1] <= 0 || geometry[2] < 0 || geometry[3] <= 0
            || geometry[5] <= 0) {
          throw new IllegalStateException(decode.family() + "/" + decode.variant() + " exports a malformed "
              + DECODE_GEOMETRY + ": " + java.util.Arrays.toString(geometry));
        }
        int boxRows = geometry[4] != 0 ? tensorMapBoxRows(s.pageSize(), geometry[3]) : 0;
        long cacheRows = (long) totalPages * s.pageSize();
        for (int c = 0; c < copies; c++) {
          ByteBuffer params = ByteBuffer.allocate(PARAMS_BYTES).order(ByteOrder.LITTLE_ENDIAN);
          for (long ptr : new long[] {dQn, dQp, dCkv[c], dKpe[c], dIndptr, dPages, dLen, work[0], work[1], work[2],
              work[3], dInfo, dO, dLse, dPartialO, dPartialLse}) {
            params.putLong(ptr);
          }
          params.putInt(heads).putInt(s.pageSize()).putFloat((float) s.smScale());
          params.putInt(BOX_ROWS_OFFSET, boxRows);
          if (boxRows > 0) {
            params.position(CKV_MAP_OFFSET);
            params.put(d.tensorMap16Bit(dCkv[c], CKV, cacheRows, CKV * 2L, 64, boxRows));
            params.put(d.tensorMap16Bit(dKpe[c], KPE, cacheRows, KPE * 2L, 64, boxRows));
          }
          decodeParams.add(params.array());
        }
        d.allowDynamicSharedMemory(decodeKernel, geometry[2]);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /** Plan, decode (on kv copy {@code copy}) and merge, queued on {@code stream}. */
    void run(int copy, CudaDriver.Stream stream) {
      run(copy, stream, null);
    }

    /**
     * The same with {@code marks[0..3]} recorded before plan, decode and merge and after merge (null, or a
     * null element: none there).
     */
    void run(int copy, CudaDriver.Stream stream, CudaDriver.Event[] marks) {
      mark(marks, 0, stream);
      d.launch(plan, new int[] {1, 1, 1}, new int[] {geometry[5], 1, 1}, 0, stream, List.of(ptr(dLen), u32(n), u32(heads),
          u32(numSms), u32(maxWork), ptr(work[0]), ptr(work[1]), ptr(work[2]), ptr(work[3]), ptr(dMerge), ptr(dInfo)));
      mark(marks, 1, stream);
      d.launch(decodeKernel, new int[] {(heads + geometry[1] - 1) / geometry[1], maxWork, 1},
          new int[] {geometry[0], 1, 1}, geometry[2], stream, List.of(decodeParams.get(copy)));
      mark(marks, 2, stream);
      d.launch(mergeKernel, new int[] {n, (heads + MERGE_HEADS - 1) / MERGE_HEADS, 1}, new int[] {MERGE_THREADS, 1, 1}, 0,
          stream,
          List.of(ptr(dPartialO), ptr(dPartialLse), ptr(dMerge), ptr(dO), ptr(dLse), u32(heads)));
      mark(marks, 3, stream);
    }

    private void mark(CudaDriver.Event[] marks, int i, CudaDriver.Stream stream) {
      if (marks != null && marks[i] != null) {
        d.record(marks[i], stream);
      }
    }

    Check compare() {
      int[] info = readInts(d.download(dInfo, 16));
      float[] o = s.o().decode(d.download(dO, (int) oBytes));
      float[] lse = ElementType.FP32.decode(d.download(dLse, 4 * n * heads));
      long unwritten = 0;
      for (float v : o) {
        if (Float.isNaN(v)) {
          unwritten++;
        }
      }
      for (float v : lse) {
        if (Float.isNaN(v)) {
          unwritten++;
        }
      }
      return MlaRunner.compare(s, decode, info, pages, qNope, qPe, ckv, kpe, o, lse, unwritten, rnd);
    }

    private long upload(byte[] data) {
      long p = alloc(data.length);
      d.upload(p, data);
      return p;
    }

    /** Encodes and uploads in slices of 64 Mi elements: a kv cache can pass the 2 GB of one byte[]. */
    private long upload(ElementType t, float[] values) {
      long p = alloc((long) values.length * t.bytes());
      for (int from = 0; from < values.length; from += UPLOAD_SLICE) {
        int to = Math.min(values.length, from + UPLOAD_SLICE);
        d.upload(p + (long) from * t.bytes(), t.encode(values, from, to));
      }
      return p;
    }

    private long alloc(long bytes) {
      long p = d.alloc(bytes);
      allocations.add(p);
      return p;
    }

    @Override
    public void close() {
      for (long a : allocations) {
        d.free(a);
      }
      allocations.clear();
    }
  }

  private static Check compare(Shape s, KernelRuntime.Prepared decode, int[] info, int[][] pages, float[] qNope,
      float[] qPe, float[] ckv, float[] kpe, float[] o, float[] lse, long unwritten, Random rnd) {
    int n = s.kvLen().length;
    int heads = s.heads();
    List<int[]> pairs = new ArrayList<>();
    if ((long) n * heads <= MAX_CHECKED_PAIRS) {
      for (int b = 0; b < n; b++) {
        for (int h = 0; h < heads; h++) {
          pairs.add(new int[] {b, h});
        }
      }
    } else {
      for (int i = 0; i < MAX_CHECKED_PAIRS; i++) {
        pairs.add(new int[] {i < n ? i : rnd.nextInt(n), rnd.nextInt(heads)}); // every request at least once
      }
    }
    double diff2 = 0;
    double ref2 = 0;
    double maxAbs = 0;
    double lseRel = 0;
    for (int[] pair : pairs) {
      int b = pair[0];
      int h = pair[1];
      double[] ref = new double[CKV];
      double refLse = MlaReference.decodeOne(qNope, qPe, ckv, kpe, heads, s.pageSize(), pages[b], s.kvLen()[b], b, h,
          s.smScale(), ref);
      int base = (b * heads + h) * CKV;
      for (int d = 0; d < CKV; d++) {
        double e = o[base + d] - ref[d];
        diff2 += e * e;
        ref2 += ref[d] * ref[d];
        maxAbs = Math.max(maxAbs, Math.abs(e));
      }
      double got = lse[b * heads + h];
      if (Double.isInfinite(refLse)) {
        lseRel = Math.max(lseRel, Double.isInfinite(got) && got < 0 ? 0 : Double.POSITIVE_INFINITY);
      } else {
        lseRel = Math.max(lseRel, Math.abs(got - refLse) / Math.max(Math.abs(refLse), 1e-6));
      }
    }
    double oRel = ref2 == 0 ? Math.sqrt(diff2) : Math.sqrt(diff2 / ref2);
    return new Check(decode.variant(), decode.target().name(), info[0], info[1], pairs.size(), unwritten, maxAbs, oRel,
        lseRel);
  }

  /**
   * Rows per tensor copy of a kv tile when the kernel reads kv through tensor maps: a box must not
   * cross a page, so gcd(page size, tile); 0 (the kernel copies with cp.async) when that is under
   * 8 rows, since every box must start on the 1024-byte swizzle period.
   */
  static int tensorMapBoxRows(int pageSize, int tile) {
    int g = java.math.BigInteger.valueOf(pageSize).gcd(java.math.BigInteger.valueOf(tile)).intValue();
    return g >= 8 ? g : 0;
  }

  private static CudaDriver.Function entry(KernelRuntime.Prepared p, String kernel) {
    return p.kernels().entrySet().stream().filter(e -> e.getKey().contains("::" + kernel + "<")).findFirst()
        .orElseThrow(() -> new IllegalStateException(p.family() + "/" + p.variant() + " has no " + kernel)).getValue();
  }

  private static int[] permutation(int size, Random rnd) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * {@code count} standard normal values rounded to what {@code t} stores (the reference sees the
   * same), the same for the same seed. Filled in parallel, each block of 2^20 from its own generator
   * seeded by the block's number: a kv cache of a billion values takes seconds, not the half minute
   * of one {@link Random}.
   */
  private static float[] random(int count, long seed, ElementType t) {
    float[] out = new float[count];
    final int block = 1 << 20;
    java.util.stream.IntStream.range(0, (count + block - 1) / block).parallel().forEach(k -> {
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed + 0x9E3779B97F4A7C15L * k);
      for (int i = k * block, end = Math.min(count, i + block); i < end; i++) {
        out[i] = t.round((float) r.nextGaussian());
      }
    });
    return out;
  }

  private static byte[] ints(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  private static int[] readInts(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[data.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getInt();
    }
    return out;
  }

  private static byte[] ptr(long p) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(p).array();
  }

  private static byte[] u32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
