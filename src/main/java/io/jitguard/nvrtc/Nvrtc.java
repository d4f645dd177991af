package io.jitguard.nvrtc;

import static org.bytedeco.cuda.global.nvrtc.NVRTC_ERROR_CANCELLED;
import static org.bytedeco.cuda.global.nvrtc.NVRTC_SUCCESS;
import static org.bytedeco.cuda.global.nvrtc.nvrtcAddNameExpression;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetBundledHeadersInfo;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBIN;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBINSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetErrorString;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetLoweredName;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetNumSupportedArchs;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTX;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTXSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetSupportedArchs;
import static org.bytedeco.cuda.global.nvrtc.nvrtcInstallBundledHeaders;
import static org.bytedeco.cuda.global.nvrtc.nvrtcSetFlowCallback;
import static org.bytedeco.cuda.global.nvrtc.nvrtcVersion;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.targets.SupportedTargets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.cuda.nvrtc.nvrtcBundledHeadersInfo;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The one class that touches JavaCPP's NVRTC API. Every status other than success becomes an
 * {@link NvrtcException} that carries the call, the program log and the options.
 */
public final class Nvrtc implements ProgramCompiler {
  private static Nvrtc instance;

  private final DriverLibrary driver;
  private final Optional<Path> libraryPath;
  private final NvrtcVersion version;
  private final ImmutableList<Integer> supportedArchs;

  private Nvrtc(DriverLibrary driver) {
    this.driver = driver;
    this.libraryPath = NativeLibraries.loadedPath("libnvrtc.so");
    int[] major = {0};
    int[] minor = {0};
    check("nvrtcVersion", nvrtcVersion(major, minor));
    this.version = new NvrtcVersion(major[0], minor[0]);
    int[] count = {0};
    check("nvrtcGetNumSupportedArchs", nvrtcGetNumSupportedArchs(count));
    int[] archs = new int[count[0]];
    check("nvrtcGetSupportedArchs", nvrtcGetSupportedArchs(archs));
    this.supportedArchs = java.util.Arrays.stream(archs).boxed().collect(ImmutableList.toImmutableList());
  }

