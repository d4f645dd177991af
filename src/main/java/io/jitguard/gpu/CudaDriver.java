package io.jitguard.gpu;

import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_CLOCK_RATE;
import static org.bytedeco.cuda.global.cudart.CU_EVENT_RECORD_EXTERNAL;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static org.bytedeco.cuda.global.cudart.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES;
import static org.bytedeco.cuda.global.cudart.CU_TENSOR_MAP_DATA_TYPE_UINT16;
import static org.bytedeco.cuda.global.cudart.CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE;
import static org.bytedeco.cuda.global.cudart.CU_TENSOR_MAP_INTERLEAVE_NONE;
import static org.bytedeco.cuda.global.cudart.CU_TENSOR_MAP_L2_PROMOTION_L2_256B;
import static org.bytedeco.cuda.global.cudart.CU_TENSOR_MAP_SWIZZLE_128B;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuCtxSynchronize;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetCount;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cuEventCreate;
import static org.bytedeco.cuda.global.cudart.cuEventElapsedTime;
import static org.bytedeco.cuda.global.cudart.cuEventRecord;
import static org.bytedeco.cuda.global.cudart.cuEventRecordWithFlags;
import static org.bytedeco.cuda.global.cudart.cuEventSynchronize;
import static org.bytedeco.cuda.global.cudart.cuFuncSetAttribute;
import static org.bytedeco.cuda.global.cudart.cuGetErrorName;
import static org.bytedeco.cuda.global.cudart.cuGraphDestroy;
import static org.bytedeco.cuda.global.cudart.cuGraphExecDestroy;
import static org.bytedeco.cuda.global.cudart.cuGraphInstantiate;
import static org.bytedeco.cuda.global.cudart.cuGraphLaunch;
import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuMemAlloc;
import static org.bytedeco.cuda.global.cudart.cuMemFree;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoH;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoD;
import static org.bytedeco.cuda.global.cudart.cuMemsetD8;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleGetGlobal;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuStreamBeginCapture;
import static org.bytedeco.cuda.global.cudart.cuStreamCreate;
import static org.bytedeco.cuda.global.cudart.cuStreamEndCapture;
import static org.bytedeco.cuda.global.cudart.cuStreamIsCapturing;
import static org.bytedeco.cuda.global.cudart.cuStreamSynchronize;
import static org.bytedeco.cuda.global.cudart.cuTensorMapEncodeTiled;

import com.google.common.collect.ImmutableList;
import io.jitguard.nvrtc.Nvrtc;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudart.CUtensorMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The one class that touches the CUDA driver API. It is used only where the real driver is loaded
 * (never with the placeholder, which has no entry points), and every status becomes a
 * {@link CudaDriverException} that names the call.
 */
public final class CudaDriver {
  /**
   * A GPU as the driver reports it, with the clocks a roofline is worked out from (0 where the driver
   * does not say).
   *
   * @param smClockKhz the multiprocessors' peak clock
   * @param memoryClockKhz the memory's peak clock (data moves on both edges)
   * @param memoryBusBits the width of the memory bus
   */
  public record Gpu(int ordinal, String name, int sm, int multiprocessors, int smClockKhz, int memoryClockKhz,
      int memoryBusBits) {}

  /** The driver's CUDA version and its GPUs. */
  public record DriverInfo(int cudaVersion, ImmutableList<Gpu> gpus) {
    /** {@code 13.0} from {@code 13000}. */
    public String cudaVersionText() {
      return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }
  }

  /** A driver call that did not succeed: the call and the status, by name. */
  public static final class CudaDriverException extends RuntimeException {
    private final int status;

