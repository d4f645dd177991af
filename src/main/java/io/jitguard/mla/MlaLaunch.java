package io.jitguard.mla;

import com.google.common.collect.ImmutableMap;
import io.jitguard.gpu.CudaDriver;
import io.jitguard.gpu.DeviceBuffer;
import io.jitguard.gpu.Element;
import io.jitguard.gpu.KernelArg;
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
  static final String PLAN_KERNEL = "plan_kernel";
  static final String DECODE_KERNEL = "decode_kernel";
  static final String MERGE_KERNEL = "merge_kernel";
  /** merge_kernel's block (mla_merge.cu): a float4 of a head's 512 columns a thread. */
  static final int MERGE_THREADS = 128;
  /** Work items the plan may add beyond one per request, per SM (plan.cuh needs max_work >= batch). */
  static final int EXTRA_WORK_PER_SM = 2;
  /** plan_info: number of work items, number of partial rows, chunk size, number of split requests. */
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
  private final KernelRuntime rt;
  private final CudaDriver d;
  private final int requests;
  private final int heads;
  private final int numSms;
  private final int maxWork;
  private final List<DeviceBuffer<?>> allocations = new ArrayList<>();
  private final List<DeviceBuffer<Element.I32>> work = new ArrayList<>();
  private final DeviceBuffer<Element.I32> dLen;
  private final DeviceBuffer<Element.I32> dMerge;
  private final DeviceBuffer<Element.I32> dMergeRequests;
  private final DeviceBuffer<Element.I32> dInfo;
  private final DeviceBuffer<?> dO;
  private final DeviceBuffer<Element.Fp32> dLse;
  private final DeviceBuffer<Element.Fp32> dPartialO;
  private final DeviceBuffer<Element.Fp32> dPartialLse;
  private final List<byte[]> decodeParams = new ArrayList<>();
  /** Blocks of the merge along the split requests (0: none can be split, no merge). */
  private int mergeSlots;

  MlaLaunch(KernelRuntime rt, MlaInputs in, int copies) {
    this.in = in;
    this.rt = rt;
    this.d = rt.driver();
    MlaRunner.Shape s = in.shape;
    this.requests = in.requests();
    this.heads = s.heads();
    this.numSms = d.gpu().multiprocessors();
    this.maxWork = requests + numSms * EXTRA_WORK_PER_SM;
    try {
      long dQn = upload(s.q(), in.qNope).address();
      long dQp = upload(s.q(), in.qPe).address();
      long[] dCkv = new long[copies];
      long[] dKpe = new long[copies];
      for (int c = 0; c < copies; c++) {
        dCkv[c] = upload(s.kv(), in.ckv).address();
        dKpe[c] = upload(s.kv(), in.kpe).address();
      }
      long dIndptr = keep(DeviceBuffer.of(d, Element.I32, ints(in.indptr))).address();
      long dPages = keep(DeviceBuffer.of(d, Element.I32, ints(in.pageIds))).address();
      dLen = keep(DeviceBuffer.of(d, Element.I32, ints(s.kvLen())));
      for (int i = 0; i < 4; i++) {
        work.add(keep(DeviceBuffer.allocate(d, Element.I32, maxWork)));
      }
      dMerge = keep(DeviceBuffer.allocate(d, Element.I32, requests + 1));
      dMergeRequests = keep(DeviceBuffer.allocate(d, Element.I32, Math.max(1, requests)));
      dInfo = keep(DeviceBuffer.allocate(d, Element.I32, PLAN_INFO_INTS));
      dO = keep(DeviceBuffer.allocate(d, element(s.o()), (long) requests * heads * MlaInputs.CKV));
      dLse = keep(DeviceBuffer.allocate(d, Element.FP32, (long) requests * heads));
      dPartialO = keep(DeviceBuffer.allocate(d, Element.FP32, (long) maxWork * heads * MlaInputs.CKV));
      dPartialLse = keep(DeviceBuffer.allocate(d, Element.FP32, (long) maxWork * heads));
      dO.fill(NAN_BYTE);
      dLse.fill(NAN_BYTE);
      dPartialO.fill(NAN_BYTE);
      decode = rt.prepare(DECODE_FAMILY, rt.instantiation(DECODE_FAMILY, ImmutableMap.of("DTypeQ", s.q().label(),
          "DTypeKV", s.kv().label(), "DTypeO", s.o().label(), "IdType", "i32")));
      merge = rt.prepare(MERGE_FAMILY, rt.instantiation(MERGE_FAMILY, ImmutableMap.of("DTypeO", s.o().label(),
          "IdType", "i32")));
      geometry = DecodeGeometry.read(d.readGlobal(decode.module(), DecodeGeometry.SYMBOL),
          decode.family() + "/" + decode.variant());
      int boxRows = geometry.tensorMaps() ? MlaParams.tensorMapBoxRows(s.pageSize(), geometry.tile()) : 0;
      for (int c = 0; c < copies; c++) {
        MlaParams.Pointers p = new MlaParams.Pointers(dQn, dQp, dCkv[c], dKpe[c], dIndptr, dPages, dLen.address(),
            work.get(0).address(), work.get(1).address(), work.get(2).address(), work.get(3).address(),
            dInfo.address(), dO.address(), dLse.address(), dPartialO.address(), dPartialLse.address());
        byte[] ckvMap = boxRows == 0 ? null : d.tensorMap16Bit(dCkv[c], MlaInputs.CKV, in.cacheRows(),
            MlaInputs.CKV * 2L, MlaParams.BOX_COLS, boxRows);
        byte[] kpeMap = boxRows == 0 ? null : d.tensorMap16Bit(dKpe[c], MlaInputs.KPE, in.cacheRows(),
            MlaInputs.KPE * 2L, MlaParams.BOX_COLS, boxRows);
        decodeParams.add(MlaParams.encode(p, heads, s.pageSize(), (float) s.smScale(), boxRows, ckvMap, kpeMap));
      }
      mergeSlots = geometry.splitRequestsBound(requests, heads, numSms, maxWork);
      d.allowDynamicSharedMemory(decode.kernel(decode.entryTemplate(DECODE_KERNEL)), geometry.sharedBytes());
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
    rt.launch(decode, PLAN_KERNEL, new int[] {1, 1, 1}, new int[] {geometry.planThreads(), 1, 1}, 0, stream,
        List.of(KernelArg.of(dLen), KernelArg.u32(requests), KernelArg.u32(heads), KernelArg.u32(numSms),
            KernelArg.u32(maxWork), KernelArg.of(work.get(0)), KernelArg.of(work.get(1)), KernelArg.of(work.get(2)),
            KernelArg.of(work.get(3)), KernelArg.of(dMerge), KernelArg.of(dMergeRequests), KernelArg.of(dInfo)));
    mark(marks, 1, stream);
    rt.launch(decode, DECODE_KERNEL, new int[] {geometry.headBlocks(heads), maxWork, 1},
        new int[] {geometry.threads(), 1, 1}, geometry.sharedBytes(), stream,
        List.of(KernelArg.struct(MlaParams.TYPE_NAME, decodeParams.get(copy))));
    mark(marks, 2, stream);
    if (mergeSlots > 0) { // else the plan splits no request: the decode wrote o and lse
      rt.launch(merge, MERGE_KERNEL, new int[] {heads, mergeSlots, 1}, new int[] {MERGE_THREADS, 1, 1}, 0, stream,
          mergeArguments());
    }
    mark(marks, 3, stream);
  }

  private void mark(CudaDriver.Event[] marks, int i, CudaDriver.Stream stream) {
    if (marks != null && marks[i] != null) {
      d.record(marks[i], stream);
    }
  }

  /** merge_kernel's arguments: the partial outputs and lse, the plan's merge_indptr, split requests and counts, o, lse, the heads. */
  List<KernelArg> mergeArguments() {
    return List.of(KernelArg.of(dPartialO), KernelArg.of(dPartialLse), KernelArg.of(dMerge),
        KernelArg.of(dMergeRequests), KernelArg.of(dInfo), KernelArg.of(dO), KernelArg.of(dLse), KernelArg.u32(heads));
  }

  /** After the launches have finished. */
  Outputs download() {
    int[] info = readInts(dInfo.download());
    float[] o = in.shape.o().decode(dO.download());
    float[] lse = ElementType.FP32.decode(dLse.download());
    long unwritten = 0;
    for (float v : o) {
      unwritten += Float.isNaN(v) ? 1 : 0;
    }
    for (float v : lse) {
      unwritten += Float.isNaN(v) ? 1 : 0;
    }
    return new Outputs(info[0], info[1], o, lse, unwritten);
  }

  /** Encodes and uploads in slices of {@link #UPLOAD_SLICE} elements. */
  private DeviceBuffer<?> upload(ElementType t, float[] values) {
    DeviceBuffer<?> b = keep(DeviceBuffer.allocate(d, element(t), values.length));
    for (int from = 0; from < values.length; from += UPLOAD_SLICE) {
      int to = Math.min(values.length, from + UPLOAD_SLICE);
      b.upload(from, t.encode(values, from, to));
    }
    return b;
  }

  /** The device buffers' element type of an MLA element type. */
  static Element<?> element(ElementType t) {
    return switch (t) {
      case BF16 -> Element.BF16;
      case FP16 -> Element.FP16;
      case FP32 -> Element.FP32;
    };
  }

  private <T> DeviceBuffer<T> keep(DeviceBuffer<T> b) {
    allocations.add(b);
    return b;
  }

  @Override
  public void close() {
    allocations.forEach(DeviceBuffer::close);
    allocations.clear();
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

}
