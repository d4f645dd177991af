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
  static final int HEAD_GROUP = 16;
  static final int DECODE_THREADS = 256;
  static final int MERGE_THREADS = 128;
  /** Sampled (request, head) pairs for the float64 check when the whole problem is too large. */
  static final int MAX_CHECKED_PAIRS = 384;

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

  public static Check check(KernelRuntime rt, Shape s) {
    CudaDriver d = rt.driver();
    int n = s.kvLen().length;
    int heads = s.heads();
    Random rnd = new Random(s.seed());
    int[][] pages = new int[n][];
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
    float[] qNope = random(n * heads * CKV, rnd, s.q());
    float[] qPe = random(n * heads * KPE, rnd, s.q());
    float[] ckv = random(totalPages * s.pageSize() * CKV, rnd, s.kv());
    float[] kpe = random(totalPages * s.pageSize() * KPE, rnd, s.kv());

    int numSms = d.gpu().multiprocessors();
    int maxWork = n + numSms * 2;
    List<Long> allocations = new ArrayList<>();
    try {
      long dQn = upload(d, allocations, s.q().encode(qNope));
      long dQp = upload(d, allocations, s.q().encode(qPe));
      long dCkv = upload(d, allocations, s.kv().encode(ckv));
      long dKpe = upload(d, allocations, s.kv().encode(kpe));
      long dIndptr = upload(d, allocations, ints(indptr));
      long dPages = upload(d, allocations, ints(pageIds.stream().mapToInt(Integer::intValue).toArray()));
      long dLen = upload(d, allocations, ints(s.kvLen()));
      long[] work = new long[4];
      for (int i = 0; i < 4; i++) {
        work[i] = alloc(d, allocations, 4L * maxWork);
      }
      long dMerge = alloc(d, allocations, 4L * (n + 1));
      long dInfo = alloc(d, allocations, 16);
      long oBytes = (long) n * heads * CKV * s.o().bytes();
      long dO = alloc(d, allocations, oBytes);
      long dLse = alloc(d, allocations, 4L * n * heads);
      long dPartialO = alloc(d, allocations, 4L * maxWork * heads * CKV);
      long dPartialLse = alloc(d, allocations, 4L * maxWork * heads);
      d.fill(dO, (byte) 0xff, oBytes);                 // NaN in bf16, fp16 and fp32
      d.fill(dLse, (byte) 0xff, 4L * n * heads);
      d.fill(dPartialO, (byte) 0xff, 4L * maxWork * heads * CKV);

      Instantiation decodeInst = rt.instantiation("mla_decode", ImmutableMap.of("DTypeQ", s.q().label(), "DTypeKV",
          s.kv().label(), "DTypeO", s.o().label(), "IdType", "i32"));
      Instantiation mergeInst = rt.instantiation("mla_merge", ImmutableMap.of("DTypeO", s.o().label(), "IdType", "i32"));
      KernelRuntime.Prepared decode = rt.prepare("mla_decode", decodeInst);
      KernelRuntime.Prepared merge = rt.prepare("mla_merge", mergeInst);
      CudaDriver.Function plan = entry(decode, "plan_kernel");
      CudaDriver.Function decodeKernel = entry(decode, "decode_kernel");
      CudaDriver.Function mergeKernel = entry(merge, "merge_kernel");

      d.launch(plan, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 0, null, List.of(ptr(dLen), u32(n), u32(heads),
          u32(numSms), u32(maxWork), ptr(work[0]), ptr(work[1]), ptr(work[2]), ptr(work[3]), ptr(dMerge), ptr(dInfo)));
      ByteBuffer params = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
      for (long p : new long[] {dQn, dQp, dCkv, dKpe, dIndptr, dPages, dLen, work[0], work[1], work[2], work[3], dInfo,
          dO, dLse, dPartialO, dPartialLse}) {
        params.putLong(p);
      }
      params.putInt(heads).putInt(s.pageSize()).putFloat((float) s.smScale());
      d.launch(decodeKernel, new int[] {maxWork, (heads + HEAD_GROUP - 1) / HEAD_GROUP, 1},
          new int[] {DECODE_THREADS, 1, 1}, 0, null, List.of(params.array()));
      d.launch(mergeKernel, new int[] {n, heads, 1}, new int[] {MERGE_THREADS, 1, 1}, 0, null,
          List.of(ptr(dPartialO), ptr(dPartialLse), ptr(dMerge), ptr(dO), ptr(dLse), u32(heads)));
      d.synchronize();

      int[] info = readInts(d.download(dInfo, 16));
      float[] o = s.o().decode(d.download(dO, (int) oBytes));
      float[] lse = ElementType.FP32.decode(d.download(dLse, 4 * n * heads));
      long unwritten = 0;
      for (float v : o) {
        if (Float.isNaN(v)) {
          unwritten++;
        }
      }
      for (int b = 0; b < n; b++) {
        for (int h = 0; h < heads; h++) {
          if (Float.isNaN(lse[b * heads + h])) {
            unwritten++;
          }
        }
      }
      return compare(s, decode, info, pages, qNope, qPe, ckv, kpe, o, lse, unwritten, rnd);
    } finally {
      for (long a : allocations) {
        d.free(a);
      }
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

  /** Standard normal values, rounded to what the element type stores (the reference sees the same). */
  private static float[] random(int count, Random rnd, ElementType t) {
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = t.round((float) rnd.nextGaussian());
    }
    return out;
  }

  private static long upload(CudaDriver d, List<Long> allocations, byte[] data) {
    long p = alloc(d, allocations, data.length);
    d.upload(p, data);
    return p;
  }

  private static long alloc(CudaDriver d, List<Long> allocations, long bytes) {
    long p = d.alloc(bytes);
    allocations.add(p);
    return p;
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