    public CudaDriverException(String call, int status) {
      super(call + " failed: " + errorName(status) + " (" + status + ")");
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** A loaded module, a kernel in it, a stream: opaque handles of this context. */
  public record Module(CUmod_st handle) {}

  public record Function(CUfunc_st handle, String name) {}

  public record Stream(CUstream_st handle) {}

  public record Event(CUevent_st handle) {}

  private final Gpu gpu;

  private CudaDriver(Gpu gpu) {
    this.gpu = gpu;
  }

  /**
   * Asks the driver for its GPUs. Call only when {@code nvrtc.driver().realDriver()}.
   *
   * @throws CudaDriverException when a driver call fails (no GPU visible, driver too old, ...)
   */
  public static DriverInfo inspect(Nvrtc nvrtc) {
    requireRealDriver(nvrtc);
    check("cuInit", cuInit(0));
    int[] version = {0};
    check("cuDriverGetVersion", cuDriverGetVersion(version));
    int[] count = {0};
    check("cuDeviceGetCount", cuDeviceGetCount(count));
    ImmutableList.Builder<Gpu> gpus = ImmutableList.builder();
    for (int i = 0; i < count[0]; i++) {
      gpus.add(describe(i));
    }
    return new DriverInfo(version[0], gpus.build());
  }

  private static Gpu describe(int ordinal) {
    int[] dev = {0};
    check("cuDeviceGet", cuDeviceGet(dev, ordinal));
    byte[] name = new byte[256];
    check("cuDeviceGetName", cuDeviceGetName(name, name.length, dev[0]));
    int[] major = {0};
    int[] minor = {0};
    int[] sms = {0};
    check("cuDeviceGetAttribute", cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev[0]));
    check("cuDeviceGetAttribute", cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev[0]));
    check("cuDeviceGetAttribute", cuDeviceGetAttribute(sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev[0]));
    int smClock = attributeOrZero(CU_DEVICE_ATTRIBUTE_CLOCK_RATE, dev[0]);
    int memoryClock = attributeOrZero(CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE, dev[0]);
    int busBits = attributeOrZero(CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH, dev[0]);
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    return new Gpu(ordinal, new String(name, 0, len, StandardCharsets.UTF_8), major[0] * 10 + minor[0], sms[0],
        smClock, memoryClock, busBits);
  }

  /** An attribute a driver may no longer report (clocks): 0 then, not a failure. */
  private static int attributeOrZero(int attribute, int device) {
    int[] value = {0};
    return cuDeviceGetAttribute(value, attribute, device) == CUDA_SUCCESS ? value[0] : 0;
  }

  /** Makes GPU {@code ordinal}'s primary context current on this thread. */
  public static CudaDriver open(Nvrtc nvrtc, int ordinal) {
    requireRealDriver(nvrtc);
    check("cuInit", cuInit(0));
    Gpu gpu = describe(ordinal);
    int[] dev = {0};
    check("cuDeviceGet", cuDeviceGet(dev, ordinal));
    CUctx_st ctx = new CUctx_st();
    check("cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain(ctx, dev[0]));
    check("cuCtxSetCurrent", cuCtxSetCurrent(ctx));
    return new CudaDriver(gpu);
  }

  private static void requireRealDriver(Nvrtc nvrtc) {
    if (!nvrtc.driver().realDriver()) {
      throw new IllegalStateException("no NVIDIA driver on this machine (the CUDA driver is a placeholder)");
    }
  }

  public Gpu gpu() {
    return gpu;
  }

  public Module load(byte[] cubin) {
    CUmod_st module = new CUmod_st();
    check("cuModuleLoadData", cuModuleLoadData(module, new BytePointer(cubin)));
    return new Module(module);
  }

  public Function function(Module module, String loweredName) {
    CUfunc_st f = new CUfunc_st();
    check("cuModuleGetFunction(" + loweredName + ")", cuModuleGetFunction(f, module.handle(), loweredName));
    return new Function(f, loweredName);
  }

  /** The bytes of a {@code __device__} or {@code __constant__} variable of a module, by its (lowered) name. */
  public byte[] readGlobal(Module module, String name) {
    long[] ptr = {0};
    long bytes;
    try (SizeTPointer size = new SizeTPointer(1)) {
      check("cuModuleGetGlobal(" + name + ")", cuModuleGetGlobal(ptr, size, module.handle(), name));
      bytes = size.get();
    }
    return download(ptr[0], Math.toIntExact(bytes));
  }

  /** Lets launches of {@code f} use up to {@code bytes} of dynamic shared memory (past 48 KB needs this). */
  public void allowDynamicSharedMemory(Function f, int bytes) {
    check("cuFuncSetAttribute(" + f.name() + ", MAX_DYNAMIC_SHARED_SIZE_BYTES=" + bytes + ")",
        cuFuncSetAttribute(f.handle(), CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, bytes));
  }

  /**
   * A tensor map (the 128-byte descriptor of the bulk tensor copy engine, sm_90 on) of a row-major
   * matrix of 16-bit values at device address {@code base}: {@code rows} rows of {@code cols}
   * values, {@code rowBytes} apart; each copy moves a box of {@code boxRows} x {@code boxCols}
   * values into shared memory with the 128-byte swizzle. Rows outside the matrix read as zeros.
   */
  public byte[] tensorMap16Bit(long base, long cols, long rows, long rowBytes, int boxCols, int boxRows) {
    CUtensorMap map = new CUtensorMap();
    Pointer global = new Pointer() {
      {
        address = base;
      }
    };
    check("cuTensorMapEncodeTiled(" + rows + " x " + cols + ", box " + boxRows + " x " + boxCols + ")",
        cuTensorMapEncodeTiled(map, CU_TENSOR_MAP_DATA_TYPE_UINT16, 2, global, new long[] {cols, rows},
            new long[] {rowBytes}, new int[] {boxCols, boxRows}, new int[] {1, 1}, CU_TENSOR_MAP_INTERLEAVE_NONE,
            CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
            CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE /* out of bounds: zeros */));
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      out.putLong(map.opaque(i));
    }
    map.close();
    return out.array();
  }