  /**
   * Loads NVRTC once per process: the real driver or the placeholder first, then NVRTC itself.
   *
   * @throws NvrtcUnavailableException when the native libraries cannot be loaded
   */
  public static synchronized Nvrtc load() {
    if (instance == null) {
      DriverLibrary driver = NativeLibraries.loadDriver();
      io.jitguard.trace.PhaseTrace.mark("driver library loaded: " + driver.path());
      try {
        Loader.load(org.bytedeco.cuda.global.nvrtc.class);
      } catch (Throwable e) { // UnsatisfiedLinkError, or a class initialiser failing around it
        throw new NvrtcUnavailableException("cannot load NVRTC through JavaCPP: " + rootMessage(e), e);
      }
      instance = new Nvrtc(driver);
      io.jitguard.trace.PhaseTrace.mark("NVRTC library loaded");
    }
    return instance;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  public NvrtcVersion version() {
    return version;
  }

  public DriverLibrary driver() {
    return driver;
  }

  /** The file libnvrtc was loaded from, where the platform tells. */
  public Optional<Path> libraryPath() {
    return libraryPath;
  }

  public ImmutableList<Integer> supportedArchs() {
    return supportedArchs;
  }

  public SupportedTargets supportedTargets() {
    return new SupportedTargets("NVRTC " + version, supportedArchs);
  }

  /**
   * The headers this NVRTC carries, or empty before 13.3, when this build has none, or when they
   * cannot be read (NVRTC's builtins library missing beside it).
   */
  public Optional<BundledHeaders> bundledHeaders() {
    if (!version.atLeast(NvrtcVersion.BUNDLED_HEADERS)) {
      return Optional.empty();
    }
    try (PointerScope scope = new PointerScope()) {
      nvrtcBundledHeadersInfo info = new nvrtcBundledHeadersInfo();
      if (nvrtcGetBundledHeadersInfo(info, (BytePointer) null) != NVRTC_SUCCESS || info.available() == 0) {
        return Optional.empty();
      }
      return Optional.of(new BundledHeaders(info.cudaVersionMajor(), info.cudaVersionMinor(), info.numFiles(),
          info.uncompressedSize()));
    }
  }

  /** What {@code nvrtcGetBundledHeadersInfo} reports. */
  public record BundledHeaders(int cudaMajor, int cudaMinor, int files, long bytes) {}

  /** Writes the bundled headers into {@code dir} (which must not be shared with a concurrent writer). */
  public void installBundledHeaders(Path dir) {
    try (PointerScope scope = new PointerScope()) {
      BytePointer message = new BytePointer(4096);
      message.fill(0);
      int status = nvrtcInstallBundledHeaders(dir.toString(), 0, message);
      if (status != NVRTC_SUCCESS) {
        throw failure("nvrtcInstallBundledHeaders(" + dir + ")", status, message.getString().strip(), List.of());
      }
    }
  }

  /**
   * Compiles one program. A source that does not compile raises an {@link NvrtcException} whose
   * {@link NvrtcException#isCompilationError()} is true and whose log holds the diagnostics.
   */
  public NvrtcOutput compile(NvrtcProgram program) {
    if (program.timeoutMillis() > 0) {
      FlowDeadlines.init(); // its callback must be allocated outside the scope below, which frees what it holds
    }
    try (PointerScope scope = new PointerScope()) {
      _nvrtcProgram handle = new _nvrtcProgram();
      check("nvrtcCreateProgram", nvrtcCreateProgram(handle, new BytePointer(program.source()),
          new BytePointer(program.name()), 0, (PointerPointer<?>) null, (PointerPointer<?>) null),
          "", program.options());
      try {
        for (String expr : program.nameExpressions()) {
          check("nvrtcAddNameExpression(" + expr + ")", nvrtcAddNameExpression(handle, expr), "", program.options());
        }
        PointerPointer<BytePointer> opts = new PointerPointer<>(program.options().toArray(new String[0]));
        long start = System.nanoTime();
        long ticket = 0;
        if (program.timeoutMillis() > 0) {
          ticket = FlowDeadlines.register(start + program.timeoutMillis() * 1_000_000);
          check("nvrtcSetFlowCallback", nvrtcSetFlowCallback(handle, FlowDeadlines.CALLBACK, FlowDeadlines.payload(ticket)),
              "", program.options());
        }
        int status;
        try {
          status = nvrtcCompileProgram(handle, program.options().size(), opts);
        } finally {
          if (ticket != 0) {
            FlowDeadlines.release(ticket);
          }
        }
        long elapsed = System.nanoTime() - start;
        String log = programLog(handle);
        if (status == NVRTC_ERROR_CANCELLED) {
          throw new NvrtcException("nvrtcCompileProgram(" + program.name() + ")", status, "NVRTC_ERROR_CANCELLED",
              "cancelled: the compile took longer than its limit of " + program.timeoutMillis() + " ms (--timeout)\n"
                  + log, program.options());
        }
        check("nvrtcCompileProgram(" + program.name() + ")", status, log, program.options());

        ImmutableMap.Builder<String, String> lowered = ImmutableMap.builder();
        for (String expr : program.nameExpressions()) {
          BytePointer name = new BytePointer();
          check("nvrtcGetLoweredName(" + expr + ")", nvrtcGetLoweredName(handle, new BytePointer(expr), name),
              log, program.options());
          lowered.put(expr, name.getString());
        }
        Optional<byte[]> cubin = program.wantCubin() ? Optional.of(cubin(handle, program)) : Optional.empty();
        Optional<String> ptx = program.wantPtx() ? Optional.of(ptx(handle, program)) : Optional.empty();
        return new NvrtcOutput(log, cubin, ptx, lowered.build(), elapsed);
      } finally {
        nvrtcDestroyProgram(handle);
      }
    }
  }

  private byte[] cubin(_nvrtcProgram handle, NvrtcProgram program) {
    SizeTPointer size = new SizeTPointer(1);
    check("nvrtcGetCUBINSize", nvrtcGetCUBINSize(handle, size), "", program.options());
    byte[] bytes = new byte[(int) size.get()];
    check("nvrtcGetCUBIN", nvrtcGetCUBIN(handle, bytes), "", program.options());
    return bytes;
  }

  private String ptx(_nvrtcProgram handle, NvrtcProgram program) {
    SizeTPointer size = new SizeTPointer(1);
    check("nvrtcGetPTXSize", nvrtcGetPTXSize(handle, size), "", program.options());
    byte[] bytes = new byte[(int) size.get()];
    check("nvrtcGetPTX", nvrtcGetPTX(handle, bytes), "", program.options());
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  private static String programLog(_nvrtcProgram handle) {
    SizeTPointer size = new SizeTPointer(1);
    if (nvrtcGetProgramLogSize(handle, size) != NVRTC_SUCCESS || size.get() <= 1) {
      return "";
    }
    byte[] bytes = new byte[(int) size.get()];
    if (nvrtcGetProgramLog(handle, bytes) != NVRTC_SUCCESS) {
      return "";
    }
    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
  }

  private static void check(String call, int status) {
    check(call, status, "", List.of());
  }

  private static void check(String call, int status, String log, List<String> options) {
    if (status != NVRTC_SUCCESS) {
      throw failure(call, status, log, options);
    }
  }

  private static NvrtcException failure(String call, int status, String log, List<String> options) {
    BytePointer p = nvrtcGetErrorString(status); // a static string owned by NVRTC: never freed
    String name = p == null || p.isNull() ? "status " + status : p.getString();
    return new NvrtcException(call, status, name, log, options);
  }
}
