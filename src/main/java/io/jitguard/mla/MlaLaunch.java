package io.jitguard.mla;

import com.google.common.collect.ImmutableMap;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.gpu.KernelRuntime;
import io.jitguard.manifest.Instantiation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One decode problem on the device: the inputs uploaded (the kv cache in {@code copies} copies, so
 * timed runs need not find it in L2), the plan's and the outputs' buffers, the kernels prepared
 * through the runtime, and the three launches (plan, decode, merge). Outputs are filled with NaN
 * first, so an element the kernels never write is caught.
 */
final class MlaLaunch implements AutoCloseable {
  static final String DECODE_FAMILY = "mla_decode";
  static final String MERGE_FAMILY = "mla_merge";
  /** merge_kernel's block (mla_merge.cu): a warp for each of MERGE_HEADS heads. */
  static final int MERGE_THREADS = 128;
  static final int MERGE_HEADS = 4;
  /** Work items the plan may add beyond one per request, per SM (plan.cuh needs max_work >= batch). */
  static final int EXTRA_WORK_PER_SM = 2;
  /** plan_info: number of work items, number of partial rows, chunk size, spare. */
  static final int PLAN_INFO_INTS = 4;
  /** Elements uploaded at once: a kv cache can pass the 2 GB of one byte[]. */
  static final int UPLOAD_SLICE = 64 << 20;
  /** Every byte 0xff: NaN in bf16, fp16 and fp32. */
  private static final byte NAN_BYTE = (byte) 0xff;

  /** What the kernels wrote: the plan's counts, o and lse, and how many elements they left unwritten. */
  record Outputs(int workItems, int partialRows, float[] o, float[] lse, long unwritten) {}

  final MlaInputs in;
  final KernelRuntime.Prepared decode;
  final KernelRuntime.Prepared merge;
  final DecodeGeometry geometry;
  private final CudaDriver d;
  private final int requests;
  private final int heads;
  private final int numSms;
  private final int maxWork;
  private final List<Long> allocations = new ArrayList<>();
  private final long[] work = new long[4];
  private final long dLen;
  private final long dMerge;
  private final long dInfo;
  private final long dO;
  private final long dLse;
  private final long dPartialO;
  private final long dPartialLse;
  private final long oBytes;
  private final List<byte[]> decodeParams = new ArrayList<>();
  private final CudaDriver.Function planKernel;
  private final CudaDriver.Function decodeKernel;
  private final CudaDriver.Function mergeKernel;