  public long alloc(long bytes) {
    long[] ptr = {0};
    check("cuMemAlloc(" + bytes + ")", cuMemAlloc(ptr, Math.max(bytes, 1)));
    return ptr[0];
  }

  public void free(long ptr) {
    check("cuMemFree", cuMemFree(ptr));
  }

  public void upload(long dst, byte[] data) {
    try (BytePointer p = new BytePointer(data)) {
      check("cuMemcpyHtoD", cuMemcpyHtoD(dst, p, data.length));
    }
  }

  public byte[] download(long src, int bytes) {
    try (BytePointer p = new BytePointer(bytes)) {
      check("cuMemcpyDtoH", cuMemcpyDtoH(p, src, bytes));
      byte[] out = new byte[bytes];
      p.get(out);
      return out;
    }
  }

  public void fill(long dst, byte value, long bytes) {
    check("cuMemsetD8", cuMemsetD8(dst, value, bytes));
  }

  public Stream stream() {
    CUstream_st s = new CUstream_st();
    check("cuStreamCreate", cuStreamCreate(s, 1 /* non-blocking */));
    return new Stream(s);
  }

  public boolean isCapturing(Stream s) {
    int[] status = {0};
    check("cuStreamIsCapturing", cuStreamIsCapturing(s.handle(), status));
    return status[0] != 0;
  }

  public void beginCapture(Stream s) {
    check("cuStreamBeginCapture", cuStreamBeginCapture(s.handle(), 0 /* global */));
  }

  public void endCapture(Stream s) {
    check("cuStreamEndCapture", cuStreamEndCapture(s.handle(), new CUgraph_st()));
  }

  /** A captured CUDA graph, instantiated: launched whole with one call. */
  public record Graph(CUgraph_st graph, CUgraphExec_st exec) implements AutoCloseable {
    @Override
    public void close() {
      cuGraphExecDestroy(exec);
      cuGraphDestroy(graph);
    }
  }

  /**
   * What {@code work} queues on {@code s} (launches, event records), captured as a graph and
   * instantiated, not run. A stream a replay is launched on runs the whole graph with one host call,
   * as a serving loop replays its decode step.
   */
  public Graph capture(Stream s, Runnable work) {
    // this thread's calls alone are checked against the capture, not other threads' (a buffer freed elsewhere)
    check("cuStreamBeginCapture", cuStreamBeginCapture(s.handle(), 1 /* CU_STREAM_CAPTURE_MODE_THREAD_LOCAL */));
    CUgraph_st g = new CUgraph_st();
    try {
      work.run();
    } catch (RuntimeException e) {
      if (cuStreamEndCapture(s.handle(), g) == CUDA_SUCCESS && !g.isNull()) {
        cuGraphDestroy(g);
      }
      throw e;
    }
    check("cuStreamEndCapture", cuStreamEndCapture(s.handle(), g));
    CUgraphExec_st exec = new CUgraphExec_st();
    int status = cuGraphInstantiate(exec, g, 0);
    if (status != CUDA_SUCCESS) {
      cuGraphDestroy(g);
      check("cuGraphInstantiate", status);
    }
    return new Graph(g, exec);
  }

  public void launch(Graph g, Stream s) {
    check("cuGraphLaunch", cuGraphLaunch(g.exec(), s.handle()));
  }

  public void synchronize(Stream s) {
    check("cuStreamSynchronize", cuStreamSynchronize(s.handle()));
  }

  public void synchronize() {
    check("cuCtxSynchronize", cuCtxSynchronize());
  }

  public Event event() {
    CUevent_st e = new CUevent_st();
    check("cuEventCreate", cuEventCreate(e, 0));
    return new Event(e);
  }

  /**
   * Records {@code e} on {@code s}. On a stream being captured the record becomes a node of the graph
   * (CU_EVENT_RECORD_EXTERNAL), so each replay records it and it times the replay; a plain record
   * there would only order work within the capture, and the event would never complete.
   */
  public void record(Event e, Stream s) {
    if (s != null && isCapturing(s)) {
      check("cuEventRecordWithFlags", cuEventRecordWithFlags(e.handle(), s.handle(), CU_EVENT_RECORD_EXTERNAL));
      return;
    }
    check("cuEventRecord", cuEventRecord(e.handle(), s == null ? null : s.handle()));
  }

  /** Milliseconds between two recorded events, once the second has completed. */
  public float elapsedMillis(Event start, Event end) {
    check("cuEventSynchronize", cuEventSynchronize(end.handle()));
    float[] ms = {0};
    check("cuEventElapsedTime", cuEventElapsedTime(ms, start.handle(), end.handle()));
    return ms[0];
  }

  /**
   * Launches {@code f} with each parameter given as its bytes, in order. The bytes go into one native
   * buffer per thread, reused from launch to launch: a native allocation per parameter (the plan takes
   * 12) cost more host time than a small kernel takes on the GPU, so short launches waited on the host.
   * The array of their addresses is a {@link PointerPointer} passed as it is ({@code void**}): the
   * binding's other overload, {@code Pointer}, is {@code @ByPtrPtr} and would hand the driver the
   * address of that array's address (CUDA_ERROR_INVALID_VALUE).
   */
  public void launch(Function f, int[] grid, int[] block, int sharedBytes, Stream stream, List<byte[]> params) {
    LaunchScratch scratch = LAUNCH_SCRATCH.get().fill(params);
    check("cuLaunchKernel(" + f.name() + ")", cuLaunchKernel(f.handle(), grid[0], grid[1], grid[2], block[0],
        block[1], block[2], sharedBytes, stream == null ? null : stream.handle(), scratch.pointers,
        (PointerPointer<?>) null));
  }

  /** A thread's native copy of a launch's parameter values, and the array of their addresses cuLaunchKernel reads. */
  static final class LaunchScratch {
    /** Each value starts on this boundary, enough for any kernel parameter (a class aligned to 64 at most here). */
    private static final int ALIGN = 64;
    private BytePointer values = new BytePointer(4096);
    private PointerPointer<BytePointer> pointers = new PointerPointer<>(16);
    private long capacity = 4096;
    private long slots = 16;

    /** The parameters copied in, and the address array set to them. */
    LaunchScratch fill(List<byte[]> params) {
      long bytes = 0;
      for (byte[] p : params) {
        bytes += (p.length + ALIGN - 1) / ALIGN * ALIGN;
      }
      if (bytes > capacity) {
        values.close();
        capacity = Math.max(bytes, 2 * capacity);
        values = new BytePointer(capacity);
      }
      if (params.size() > slots) {
        pointers.close();
        slots = Math.max(params.size(), 2 * slots);
        pointers = new PointerPointer<>(slots);
      }
      long at = 0;
      for (int i = 0; i < params.size(); i++) {
        byte[] p = params.get(i);
        values.position(at).put(p, 0, p.length);
        pointers.put(i, values); // the address at the current position: values + at
        at += (p.length + ALIGN - 1) / ALIGN * ALIGN;
      }
      values.position(0);
      return this;
    }

    /** Parameter {@code i}'s bytes as the driver will read them, {@code length} of them (for tests). */
    byte[] read(int i, int length) {
      byte[] out = new byte[length];
      new BytePointer(pointers.get(i)).capacity(length).get(out);
      return out;
    }
  }

  private static final ThreadLocal<LaunchScratch> LAUNCH_SCRATCH = ThreadLocal.withInitial(LaunchScratch::new);

  static String errorName(int status) {
    BytePointer name = new BytePointer((Pointer) null);
    return cuGetErrorName(status, name) == CUDA_SUCCESS && !name.isNull() ? name.getString() : "CUresult " + status;
  }

  private static void check(String call, int status) {
    if (status != CUDA_SUCCESS) {
      throw new CudaDriverException(call, status);
    }
  }
}