  MlaLaunch(KernelRuntime rt, MlaInputs in, int copies) {
    this.in = in;
    this.d = rt.driver();
    MlaRunner.Shape s = in.shape;
    this.requests = in.requests();
    this.heads = s.heads();
    this.numSms = d.gpu().multiprocessors();
    this.maxWork = requests + numSms * EXTRA_WORK_PER_SM;
    try {
      long dQn = upload(s.q(), in.qNope);
      long dQp = upload(s.q(), in.qPe);
      long[] dCkv = new long[copies];
      long[] dKpe = new long[copies];
      for (int c = 0; c < copies; c++) {
        dCkv[c] = upload(s.kv(), in.ckv);
        dKpe[c] = upload(s.kv(), in.kpe);
      }
      long dIndptr = upload(ints(in.indptr));
      long dPages = upload(ints(in.pageIds));
      dLen = upload(ints(s.kvLen()));
      for (int i = 0; i < work.length; i++) {
        work[i] = alloc(4L * maxWork);
      }
      dMerge = alloc(4L * (requests + 1));
      dInfo = alloc(4L * PLAN_INFO_INTS);
      oBytes = (long) requests * heads * MlaInputs.CKV * s.o().bytes();
      dO = alloc(oBytes);
      dLse = alloc(4L * requests * heads);
      dPartialO = alloc(4L * maxWork * heads * MlaInputs.CKV);
      dPartialLse = alloc(4L * maxWork * heads);
      d.fill(dO, NAN_BYTE, oBytes);
      d.fill(dLse, NAN_BYTE, 4L * requests * heads);
      d.fill(dPartialO, NAN_BYTE, 4L * maxWork * heads * MlaInputs.CKV);
      decode = rt.prepare(DECODE_FAMILY, rt.instantiation(DECODE_FAMILY, ImmutableMap.of("DTypeQ", s.q().label(),
          "DTypeKV", s.kv().label(), "DTypeO", s.o().label(), "IdType", "i32")));
      merge = rt.prepare(MERGE_FAMILY, rt.instantiation(MERGE_FAMILY, ImmutableMap.of("DTypeO", s.o().label(),
          "IdType", "i32")));
      planKernel = entry(decode, "plan_kernel");
      decodeKernel = entry(decode, "decode_kernel");
      mergeKernel = entry(merge, "merge_kernel");
      geometry = DecodeGeometry.read(d.readGlobal(decode.module(), DecodeGeometry.SYMBOL),
          decode.family() + "/" + decode.variant());
      int boxRows = geometry.tensorMaps() ? MlaParams.tensorMapBoxRows(s.pageSize(), geometry.tile()) : 0;
      for (int c = 0; c < copies; c++) {
        MlaParams.Pointers p = new MlaParams.Pointers(dQn, dQp, dCkv[c], dKpe[c], dIndptr, dPages, dLen, work[0],
            work[1], work[2], work[3], dInfo, dO, dLse, dPartialO, dPartialLse);
        byte[] ckvMap = boxRows == 0 ? null : d.tensorMap16Bit(dCkv[c], MlaInputs.CKV, in.cacheRows(),
            MlaInputs.CKV * 2L, MlaParams.BOX_COLS, boxRows);
        byte[] kpeMap = boxRows == 0 ? null : d.tensorMap16Bit(dKpe[c], MlaInputs.KPE, in.cacheRows(),
            MlaInputs.KPE * 2L, MlaParams.BOX_COLS, boxRows);
        decodeParams.add(MlaParams.encode(p, heads, s.pageSize(), (float) s.smScale(), boxRows, ckvMap, kpeMap));
      }
      d.allowDynamicSharedMemory(decodeKernel, geometry.sharedBytes());
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
    d.launch(planKernel, new int[] {1, 1, 1}, new int[] {geometry.planThreads(), 1, 1}, 0, stream, List.of(ptr(dLen),
        u32(requests), u32(heads), u32(numSms), u32(maxWork), ptr(work[0]), ptr(work[1]), ptr(work[2]), ptr(work[3]),
        ptr(dMerge), ptr(dInfo)));
    mark(marks, 1, stream);
    d.launch(decodeKernel, new int[] {geometry.headBlocks(heads), maxWork, 1}, new int[] {geometry.threads(), 1, 1},
        geometry.sharedBytes(), stream, List.of(decodeParams.get(copy)));
    mark(marks, 2, stream);
    d.launch(mergeKernel, new int[] {requests, (heads + MERGE_HEADS - 1) / MERGE_HEADS, 1},
        new int[] {MERGE_THREADS, 1, 1}, 0, stream,
        List.of(ptr(dPartialO), ptr(dPartialLse), ptr(dMerge), ptr(dO), ptr(dLse), u32(heads)));
    mark(marks, 3, stream);
  }

  private void mark(CudaDriver.Event[] marks, int i, CudaDriver.Stream stream) {
    if (marks != null && marks[i] != null) {
      d.record(marks[i], stream);
    }
  }

  /** After the launches have finished. */
  Outputs download() {
    int[] info = readInts(d.download(dInfo, 4 * PLAN_INFO_INTS));
    float[] o = in.shape.o().decode(d.download(dO, (int) oBytes));
    float[] lse = ElementType.FP32.decode(d.download(dLse, 4 * requests * heads));
    long unwritten = 0;
    for (float v : o) {
      unwritten += Float.isNaN(v) ? 1 : 0;
    }
    for (float v : lse) {
      unwritten += Float.isNaN(v) ? 1 : 0;
    }
    return new Outputs(info[0], info[1], o, lse, unwritten);
  }

  private long upload(byte[] data) {
    long p = alloc(data.length);
    d.upload(p, data);
    return p;
  }

  /** Encodes and uploads in slices of {@link #UPLOAD_SLICE} elements. */
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

  private static CudaDriver.Function entry(KernelRuntime.Prepared p, String kernel) {
    return p.kernels().entrySet().stream().filter(e -> e.getKey().contains("::" + kernel + "<")).findFirst()
        .orElseThrow(() -> new IllegalStateException(p.family() + "/" + p.variant() + " has no " + kernel)).getValue();
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
